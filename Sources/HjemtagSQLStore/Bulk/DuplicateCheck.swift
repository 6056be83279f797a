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

/// The tables an import wrote to.
final class WrittenTables: Sendable {
    struct Table {
        /// Its plain indexes are built after its rows (it was empty, or the file is larger than
        /// what it held).
        var rebuilt: Bool
        /// The content keys of this import's rows, kept on PostgreSQL when the table was empty
        /// before, so a key repeated in the file is found without the server: there the one pass
        /// over the content index reads the heap as well, since the visibility map of rows
        /// written in the open transaction is not set (1,26 s of a 1 M import, 0,25 s after
        /// its commit; docs/PERFORMANCE.md). SQLite reads its index alone (1,2-1,5 s at 10 M,
        /// against a sort of 80 MB of keys), so it keeps none.
        var keys: [Int64]?
    }
    let state = Mutex([String: Table]())

    /// Adds the content keys of a batch written to `table` (the last of its `columns`), if its
    /// keys are kept.
    func noteKeys(of rows: [[BatchWriter.Value]], columns: [String], in table: String) {
        guard columns.last == "content_key", state.withLock({ $0[table]?.keys != nil }) else { return }
        let keys = rows.compactMap { row -> Int64? in if case .int64(let key?) = row.last { key } else { nil } }
        state.withLock { $0[table]?.keys?.append(contentsOf: keys) }
    }
}

extension WrittenTables.Table {
    /// Whether the kept keys show that no row of the table repeats another (nil: not kept).
    var keysAllDistinct: Bool? {
        guard var keys else { return nil }
        keys.sort()
        for i in keys.indices.dropFirst() where keys[i] == keys[i - 1] { return false }
        return true
    }
}

extension BatchWriter {
    /// A posting's line in a ledger file is about 100 bytes (the canonical layout's is 90-100).
    static let postingLineBytes = 100

    /// On the first write to `table`: whether its plain indexes are to be built after the rows,
    /// decided once and remembered; nil on later writes. So they are for an empty table, and for
    /// the postings when the file holds about as many rows as the table or more: the robot's
    /// first night takes the small ledger files in before Copenhagen's ten million
    /// (`posteringer-….csv` sorts first), and kept row by row those indexes made the large
    /// file's import 189 s instead of about 50 (issue 22 § 5).
    func firstWrite(to table: String) async throws -> Bool? {
        guard tables.state.withLock({ $0[table] == nil }) else { return nil }
        let empty = try await db.raw("SELECT 1 AS one FROM \(unsafeRaw: table) LIMIT 1").all().isEmpty
        var rebuilt = empty
        if !rebuilt, table == "postings", expectedBytes > 0 {
            let stored = try await db.raw("SELECT n FROM row_counts WHERE name = 'postings'").all().first?.decode(column: "n", as: Int.self) ?? 0
            rebuilt = stored * Self.postingLineBytes <= expectedBytes
        }
        let keepsKeys = empty && postgres != nil && ContentKeyedTable.all.contains(table)
        tables.state.withLock { $0[table] = WrittenTables.Table(rebuilt: rebuilt, keys: keepsKeys ? [] : nil) }
        if !rebuilt, sqlite != nil { try await db.raw(WriterCache.pragma(kib: WriterCache.keptIndexesKiB)).run() }
        return rebuilt
    }

    /// The import's rows whose content is already stored, from an earlier import or an earlier
    /// line of the same file: the first `limit` by line, and how many there are. Run after
    /// `finish()`, when the content-key indexes exist again.
    func duplicates(limit: Int) async throws -> (rows: [DuplicateRow], total: Int) {
        let written = tables.state.withLock { $0 }
        var found: [DuplicateRow] = []
        var total = 0
        for (table, written) in written.sorted(by: { $0.key < $1.key }) where ContentKeyedTable.all.contains(table) {
            // A table empty before, whose keys were kept: only the file's own rows can repeat.
            if written.keysAllDistinct == true { continue }
            // Where the index was built after the rows, one pass over it says whether any key
            // repeats at all, cheaper than probing it for each of the file's rows.
            if written.rebuilt {
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
