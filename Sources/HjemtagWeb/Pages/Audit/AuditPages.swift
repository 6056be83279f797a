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
    var filterUser: String
}

/// The audit log, for administrators and the auditor: who looked at which person, when and why.
struct AuditPages: Sendable {
    let store: any Store

    struct Search: Decodable {
        var cpr: String?
        var bruger: String?
    }

    /// The newest entries, or those found by a search. A search is a POST, so a CPR number searched
    /// for never travels in a URL (where proxies and browser history would keep it); searching for
    /// a citizen is itself a look at their data and is logged.
    func log(search: Search?, viewer session: WebSession) async throws -> Page {
        let cpr = search?.cpr.flatMap { $0.isEmpty ? nil : try? CPR(parsing: $0) }
        let user = search?.bruger.flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await store.auditEntries(cpr: cpr, username: user, limit: 500)
        if let cpr {
            try await store.appendAudit(
                username: session.username, action: "søg i logning", cpr: cpr, page: Route.searchAuditLog.path(), purpose: "kontrol af opslag")
        }
        let rows = entries.map { e in
            AuditContent.Entry(
                at: Danish.timestamp(e.at), user: e.username, action: e.action,
                cpr: e.cpr.flatMap { try? CPR(parsing: $0) }?.masked ?? "–", page: e.page ?? "", purpose: e.purpose ?? "")
        }
        return Page("Logning", section: .auditLog, AuditContent(entries: rows, empty: entries.isEmpty, filterUser: user ?? ""))
    }

    /// The audit log as Danish CSV for the auditor, with full CPR numbers; the export is itself logged.
    func export(by session: WebSession) async throws -> Response {
        let entries = try await store.auditEntries(cpr: nil, username: nil, limit: 1_000_000)
        var sheet = Sheet(name: "Logning", columns: ["Tidspunkt (UTC)", "Bruger", "Handling", "CPR", "Side", "Formål"])
        for e in entries {
            sheet.add([
                .text(e.at), .text(e.username), .text(e.action), .text(e.cpr.flatMap { try? CPR(parsing: $0) }?.formatted ?? ""),
                .text(e.page ?? ""), .text(e.purpose ?? ""),
            ])
        }
        try await store.appendAudit(
            username: session.username, action: "eksport af logning", cpr: nil, page: Route.exportAuditLog.path(),
            purpose: "\(entries.count) poster")
        return Download.csv(sheet, name: "hjemtag-logning.csv")
    }
}
