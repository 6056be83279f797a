import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func createUser(username: String, passwordHash: String, role: Role, departments: [String]) async throws -> User {
        try await requireMigrated()
        if let problem = UserName.problem(username) { throw StoreError.invalidUserName(problem) }
        return try await transaction {
            let existing = try await rows("SELECT id FROM users WHERE username = \(bind: username)")
            guard existing.isEmpty else { throw StoreError.duplicateUser(username) }
            try await db.raw(
                """
                INSERT INTO users (username, password_hash, role, departments, created_at, active)
                VALUES (\(bind: username), \(bind: passwordHash), \(bind: role.rawValue), \(bind: departments.joined(separator: ",")), \(bind: SQLStore.now()), 1)
                """
            ).run()
            return try SQLStore.user(StoredRow(try await rows("SELECT * FROM users WHERE username = \(bind: username)")[0], table: "users"))
        }
    }

    public func updateUser(_ username: String, _ change: UserChange, by: String) async throws {
        try await requireMigrated()
        if case .some(.some(let email)) = change.email, let problem = EmailAddress.problem(email) { throw StoreError.invalidEmail(problem) }
        try await transaction {
            guard try await !rows("SELECT id FROM users WHERE username = \(bind: username)").isEmpty else { throw StoreError.unknownUser(username) }
            if let email = change.email {
                try await db.raw("UPDATE users SET email = \(bind: email) WHERE username = \(bind: username)").run()
            }
            if let active = change.active {
                try await db.raw("UPDATE users SET active = \(bind: active ? 1 : 0) WHERE username = \(bind: username)").run()
            }
            if let hash = change.passwordHash {
                try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE username = \(bind: username)").run()
            }
            try await insertAudit(by, .userChanged, page: "bruger \(username)", purpose: change.described)
        }
    }

    public func user(named username: String) async throws -> User? {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT * FROM users WHERE username = \(bind: username)").first.map { try SQLStore.user(StoredRow($0, table: "users")) }
        }
    }

    public func users() async throws -> [User] {
        try await reading { try await rows("SELECT * FROM users ORDER BY username", table: "users", SQLStore.user) }
    }

    /// An unknown role is an error: a user must never get another role's rights by a typo.
    static func user(_ row: StoredRow) throws -> User {
        User(
            id: try row.int("id"), username: try row.text("username"), passwordHash: try row.text("password_hash"),
            role: try row.value("role", as: Role.self), departments: try row.text("departments").split(separator: ",").map(String.init),
            active: try row.bool("active"), email: try row.optionalText("email"))
    }

    public func appendAudit(username: String, action: AuditAction, cpr: CPR?, page: String?, purpose: String?) async throws {
        try await locked { try await insertAudit(username, action, cpr: cpr, page: page, purpose: purpose) }
    }

    /// An audit line inside a transaction that is already open (the store's lock is held): the
    /// change and its line are committed together, or neither is.
    func insertAudit(_ username: String, _ action: AuditAction, cpr: CPR? = nil, page: String?, purpose: String?) async throws {
        try await db.raw(
            """
            INSERT INTO audit_log (at, username, action, cpr, page, purpose)
            VALUES (\(bind: SQLStore.now()), \(bind: username), \(bind: action.rawValue), \(bind: cpr?.digits), \(bind: page), \(bind: purpose))
            """
        ).run()
    }

    public func auditEntries(_ filter: AuditFilter, limit: Int, offset: Int) async throws -> [AuditEntry] {
        try await reading {
            var q = SQLStore.auditFilter("SELECT * FROM audit_log", filter)
            q.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(max(1, limit)) OFFSET \(max(0, offset))")
            return try await rows(q, table: "audit_log") { r in
                AuditEntry(
                    id: try r.int("id"), at: try r.text("at"), username: try r.text("username"), action: try r.text("action"),
                    cpr: try r.optionalText("cpr"), page: try r.optionalText("page"), purpose: try r.optionalText("purpose"))
            }
        }
    }

    public func auditCount(_ filter: AuditFilter) async throws -> Int {
        try await reading {
            try await rows(SQLStore.auditFilter("SELECT COUNT(*) AS n FROM audit_log", filter), table: "audit_log") { try $0.int("n") }.first ?? 0
        }
    }

    /// The filter's conditions; a day range compares the ISO time's text, which sorts as time.
    static func auditFilter(_ select: String, _ f: AuditFilter) -> SQLQueryString {
        var q = SQLQueryString(select + " WHERE 1 = 1")
        if let cpr = f.cpr {
            q.appendInterpolation(unsafeRaw: " AND cpr = ")
            q.appendInterpolation(bind: cpr.digits)
        }
        if let username = f.username {
            q.appendInterpolation(unsafeRaw: " AND username = ")
            q.appendInterpolation(bind: username)
        }
        if let from = f.from {
            q.appendInterpolation(unsafeRaw: " AND at >= ")
            q.appendInterpolation(bind: from.iso)
        }
        if let to = f.to {
            q.appendInterpolation(unsafeRaw: " AND at < ")
            q.appendInterpolation(bind: to.adding(days: 1).iso)
        }
        return q
    }
}
