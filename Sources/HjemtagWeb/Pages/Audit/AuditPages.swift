import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagStore
import Hummingbird

struct AuditContent: PageContent {
    static let template = Template.audit
    struct Entry: Sendable { let at: String, user: String, action: String, cpr: String, page: String, purpose: String }
    var entries: [Entry]
    var empty: Bool
    /// What the form was filled with, so a new page keeps the search.
    var filterCPR: String
    var filterUser: String
    var filterFrom: String
    var filterTo: String
    /// "Viser 101–200 af 2.345 poster", or the citizen's heading when searching for one.
    var shown: String
    var citizen: String?
    var previousPage: Int?
    var nextPage: Int?
}

/// The audit log, for administrators and the auditor: who looked at which person, when and why.
struct AuditPages: Sendable {
    let store: any Store
    /// Lines on one page of the log; the CSV export has them all.
    static let pageSize = 100

    struct Search: Decodable {
        var cpr: String?
        var bruger: String?
        var fra: String?
        var til: String?
        var side: Int?
    }

    /// A search as the log reads it; a field that cannot be read is an error with its reason (an
    /// empty filter in its place would show the whole log as if it were the answer).
    struct Query {
        var filter = AuditFilter()
        var page = 1

        init(_ search: Search?) throws {
            guard let search else { return }
            if let raw = Self.given(search.cpr) {
                do { filter.cpr = try CPR(parsing: raw) } catch {
                    throw HTTPError(.badRequest, message: "Søgningen er ikke udført: \(error.description). Skriv CPR-nummeret som 010190-1234.")
                }
            }
            filter.username = Self.given(search.bruger)
            filter.from = try Self.day(search.fra, "Fra")
            filter.to = try Self.day(search.til, "Til")
            if let from = filter.from, let to = filter.to, to < from {
                throw HTTPError(.badRequest, message: "Søgningen er ikke udført: til-datoen \(to.danish) ligger før fra-datoen \(from.danish).")
            }
            page = max(1, search.side ?? 1)
        }

        private static func given(_ text: String?) -> String? {
            guard let t = text?.trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
            return t
        }

        private static func day(_ text: String?, _ name: String) throws -> Day? {
            guard let raw = given(text) else { return nil }
            guard let day = Day(parsing: raw) else {
                throw HTTPError(.badRequest, message: "Søgningen er ikke udført: \(name)-datoen '\(raw)' er ikke en dato (skriv fx 2026-11-30).")
            }
            return day
        }
    }

    /// The newest lines, a page at a time, or those a search finds. A search is a POST, so a CPR
    /// number searched for never travels in a URL (where proxies and browser history would keep
    /// it); asking who has looked at a citizen is itself a look at their data and is logged.
    func log(search: Search?, viewer session: WebSession) async throws -> Page {
        let query = try Query(search)
        let total = try await store.auditCount(query.filter)
        let lastPage = Paging.count(total, size: Self.pageSize)
        let page = min(query.page, lastPage)
        let entries = try await store.auditEntries(query.filter, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        if let cpr = query.filter.cpr {
            try await store.appendAudit(
                username: session.username, action: .searchAuditLog, cpr: cpr, page: Route.searchAuditLog.path(), purpose: "kontrol af opslag")
        }
        let rows = entries.map { e in
            AuditContent.Entry(
                at: Danish.timestamp(e.at), user: e.username, action: e.action,
                cpr: e.cpr.flatMap { try? CPR(parsing: $0) }?.masked ?? "–", page: e.page ?? "", purpose: e.purpose ?? "")
        }
        let first = (page - 1) * Self.pageSize + 1
        let shown =
            total == 0
            ? "Ingen poster."
            : "Viser \(Danish.integer(first))–\(Danish.integer(first + entries.count - 1)) af \(DanishFormat.count(total, "post", "poster"))."
        let citizen = query.filter.cpr.map { "Hvem har set eller ændret data om \($0.masked)" }
        let f = query.filter
        return Page(
            "Logning", section: .auditLog,
            AuditContent(
                entries: rows, empty: entries.isEmpty, filterCPR: f.cpr?.formatted ?? "", filterUser: f.username ?? "",
                filterFrom: f.from?.iso ?? "", filterTo: f.to?.iso ?? "", shown: shown, citizen: citizen,
                previousPage: page > 1 ? page - 1 : nil, nextPage: page < lastPage ? page + 1 : nil))
    }

    /// The audit log as Danish CSV for the auditor, with full CPR numbers; the export is itself logged.
    func export(by session: WebSession) async throws -> Response {
        let entries = try await store.auditEntries(AuditFilter(), limit: Int.max / 2, offset: 0)
        var sheet = Sheet(name: "Logning", columns: ["Tidspunkt (UTC)", "Bruger", "Handling", "CPR", "Side", "Formål"])
        for e in entries {
            sheet.add([
                .text(e.at), .text(e.username), .text(e.action), .text(e.cpr.flatMap { try? CPR(parsing: $0) }?.formatted ?? ""),
                .text(e.page ?? ""), .text(e.purpose ?? ""),
            ])
        }
        try await store.appendAudit(
            username: session.username, action: .exportAuditLog, page: Route.exportAuditLog.path(), purpose: "\(entries.count) poster")
        return Download.csv(sheet, name: "hjemtag-logning.csv")
    }
}
