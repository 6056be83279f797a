import Foundation
import SQLKit
import Synchronization

/// A table that was empty when the import began gets its plain (not unique) indexes built
/// once after its rows, by one sort, instead of kept row by row: the citizen index alone cost
/// the first load of a ledger a third of SQLite's time (docs/PERFORMANCE.md). Inside the
/// import's transaction, so a failed import leaves the indexes as they were.
final class DeferredIndexes: Sendable {
    struct State { var definitions: [String] = [] }
    let state = Mutex(State())
}

extension BatchWriter {
    /// The plain indexes of `table`, empty when the import began, dropped and their definitions
    /// kept for `finish()`.
    func deferIndexes(of table: String) async throws {
        let indexes = try await db.raw(
            """
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            """
        ).all()
        for index in indexes {
            let name = try index.decode(column: "name", as: String.self)
            let sql = try index.decode(column: "sql", as: String.self)
            try await db.raw("DROP INDEX \(ident: name)").run()
            deferredIndexes.state.withLock { $0.definitions.append(sql) }
        }
    }
}
