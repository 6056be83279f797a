import Foundation
import HjemtagCore

/// Web users and the audit log of every look at a person's data.
public protocol AccessStore: Sendable {
    /// Creates a user; a name already taken is `StoreError.duplicateUser`.
    func createUser(username: String, passwordHash: String, role: Role, departments: [String]) async throws -> User
    /// The user with this name, or nil.
    func user(named: String) async throws -> User?
    /// Every user, by name.
    func users() async throws -> [User]
    /// Appends one line to the audit log (who, what, about whom, where, why).
    func appendAudit(username: String, action: String, cpr: CPR?, page: String?, purpose: String?) async throws
    /// The newest audit lines first, optionally about one citizen or by one user.
    func auditEntries(cpr: CPR?, username: String?, limit: Int) async throws -> [AuditEntry]
}
