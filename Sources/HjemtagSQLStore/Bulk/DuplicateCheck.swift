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

/// The tables an import wrote to, each with whether its plain indexes are built after its rows
/// (it was empty, or the file is larger than what it held).
final class WrittenTables: Sendable {
    let state = Mutex([String: Bool]())
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
        var rebuilt = try await db.raw("SELECT 1 AS one FROM \(unsafeRaw: table) LIMIT 1").all().isEmpty
        if !rebuilt, table == "postings", expectedBytes > 0 {
            let stored = try await db.raw("SELECT n FROM row_counts WHERE name = 'postings'").all().first?.decode(column: "n", as: Int.self) ?? 0
            rebuilt = stored * Self.postingLineBytes <= expectedBytes
        }
        tables.state.withLock { $0[table] = rebuilt }
        return rebuilt
    }

    /// The import's rows whose content is already stored, from an earlier import or an earlier
    /// line of the same file: the first `limit` by line, and how many there are. Run after
    /// `finish()`, when the content-key indexes exist again.
    func duplicates(limit: Int) async throws -> (rows: [DuplicateRow], total: Int) {
        let written = tables.state.withLock { $0 }
        var found: [DuplicateRow] = []
        var total = 0
        for (table, rebuilt) in written.sorted(by: { $0.key < $1.key }) where ContentKeyedTable.all.contains(table) {
            // Where the index was built after the rows, one pass over it says whether any key
            // repeats at all, cheaper than probing it for each of the file's rows.
            if rebuilt {
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
