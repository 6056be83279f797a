import Foundation
import SQLKit
import Synchronization

/// A table that was empty when the import began, or the postings when the file is about as large
/// as what they hold or larger (`BatchWriter.firstWrite`), gets its plain (not unique) indexes
/// built once after its rows, by one sort, instead of kept row by row: the citizen index alone cost
/// the first load of a ledger a third of SQLite's time (docs/PERFORMANCE.md). Inside the
/// import's transaction, so a failed import leaves the indexes as they were. A partial index
/// (`postings_vat_candidates`) stays: a row outside it costs only its WHERE, and building it
/// after the rows would scan them all once more.
final class DeferredIndexes: Sendable {
    struct State { var definitions: [String] = [] }
    let state = Mutex(State())
}

extension BatchWriter {
    /// The plain indexes of `table`, dropped and their definitions kept for `finish()`.
    func deferIndexes(of table: String) async throws {
        if postgres != nil {
            try await deferPostgresIndexes(of: table)
            return
        }
        let indexes = try await db.raw(
            """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND sql NOT LIKE '% WHERE %'
            """
        ).all()
        for index in indexes {
            let name = try index.decode(column: "name", as: String.self)
            let sql = try index.decode(column: "sql", as: String.self)
            try await db.raw("DROP INDEX \(ident: name)").run()
            deferredIndexes.state.withLock { $0.definitions.append(sql) }
        }
    }

    /// PostgreSQL's the same way, and its foreign keys too: the server checked each row's key
    /// to `imports` and kept two indexes per row, most of the import's time (issue 22). Dropped
    /// inside the import's transaction and made again at its end, so the keys are checked once,
    /// over the whole table, and a failed import leaves them as they were. The table is locked
    /// for the transaction, which only a first import into an empty table, or a file larger than
    /// the postings already there, asks for.
    func deferPostgresIndexes(of table: String) async throws {
        // From the table's own indexes, not the `pg_indexes` view: the view works out every
        // index's definition in the database, and one dropped meanwhile in another schema (another
        // municipality's on a shared server) fails the query.
        let indexes = try await db.raw(
            """
            SELECT c.relname AS indexname, pg_get_indexdef(i.indexrelid) AS indexdef FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = (SELECT oid FROM pg_class WHERE relname = \(bind: table) AND relnamespace = current_schema()::regnamespace)
              AND NOT i.indisunique AND i.indpred IS NULL
            """
        ).all()
        let keys = try await db.raw(
            """
            SELECT conname, pg_get_constraintdef(oid) AS def FROM pg_constraint
            WHERE contype = 'f' AND conrelid = (SELECT oid FROM pg_class WHERE relname = \(bind: table) AND relnamespace = current_schema()::regnamespace)
            """
        ).all()
        for key in keys {
            let name = try key.decode(column: "conname", as: String.self)
            let definition = try key.decode(column: "def", as: String.self)
            try await db.raw("ALTER TABLE \(ident: table) DROP CONSTRAINT \(ident: name)").run()
            deferredIndexes.state.withLock { $0.definitions.append("ALTER TABLE \(table) ADD CONSTRAINT \(name) \(definition)") }
        }
        for index in indexes {
            let name = try index.decode(column: "indexname", as: String.self)
            let definition = try index.decode(column: "indexdef", as: String.self)
            try await db.raw("DROP INDEX \(ident: name)").run()
            deferredIndexes.state.withLock { $0.definitions.append(definition) }
        }
    }
}
