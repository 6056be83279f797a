import Foundation
import HjemtagCore

/// Web users and the audit log of every look at a person's data.
public protocol AccessStore: Sendable {
    /// Creates a user; a name already taken is `StoreError.duplicateUser`.
    func createUser(username: String, passwordHash: String, role: Role, departments: [String]) async throws -> User
    /// Changes what a user change names (e-mail, active, password), written to the audit log with
    /// who did it in the same transaction; an unknown name is `StoreError.unknownUser`.
    func updateUser(_ username: String, _ change: UserChange, by: String) async throws
    /// The user with this name, or nil.
    func user(named: String) async throws -> User?
    /// Every user, by name.
    func users() async throws -> [User]
    /// Appends one line to the audit log (who, what, about whom, where, why).
    func appendAudit(username: String, action: AuditAction, cpr: CPR?, page: String?, purpose: String?) async throws
    /// The lines the filter lets through, newest first, a page at a time.
    func auditEntries(_ filter: AuditFilter, limit: Int, offset: Int) async throws -> [AuditEntry]
    /// How many lines the filter lets through.
    func auditCount(_ filter: AuditFilter) async throws -> Int
}

extension AccessStore {
    /// The newest lines, optionally about one citizen or by one user.
    public func auditEntries(cpr: CPR?, username: String?, limit: Int) async throws -> [AuditEntry] {
        try await auditEntries(AuditFilter(cpr: cpr, username: username), limit: limit, offset: 0)
    }

    public func appendAudit(username: String, action: AuditAction, page: String? = nil, purpose: String? = nil) async throws {
        try await appendAudit(username: username, action: action, cpr: nil, page: page, purpose: purpose)
    }
}
