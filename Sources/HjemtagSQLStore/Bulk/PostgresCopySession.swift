import Foundation
import NIOCore
import PostgresNIO
import Synchronization

/// One `COPY … FROM STDIN` held open across an import's batches of one table. A COPY per batch of
/// 1.000 rows waited for the server's answer a thousand times per million rows, and the next
/// batch was not sent while the server worked on the last, so the import's writer and the server
/// took turns (the COPY phase of a 1 M import was 5,8 s of which the server worked 3,2 s;
/// docs/PERFORMANCE.md). Held open, a batch is handed to the socket and the next is made while
/// the server reads it; the socket's own flow control keeps the client at most a buffer ahead.
///
/// The connection runs its requests in order, so nothing else may be sent on it while the COPY
/// is open: `CopySessions` ends it before any other statement of the import.
final class PostgresCopySession: Sendable {
    let table: String
    let columns: [String]
    private let writer: PostgresCopyFromWriter
    /// Finished when the rows are through (or thrown into, to fail the COPY); the COPY's closure
    /// waits on it.
    private let rowsThrough: AsyncThrowingStream<Void, any Error>.Continuation
    private let copy: Task<Void, any Error>

    private init(
        table: String, columns: [String], writer: PostgresCopyFromWriter, rowsThrough: AsyncThrowingStream<Void, any Error>.Continuation,
        copy: Task<Void, any Error>
    ) {
        self.table = table
        self.columns = columns
        self.writer = writer
        self.rowsThrough = rowsThrough
        self.copy = copy
    }

    /// Starts the COPY into `table`; returns once the server is ready for rows.
    static func open(on connection: PostgresConnection, table: String, columns: [String]) async throws -> PostgresCopySession {
        let (writers, handOut) = AsyncStream.makeStream(of: PostgresCopyFromWriter.self)
        let (through, rowsThrough) = AsyncThrowingStream.makeStream(of: Void.self)
        let copy = Task {
            defer { handOut.finish() }
            try await connection.copyFrom(table: table, columns: columns, logger: SQLStore.driverLogger) { writer in
                handOut.yield(writer)
                for try await _ in through {}
            }
        }
        var next = writers.makeAsyncIterator()
        guard let writer = await next.next() else {
            // The server refused the COPY before any row: its error.
            try await copy.value
            throw CopyNotStarted(table: table)
        }
        return PostgresCopySession(table: table, columns: columns, writer: writer, rowsThrough: rowsThrough, copy: copy)
    }

    /// Rows in COPY text format (`BatchWriter.Value.copyText`). Throws if the server has
    /// refused an earlier part.
    func write(_ rows: ByteBuffer) async throws { try await writer.write(rows) }

    /// Ends the COPY and waits for the server's verdict on all its rows.
    func end() async throws {
        rowsThrough.finish()
        try await copy.value
    }

    /// Fails the COPY without waiting (the import is being given up): the connection sends the
    /// failure before the transaction's rollback, which it runs after it.
    func abandon() { rowsThrough.finish(throwing: CancellationError()) }

    struct CopyNotStarted: Error, CustomStringConvertible {
        let table: String
        var description: String { "PostgreSQL begyndte ikke COPY til tabellen \(table)" }
    }
}

/// The COPY an import holds open, if any: at most one, since the connection runs one request at
/// a time.
final class CopySessions: Sendable {
    private let open = Mutex<PostgresCopySession?>(nil)

    /// The COPY into `table`, opened if it is not the one held open (which is ended first).
    func session(for table: String, columns: [String], on connection: PostgresConnection) async throws -> PostgresCopySession {
        if let current = open.withLock({ $0 }), current.table == table, current.columns == columns { return current }
        try await end()
        let session = try await PostgresCopySession.open(on: connection, table: table, columns: columns)
        open.withLock { $0 = session }
        return session
    }

    /// Ends the COPY held open unless it is into `table`: a statement about another table is next.
    func end(unlessInto table: String) async throws {
        if open.withLock({ $0?.table }) != table { try await end() }
    }

    /// Ends the COPY held open, so the next statement can be sent.
    func end() async throws {
        guard
            let current = open.withLock({ s in
                defer { s = nil }
                return s
            })
        else { return }
        try await current.end()
    }

    func abandon() {
        open.withLock { s in
            defer { s = nil }
            return s
        }?.abandon()
    }
}
