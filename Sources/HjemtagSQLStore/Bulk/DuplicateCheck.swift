import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit
import Synchronization

/// The tables whose rows carry a content key (`ContentKey`), so a row already stored, or
/// repeated in its own file, is found. Budget tables and positive lists are not among them: a
/// new file of those replaces the table (the newest import wins), it does not add to it.
enum ContentKeyedTable {
    static let all = [
        "postings", "households", "benefit_payments", "subsidised_periods", "yr_rows", "residence_episodes", "incoming_claims",
        "pension_grants", "integration_rows", "vat_registrations",
    ]
}

/// The tables an import wrote to, each with whether it held no rows when the import began.
final class WrittenTables: Sendable {
    let state = Mutex([String: Bool]())
}

extension BatchWriter {
    /// On the first write to `table`: whether it was empty, found once and remembered; nil on
    /// later writes.
    func firstWrite(to table: String) async throws -> Bool? {
        guard tables.state.withLock({ $0[table] == nil }) else { return nil }
        let empty = try await db.raw("SELECT 1 AS one FROM \(unsafeRaw: table) LIMIT 1").all().isEmpty
        tables.state.withLock { $0[table] = empty }
        return empty
    }

    /// The import's rows whose content is already stored, from an earlier import or an earlier
    /// line of the same file: the first `limit` by line, and how many there are. Run after
    /// `finish()`, when the content-key indexes exist again.
    func duplicates(limit: Int) async throws -> (rows: [DuplicateRow], total: Int) {
        let written = tables.state.withLock { $0 }
        var found: [DuplicateRow] = []
        var total = 0
        for (table, wasEmpty) in written.sorted(by: { $0.key < $1.key }) where ContentKeyedTable.all.contains(table) {
            // Into an empty table only the file itself can repeat a row: one pass over the index.
            if wasEmpty {
                let repeated = try await db.raw(
                    "SELECT content_key FROM \(unsafeRaw: table) GROUP BY content_key HAVING COUNT(*) > 1 LIMIT 1"
                ).all()
                if repeated.isEmpty { continue }
            }
            let counted = try await db.raw(
                """
                SELECT COUNT(*) AS n FROM \(unsafeRaw: table) n WHERE n.import_id = \(bind: importID)
                AND EXISTS (SELECT 1 FROM \(unsafeRaw: table) x WHERE x.content_key = n.content_key AND x.id < n.id)
                """
            ).all()
            let n = try counted.first?.decode(column: "n", as: Int.self) ?? 0
            guard n > 0 else { continue }
            total += n
            let rows = try await db.raw(
                """
                SELECT n.line AS line, o.import_id AS earlier_import, o.line AS earlier_line, i.file_name AS earlier_file
                FROM \(unsafeRaw: table) n
                JOIN \(unsafeRaw: table) o ON o.id = (SELECT MIN(x.id) FROM \(unsafeRaw: table) x WHERE x.content_key = n.content_key AND x.id < n.id)
                JOIN imports i ON i.id = o.import_id
                WHERE n.import_id = \(bind: importID) ORDER BY n.id LIMIT \(bind: max(0, limit - found.count))
                """
            ).all()
            for r in rows {
                let row = StoredRow(r, table: table)
                let earlier = try row.int("earlier_import")
                found.append(
                    DuplicateRow(
                        line: try row.int("line"), earlierImport: earlier == importID ? nil : earlier,
                        earlierFile: try row.text("earlier_file"), earlierLine: try row.int("earlier_line")))
            }
        }
        return (found.sorted { $0.line < $1.line }, total)
    }
}
