import Foundation
import NIOCore
import PostgresNIO

extension SQLStore {
    /// Inserts many rows inside the caller's transaction (or lock): on SQLite through one
    /// prepared statement (`SQLiteRowInserter`), on PostgreSQL by COPY, into a temporary table
    /// first when `onConflict` (an `ON CONFLICT …` clause) must decide about rows already there.
    /// SQLKit's generic binds cost more than the database's own work on a run's subjects.
    func bulkInsert(_ table: String, _ columns: [String], _ rows: [[BatchWriter.Value]], onConflict: String? = nil) async throws {
        guard !rows.isEmpty else { return }
        if let sqlite = sqliteConnection {
            if let inserter = SQLiteRowInserter(connection: sqlite) {
                defer { inserter.close() }
                try inserter.insert(table, columns, rows, onConflict: onConflict ?? "")
                return
            }
            // The driver's way when the inserter cannot reach the connection (see its comment),
            // in statements within SQLite's limit of 32.766 values.
            let perStatement = max(1, SQLiteRowInserter.valuesPerStatement / columns.count)
            for start in stride(from: 0, to: rows.count, by: perStatement) {
                let chunk = rows[start..<min(start + perStatement, rows.count)]
                let sql = SQLiteRowInserter.sql(table, columns, rows: chunk.count, onConflict ?? "")
                let _: Void = try await sqlite.query(sql, chunk.flatMap { $0.map(\.sqlite) }) { _ in }
            }
            return
        }
        guard let postgres = postgresConnection else { return }
        let target = onConflict == nil ? table : table + "_nye"
        if onConflict != nil { try await exec("CREATE TEMPORARY TABLE \(target) (LIKE \(table)) ON COMMIT DROP") }
        for start in stride(from: 0, to: rows.count, by: 10_000) {
            let buffer = BatchWriter.Value.copyText(rows[start..<min(start + 10_000, rows.count)])
            try await postgres.copyFrom(table: target, columns: columns, logger: SQLStore.driverLogger) { try await $0.write(buffer) }
        }
        if let onConflict {
            let list = columns.joined(separator: ", ")
            try await exec("INSERT INTO \(table) (\(list)) SELECT \(list) FROM \(target) \(onConflict)")
            try await exec("DROP TABLE \(target)")
        }
    }
}
