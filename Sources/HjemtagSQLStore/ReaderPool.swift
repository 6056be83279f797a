import Logging
import SQLKit
import SQLiteKit

/// Read-only SQLite connections beside the writer, for a store in a file (decision 0009).
/// In WAL mode a reader reads the last committed state while the writer writes, so the web's
/// reads no longer queue behind one another and behind the robot's writes on the single
/// connection: at Copenhagen's size the worklist's twenty reads each waited for the lock, and a
/// fifth of the samples under load were that wait (issue 22 § 4).
///
/// Each reader has `PRAGMA query_only`: a write that strays into a read fails loudly instead of
/// running outside the writer's lock.
final class ReaderPool: Sendable {
    struct Reader: Sendable {
        let connection: SQLiteConnection
        let db: any SQLDatabase
    }

    private let all: [Reader]
    private let lent: HandOut<Reader>

    private init(_ readers: [Reader]) {
        all = readers
        lent = HandOut(readers)
    }

    /// `count` readers of the SQLite file at `path`.
    static func open(path: String, count: Int, logger: Logger) async throws -> ReaderPool {
        var readers: [Reader] = []
        do {
            for _ in 0..<count {
                let connection = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
                readers.append(Reader(connection: connection, db: connection.sql(queryLogLevel: nil)))
                for pragma in ["PRAGMA query_only = ON", "PRAGMA busy_timeout = 5000", "PRAGMA cache_size = -32768"] {
                    try await readers[readers.count - 1].db.raw(SQLQueryString(pragma)).run()
                }
            }
        } catch {
            for r in readers { try? await r.connection.close() }
            throw error
        }
        return ReaderPool(readers)
    }

    /// Runs `body` with a reader of its own; waits for one when all are busy.
    func with<T: Sendable>(_ body: (Reader) async throws -> T) async throws -> T {
        try await lent.with(body)
    }

    func close() async {
        for r in all { try? await r.connection.close() }
    }
}
