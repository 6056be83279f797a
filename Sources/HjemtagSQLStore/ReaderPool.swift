import Logging
import SQLKit
import SQLiteKit
import Synchronization

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

    private struct State {
        var idle: [Reader]
        var waiting: [CheckedContinuation<Reader, Never>] = []
    }

    private let all: [Reader]
    private let state: Mutex<State>

    private init(_ readers: [Reader]) {
        all = readers
        state = Mutex(State(idle: readers))
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
        let reader = await take()
        defer { give(reader) }
        return try await body(reader)
    }

    private func take() async -> Reader {
        if let reader = state.withLock({ $0.idle.popLast() }) { return reader }
        return await withCheckedContinuation { waiter in
            let free: Reader? = state.withLock { s in
                if let r = s.idle.popLast() { return r }
                s.waiting.append(waiter)
                return nil
            }
            if let free { waiter.resume(returning: free) }
        }
    }

    private func give(_ reader: Reader) {
        let next: CheckedContinuation<Reader, Never>? = state.withLock { s in
            if s.waiting.isEmpty {
                s.idle.append(reader)
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume(returning: reader)
    }

    func close() async {
        for r in all { try? await r.connection.close() }
    }
}
