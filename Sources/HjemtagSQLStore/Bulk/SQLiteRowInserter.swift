import Foundation
import HjemtagCore
import SQLiteNIO
// sqlite-nio's own build of SQLite (its symbols carry the prefix `sqlite_nio_`). The inserter must
// use this copy and no other: two copies of SQLite in one process do not share their file locks
// (sqlite.org/howtocorrupt.html, 2.2.1).
import VaporCSQLite

/// Writes an import's rows through one prepared single-row INSERT per table, kept for the whole
/// import, on the store's own SQLite connection (so the rows are inside the import's transaction);
/// a table with a trigger a thousand rows to a statement (`rowsPerTriggeredStatement`).
///
/// sqlite-nio prepares every query anew and has no statement reuse: the 1.000-row INSERT of a
/// batch cost SQLite's parser a seventh of an import's time, its multi-row form a statement
/// journal, and its bind values a `String` each (docs/PERFORMANCE.md). The connection handle is
/// sqlite-nio's internal property, found by reflection; `SQLiteRowInserter(connection:)` is nil if
/// a later sqlite-nio moves it, the import then goes the driver's way, and a store test fails so
/// nobody loses the speed unknowingly.
///
/// Used from one import at a time (the store's lock), one batch at a time. The connection
/// is opened in SQLite's serialized mode (sqlite-nio passes `SQLITE_OPEN_FULLMUTEX`), so a call
/// here and one through the driver can never interleave inside SQLite.
final class SQLiteRowInserter: @unchecked Sendable {
    private let handle: OpaquePointer
    /// Prepared statements by their SQL, finalised by `close()`.
    private var statements: [String: OpaquePointer] = [:]
    /// Whether each table written to has a trigger (`rowsPerTriggeredStatement`).
    private var triggered: [String: Bool] = [:]
    private let lock = NSLock()

    init?(connection: SQLiteConnection) {
        guard let raw = SQLiteRowInserter.handle(of: connection) else { return nil }
        handle = raw
    }

    /// sqlite-nio's `sqlite3*` for the connection (its internal `handle.raw`); nil if it moved.
    static func handle(of connection: SQLiteConnection) -> OpaquePointer? {
        Mirror(reflecting: connection).descendant("handle", "raw") as? OpaquePointer
    }

    deinit { close() }

    /// Inserts `rows` (each in `columns`' order) into `table`. On an error the statement is reset
    /// (the `defer`) and the error thrown; the caller's transaction decides what stays.
    func insert(_ table: String, _ columns: [String], _ rows: [[BatchWriter.Value]], ignoringDuplicates: Bool) throws {
        try insert(table, columns, rows, onConflict: ignoringDuplicates ? "ON CONFLICT DO NOTHING" : "")
    }

    /// The same with an upsert clause (`ON CONFLICT (…) DO UPDATE SET …`) after the values.
    func insert(_ table: String, _ columns: [String], _ rows: [[BatchWriter.Value]], onConflict: String) throws {
        lock.lock()
        defer { lock.unlock() }
        let perStatement = try hasTriggers(table) ? max(1, min(Self.rowsPerTriggeredStatement, Self.valuesPerStatement / columns.count)) : 1
        var start = 0
        if perStatement > 1, rows.count >= perStatement {
            let statement = try prepared(Self.sql(table, columns, rows: perStatement, onConflict))
            while rows.count - start >= perStatement {
                try step(rows[start..<start + perStatement], in: statement)
                start += perStatement
            }
        }
        let rest = rows[start...]
        guard !rest.isEmpty else { return }
        if perStatement > 1 {
            // The rest in one statement of its own size, not kept: its size is this call's alone.
            var statement: OpaquePointer?
            let result = sqlite_nio_sqlite3_prepare_v2(handle, Self.sql(table, columns, rows: rest.count, onConflict), -1, &statement, nil)
            guard result == SQLITE_OK, let statement else { throw failure(result) }
            defer { sqlite_nio_sqlite3_finalize(statement) }
            try step(rest, in: statement)
            return
        }
        let statement = try prepared(Self.sql(table, columns, rows: 1, onConflict))
        for row in rest { try step([row], in: statement) }
    }

