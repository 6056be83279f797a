import HjemtagCore
import HjemtagStore

/// Who may see and do what: one place for pages, API and exports.
enum Access {
    /// A caseworker sees only subjects with expenses in one of their departments; the other
    /// roles see all departments.
    static func canSee(departments: some Collection<String>, _ session: WebSession) -> Bool {
        guard session.role == .sagsbehandler else { return true }
        return departments.contains { session.departments.contains($0) }
    }

    /// The auditor reads everything and changes nothing.
    static func canChangeFindings(_ session: WebSession) -> Bool { session.role != .revisor }
}

extension Access {
    /// A caseworker sees a citizen only when the citizen has postings in one of their departments.
    static func canSee(_ cpr: CPR, _ session: WebSession, store: any Store) async throws -> Bool {
        guard session.role == .sagsbehandler else { return true }
        return canSee(departments: Set(try await store.postings(cpr: cpr).compactMap(\.department)), session)
    }
}
