import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagStore
import Hummingbird

extension FindingPages {
    /// Every finding the filters let through (not only the page shown), in the list's order, as
    /// XLSX or Danish CSV. Full CPR numbers, so the download is written to the audit log with its
    /// filters and count; a caseworker's download holds only their own citizens.
    func download(_ filter: FindingFilter, format: String?, by session: WebSession) async throws -> Response {
        let csv = format == "csv"
        guard csv || format == nil || format == "xlsx" else {
            throw HTTPError(.badRequest, message: "Ukendt format: \(format ?? ""); vælg xlsx eller csv.")
        }
        let sight = try await Access.sight(session, store: store)
        let query = try await storeQuery(filter, sight: sight)
        let all = try await store.findings(query, limit: Int.max / 2, offset: 0).findings
        let filters = filter.query()
        try await store.appendAudit(
            username: session.username, action: .export, cpr: nil, page: Route.exportFindings.path(),
            purpose: "eksport af \(DanishFormat.count(all.count, "fund", "fund")) med CPR" + (filters.isEmpty ? "" : " (\(filters))"))
        let sheet = FindingExport.sheet(all)
        return csv ? Download.csv(sheet, name: "fund.csv") : try Download.xlsx([sheet], name: "fund.xlsx")
    }
}
