import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    /// The settings key counting retention deletions that removed rows.
    static let retentionDeletionsKey = "opbevaring.sletninger"

    public func recordComputation(_ c: StoredComputation) async throws {
        try await requireMigrated()
        let year = c.year ?? 0
        try await transaction {
            try await db.raw("DELETE FROM computations WHERE scheme = \(bind: c.scheme.rawValue) AND year = \(bind: year)").run()
            try await db.raw(
                """
                INSERT INTO computations (scheme, year, computed_at, computed_by, inputs)
                VALUES (\(bind: c.scheme.rawValue), \(bind: year), \(bind: c.computedAt), \(bind: c.computedBy), \(bind: try SQLStore.encode(c.inputs)))
                """
            ).run()
        }
    }

    /// What each computation was made from, read on every page that says whether a result is
    /// stale: 2 % of the worklist under load when decoded on each view (issue 22 § 4).
    static let computationInputs = DecodedJSONCache<ComputationInputs>(limit: 1_024)

    public func computations() async throws -> [StoredComputation] {
        try await requireMigrated()
        return try await reading {
            try await keptInput(computationsKept) {
                try await rows("SELECT * FROM computations ORDER BY scheme, year", table: "computations") { r in
                    let year = try r.int("year")
                    return StoredComputation(
                        scheme: try r.value("scheme", as: Scheme.self), year: year == 0 ? nil : year, computedAt: try r.text("computed_at"),
                        computedBy: try r.text("computed_by"),
                        inputs: try r.json("inputs", as: ComputationInputs.self, cache: SQLStore.computationInputs)
                    )
                }
            }
        }
    }

    public func retentionDeletions() async throws -> Int {
        Int(try await setting(SQLStore.retentionDeletionsKey) ?? "0") ?? 0
    }

    /// The same, inside the caller's transaction or lock (`retentionDeletions` reads beside it).
    func countedRetentionDeletions() async throws -> Int {
        let current = try await rows("SELECT value FROM settings WHERE key = \(bind: SQLStore.retentionDeletionsKey)").first
        return try current.map { Int(try $0.decode(column: "value", as: String.self)) ?? 0 } ?? 0
    }

    /// Counts a deletion that removed rows, inside the deletion's transaction.
    func countRetentionDeletion() async throws {
        let n = try await countedRetentionDeletions() + 1
        try await db.raw("DELETE FROM settings WHERE key = \(bind: SQLStore.retentionDeletionsKey)").run()
        try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: SQLStore.retentionDeletionsKey), \(bind: String(n)))").run()
    }
}
