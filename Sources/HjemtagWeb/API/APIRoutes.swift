import Foundation
import Hummingbird
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// The JSON API under `/api/v1`. Same session as the pages; no session → 401, never a redirect.
struct APIRoutes: Sendable {
    let store: any Store

    struct ParameterJSON: Codable, ResponseEncodable {
        var id: String, title: String, unit: String
        var values: [DatedValue]
    }

    struct StatusJSON: Codable, ResponseEncodable {
        var kommune: String?
        var backend: String
        var imports: Int
        var postings: Int
    }

    /// A finding as the API lists it: CPR numbers masked, as in the page's list.
    struct FindingJSON: Codable, ResponseEncodable {
        var id: Int, scheme: String, year: Int, kind: String, persons: [String]
        var amount: String, direction: String, status: String, text: String
    }

    /// An audit-log line with the CPR number masked; the full number is only in the auditor's CSV.
    struct AuditJSON: Codable, ResponseEncodable {
        var at: String, user: String, action: String, person: String?, page: String?, purpose: String?
    }

    func register(on group: RouterGroup<AppContext>) {
        group.get("status") { _, context -> StatusJSON in
            try requireSession(context, .read)
            let k = try await store.ownMunicipality()
            return StatusJSON(kommune: k?.codeText, backend: store.backendName, imports: try await store.imports().count,
                              postings: try await store.postingCount())
        }
        group.get("imports") { _, context -> [ImportSummary] in
            try requireSession(context, .read)
            return try await store.imports()
        }
        group.get("parameters") { _, context -> [ParameterJSON] in
            try requireSession(context, .read)
            return try await store.parameterSet().definitions.values.sorted { $0.id < $1.id }
                .map { ParameterJSON(id: $0.id, title: $0.title, unit: $0.unit.rawValue, values: $0.values.sorted { $0.from < $1.from }) }
        }
        group.get("findings") { _, context -> [FindingJSON] in
            let session = try requireSession(context, .read)
            var visible: [FindingJSON] = []
            let sight = try await Access.sight(session, store: store)
            for f in try await store.findings(scheme: nil, year: nil, includeInactive: false) where sight.allows(f.finding) {
                visible.append(FindingJSON(id: f.id, scheme: f.finding.scheme.rawValue, year: f.finding.year, kind: f.finding.kind, persons: f.finding.cprs.map(\.masked),
                                           amount: f.finding.amount.danish, direction: f.finding.direction.rawValue, status: f.status.rawValue, text: f.finding.text))
            }
            return visible
        }
        group.get("audit") { _, context -> [AuditJSON] in
            try requireSession(context, .readAuditLog)
            return try await store.auditEntries(cpr: nil, username: nil, limit: 500).map { e in
                AuditJSON(at: e.at, user: e.username, action: e.action, person: e.cpr.flatMap { try? CPR(parsing: $0) }?.masked,
                          page: e.page, purpose: e.purpose)
            }
        }
    }
}

extension ImportSummary: ResponseEncodable {}
