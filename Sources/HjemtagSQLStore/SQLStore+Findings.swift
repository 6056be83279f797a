import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func replaceFindings(scheme: Scheme, year: Int, _ findings: [Finding]) async throws {
        try await requireMigrated()
        try await transaction {
            let now = SQLStore.now()
            try await db.raw("UPDATE findings SET active = 0 WHERE scheme = \(bind: scheme.rawValue) AND year = \(bind: year)").run()
            for f in findings {
                let existing = try await rows(
                    "SELECT id FROM findings WHERE scheme = \(bind: scheme.rawValue) AND year = \(bind: year) AND kind = \(bind: f.kind) AND subject_key = \(bind: f.subjectKey)"
                )
                let cprs = f.cprs.map(\.digits).joined(separator: ",")
                if let row = existing.first {
                    let id = try row.decode(column: "id", as: Int.self)
                    try await db.raw(
                        """
                        UPDATE findings SET cprs = \(bind: cprs), amount_ore = \(bind: f.amount.ore), direction = \(bind: f.direction.rawValue),
                               text = \(bind: f.text), active = 1, updated_at = \(bind: now) WHERE id = \(bind: id)
                        """
                    ).run()
                } else {
                    try await db.raw(
                        """
                        INSERT INTO findings (scheme, year, kind, subject_key, cprs, amount_ore, direction, text, status, created_at, updated_at, active)
                        VALUES (\(bind: scheme.rawValue), \(bind: year), \(bind: f.kind), \(bind: f.subjectKey), \(bind: cprs), \(bind: f.amount.ore),
                                \(bind: f.direction.rawValue), \(bind: f.text), 'ny', \(bind: now), \(bind: now), 1)
                        """
                    ).run()
                }
            }
        }
    }

    static func storedFinding(_ r: StoredRow) throws -> StoredFinding {
        let f = Finding(
            scheme: try r.value("scheme", as: Scheme.self), year: try r.int("year"), kind: try r.text("kind"),
            subjectKey: try r.text("subject_key"), cprs: try r.cprList("cprs"), amount: try r.money("amount_ore"),
            direction: try r.value("direction", as: Finding.Direction.self), text: try r.text("text"))
        return StoredFinding(
            id: try r.int("id"), finding: f, status: try r.value("status", as: FindingStatus.self), note: try r.optionalText("note"),
            updatedBy: try r.optionalText("updated_by"), updatedAt: try r.text("updated_at"), active: try r.bool("active"),
            createdAt: try r.text("created_at"))
    }

    public func findings(scheme: Scheme?, year: Int?, includeInactive: Bool) async throws -> [StoredFinding] {
        try await requireMigrated()
        return try await locked {
            var q = SQLStore.findingFilter("SELECT * FROM findings", scheme: scheme, year: year, includeInactive: includeInactive)
            q.appendInterpolation(unsafeRaw: " ORDER BY amount_ore DESC, id")
            return try await rows(q, table: "findings", SQLStore.storedFinding)
        }
    }

    public func findings(scheme: Scheme?, year: Int?, limit: Int, offset: Int) async throws -> [StoredFinding] {
        try await requireMigrated()
        return try await locked {
            var q = SQLStore.findingFilter("SELECT * FROM findings", scheme: scheme, year: year, includeInactive: false)
            q.appendInterpolation(unsafeRaw: " ORDER BY amount_ore DESC, id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))")
            return try await rows(q, table: "findings", SQLStore.storedFinding)
        }
    }

    static func findingFilter(_ select: String, scheme: Scheme?, year: Int?, includeInactive: Bool) -> SQLQueryString {
        var q = SQLQueryString(select + " WHERE 1 = 1")
        if let scheme {
            q.appendInterpolation(unsafeRaw: " AND scheme = ")
            q.appendInterpolation(bind: scheme.rawValue)
        }
        if let year {
            q.appendInterpolation(unsafeRaw: " AND year = ")
            q.appendInterpolation(bind: year)
        }
        if !includeInactive { q.appendInterpolation(unsafeRaw: " AND active = 1") }
        return q
    }

    /// Active findings summed by direction, in the database.
    public func findingTotals(scheme: Scheme?, year: Int?) async throws -> FindingTotals {
        try await requireMigrated()
        return try await locked {
            var totals = FindingTotals()
            var q = SQLStore.findingFilter(
                "SELECT direction, COUNT(*) AS n, SUM(amount_ore) AS ore FROM findings", scheme: scheme, year: year, includeInactive: false)
            q.appendInterpolation(unsafeRaw: " GROUP BY direction")
            for r in try await rows(q, table: "findings", { $0 }) {
                totals.count += try r.int("n")
                switch try r.value("direction", as: Finding.Direction.self) {
                case .claim: totals.claim = try r.money("ore")
                case .payBack: totals.payBack = try r.money("ore")
                case .check: break
                }
            }
            return totals
        }
    }

    public func finding(id: Int) async throws -> StoredFinding? {
        try await locked {
            try await rows("SELECT * FROM findings WHERE id = \(bind: id)").first.map { try SQLStore.storedFinding(StoredRow($0, table: "findings")) }
        }
    }

    /// Sets the status, and writes who changed what to the audit log in the same transaction.
    public func setFindingStatus(id: Int, status: FindingStatus, note: String?, by: String) async throws {
        try await transaction {
            guard let found = try await rows("SELECT * FROM findings WHERE id = \(bind: id)").first else { return }
            let before = try SQLStore.storedFinding(StoredRow(found, table: "findings"))
            let f = before.finding
            try await insertAudit(
                by, .findingChanged, cpr: f.cprs.first, page: "fund nr. \(id)",
                purpose: "\(f.scheme.rawValue) \(f.year) \(f.kind): \(before.status.danishName) → \(status.danishName)"
                    + (note.map { "; note: \($0)" } ?? ""))
            try await db.raw(
                """
                UPDATE findings SET status = \(bind: status.rawValue), note = \(bind: note), updated_by = \(bind: by), updated_at = \(bind: SQLStore.now())
                WHERE id = \(bind: id)
                """
            ).run()
        }
    }
}
