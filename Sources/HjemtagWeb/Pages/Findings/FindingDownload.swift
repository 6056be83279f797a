import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
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

extension FindingPages {
    /// The auditor's pack for a scheme whose result is its findings: one finding, or a sample from a seed.
    func evidencePack(scheme: Scheme?, year: Int?, finding: Int?, sample: Int?, seed: UInt64?, by session: WebSession) async throws -> Response {
        guard let scheme, [.staircase, .resultGrant, .vat].contains(scheme), let year else {
            throw HTTPError(.badRequest, message: "Angiv ordning (trappe, resultattilskud eller moms) og år.")
        }
        let selection: EvidencePack.Selection = finding.map { .subjects([$0]) } ?? .sample(count: sample ?? 10, seed: seed ?? 1)
        let pack: EvidencePack
        do {
            pack = try await EvidencePack.findings(
                scheme: scheme, year: year, selection: selection, store: store, by: session.username, programVersion: HjemtagVersion.current,
                page: Route.findingEvidencePack.path())
        } catch let e as EvidencePack.PackError {
            throw HTTPError(.badRequest, message: e.description)
        }
        let data = try ZipWriter.data(pack.files.map { ($0.path, $0.data) })
        return Download.file(ByteBuffer(data: data), type: "application/zip", name: "revisionspakke-\(scheme.rawValue)-\(year).zip")
    }
}