    /// A table with a trigger gets its rows `rowsPerTriggeredStatement` to a statement: SQLite
    /// gives every statement that fires a trigger its own statement journal, so a single-row
    /// INSERT copied each page it touched (the table's, its indexes', the counter the trigger
    /// raises) once per row. 100.000 findings took 3,46 s one to a statement and 0,72 s a thousand
    /// to one (docs/PERFORMANCE.md § 5). A table without one keeps the single-row statement,
    /// which has no journal at all and was the fastest (0,74 s against 1,02 s).
    static let rowsPerTriggeredStatement = 1000
    /// SQLite's default limit of bound values in one statement (this build allows more).
    static let valuesPerStatement = 32_766

    /// `INSERT INTO table (columns) VALUES (?,…),…` for `rows` rows, then `onConflict`: the
    /// inserter's statements and the driver's way when the inserter cannot be had.
    static func sql(_ table: String, _ columns: [String], rows: Int, _ onConflict: String) -> String {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        return "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES "
            + Array(repeating: tuple, count: rows).joined(separator: ",") + " " + onConflict
    }

    /// Binds `rows` one after the other into `statement`'s parameters and runs it once. On an
    /// error the statement is reset and the error thrown; the caller's transaction decides what stays.
    private func step(_ rows: ArraySlice<[BatchWriter.Value]>, in statement: OpaquePointer) throws {
        defer {
            sqlite_nio_sqlite3_reset(statement)
            sqlite_nio_sqlite3_clear_bindings(statement)
        }
        var index: Int32 = 1
        for row in rows {
            for value in row {
                try check(bind(value, at: index, in: statement))
                index += 1
            }
        }
        let stepped = sqlite_nio_sqlite3_step(statement)
        guard stepped == SQLITE_DONE else { throw failure(stepped) }
    }

    /// Whether `table` has a trigger, asked once per table.
    private func hasTriggers(_ table: String) throws -> Bool {
        if let known = triggered[table] { return known }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v2(
            handle, "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?1 LIMIT 1", -1, &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result) }
        defer { sqlite_nio_sqlite3_finalize(statement) }
        try check(bind(.text(table), at: 1, in: statement))
        let stepped = sqlite_nio_sqlite3_step(statement)
        guard stepped == SQLITE_ROW || stepped == SQLITE_DONE else { throw failure(stepped) }
        triggered[table] = stepped == SQLITE_ROW
        return stepped == SQLITE_ROW
    }

    /// Finalises the prepared statements; a connection with statements left cannot be closed.
    func close() {
        lock.lock()
        defer { lock.unlock() }
        for statement in statements.values { sqlite_nio_sqlite3_finalize(statement) }
        statements = [:]
    }

    private func prepared(_ sql: String) throws -> OpaquePointer {
        if let statement = statements[sql] { return statement }
        var statement: OpaquePointer?
        let result = sqlite_nio_sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
        guard result == SQLITE_OK, let statement else { throw failure(result) }
        statements[sql] = statement
        return statement
    }

    private func bind(_ value: BatchWriter.Value, at index: Int32, in statement: OpaquePointer) -> Int32 {
        switch value {
        case .int(let v?): return sqlite_nio_sqlite3_bind_int64(statement, index, Int64(v))
        case .int64(let v?): return sqlite_nio_sqlite3_bind_int64(statement, index, v)
        case .text(var v?):
            return v.withUTF8 { sqlite_nio_sqlite3_bind_text64(statement, index, $0.baseAddress, UInt64($0.count), transient, UInt8(SQLITE_UTF8)) }
        case .day(let d?):
            return d.withISO { sqlite_nio_sqlite3_bind_text64(statement, index, $0.baseAddress, UInt64($0.count), transient, UInt8(SQLITE_UTF8)) }
        case .int(nil), .int64(nil), .text(nil), .day(nil):
            return sqlite_nio_sqlite3_bind_null(statement, index)
        }
    }

    private func check(_ result: Int32) throws {
        guard result == SQLITE_OK else { throw failure(result) }
    }

    private func failure(_ result: Int32) -> Failure {
        Failure(code: result, message: sqlite_nio_sqlite3_errmsg(handle).map { String(cString: $0) } ?? "")
    }

    /// SQLite refused a row (its result code and message).
    struct Failure: Error, CustomStringConvertible {
        let code: Int32, message: String
        var description: String { "SQLite afviste rækken (kode \(code)): \(message)" }
    }

    /// SQLite copies the value before the call returns (`SQLITE_TRANSIENT`, which C spells as -1).
    private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
