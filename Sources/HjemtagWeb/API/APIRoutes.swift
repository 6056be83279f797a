import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Hummingbird

/// The JSON API under `/api/v1`. Same session as the pages; the route table answers 401 without
/// one and 403 for a role without the route's permission, before any of these run.
struct APIRoutes: Sendable {
    let store: any Store

    func status() async throws -> APIModels.Status {
        let k = try await store.ownMunicipality()
        return APIModels.Status(
            kommune: k?.codeText, backend: store.backendName, imports: try await store.imports().count,
            postings: try await store.postingCount())
    }

    func imports() async throws -> [ImportSummary] { try await store.imports() }

    func parameters() async throws -> [APIModels.Parameter] {
        try await store.parameterSet().definitions.values.sorted { $0.id < $1.id }
            .map { APIModels.Parameter(id: $0.id, title: $0.title, unit: $0.unit.rawValue, values: $0.values.sorted { $0.from < $1.from }) }
    }

    func findings(viewer session: WebSession) async throws -> [APIModels.Finding] {
        let sight = try await Access.sight(session, store: store)
        return try await store.findings(scheme: nil, year: nil, includeInactive: false).filter { sight.allows($0.finding) }.map { f in
            APIModels.Finding(
                id: f.id, scheme: f.finding.scheme.rawValue, year: f.finding.year, kind: f.finding.kind, persons: f.finding.cprs.map(\.masked),
                amount: f.finding.amount.danish, direction: f.finding.direction.rawValue, status: f.status.rawValue, text: f.finding.text)
        }
    }

    func audit() async throws -> [APIModels.Audit] {
        try await store.auditEntries(cpr: nil, username: nil, limit: 500).map { e in
            APIModels.Audit(
                at: e.at, user: e.username, action: e.action, person: e.cpr.flatMap { try? CPR(parsing: $0) }?.masked,
                page: e.page, purpose: e.purpose)
        }
    }
}
