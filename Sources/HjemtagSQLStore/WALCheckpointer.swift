import Foundation
import SQLiteNIO
// sqlite-nio's own build of SQLite, as the row inserter's: one copy of SQLite in the process.
import VaporCSQLite

/// Copies the write-ahead log into the database file on a thread and a connection of its own,
/// after the writer's commit instead of inside it.
///
/// SQLite's own rule (`wal_autocheckpoint`) checkpoints inside the commit that takes the log past
/// 1.000 pages: the first night's ledger of 10 M postings committed 1,9 GB of log and then waited
/// 8-9 s for it to be copied before the robot's next file could begin (issue 22 § 5, `perf`:
/// `sqlite3WalDefaultHook` in the commit). Here the writer's commit only signals; the copy runs
/// beside the next files and the schemes. A passive checkpoint takes no lock that a reader or the
/// writer waits for, and copies only what every open reader has already moved past; a signal
/// that comes while one runs makes one more run after it, never a queue.
///
/// The log is still bounded: each commit over the threshold asks again, and SQLite starts the log
/// from its beginning at the first write after a checkpoint that copied all of it. Closing the
/// store closes this connection first, so the writer's close, the last, copies what is left and
/// removes the log, as before.
final class WALCheckpointer: @unchecked Sendable {
    /// SQLite's default threshold for `wal_autocheckpoint`, in pages of the log.
    static let thresholdFrames: Int32 = 1000

    private let handle: OpaquePointer
    private let writer: OpaquePointer
    private let condition = NSCondition()
    // Guarded by `condition`.
    private var requested = false
    private var stopping = false
    private var running = false
    private var ended = false
    private var held = false
    private var completedCount = 0

    /// A checkpointer for the database at `path`, taking over from SQLite's own rule on the
    /// writer's connection; nil (and SQLite's rule kept) when sqlite-nio's handle cannot be found
    /// or the file cannot be opened a second time.
    init?(path: String, writer connection: SQLiteConnection) {
        guard let writer = SQLiteRowInserter.handle(of: connection) else { return nil }
        var opened: OpaquePointer?
        // No mutex of SQLite's own: the connection is used from this object's thread only.
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE
        guard sqlite_nio_sqlite3_open_v2(path, &opened, flags, nil) == SQLITE_OK, let opened else {
            if let opened { sqlite_nio_sqlite3_close_v2(opened) }
            return nil
        }
        sqlite_nio_sqlite3_busy_timeout(opened, 5000)
        // A connection finds the log when it first reads the file; until then a checkpoint is a no-op.
        guard sqlite_nio_sqlite3_exec(opened, "PRAGMA journal_mode = WAL", nil, nil, nil) == SQLITE_OK else {
            sqlite_nio_sqlite3_close_v2(opened)
            return nil
        }
        handle = opened
        self.writer = writer
        let thread = Thread { [self] in loop() }
        thread.name = "hjemtag-wal-checkpoint"
        thread.start()
        // Replaces SQLite's rule: `wal_autocheckpoint` is itself a WAL hook, and a connection has one.
        sqlite_nio_sqlite3_wal_hook(writer, walHook, Unmanaged.passUnretained(self).toOpaque())
    }

    /// How many checkpoints have run to their end (tests wait on it).
    var completed: Int { condition.withLock { completedCount } }

    /// Asks for a checkpoint; returns at once.
    func request() {
        condition.withLock {
            requested = true
            condition.signal()
        }
    }

    /// Waits until no checkpoint is asked for or running (tests).
    func waitUntilIdle() {
        condition.lock()
        while requested || running { condition.wait() }
        condition.unlock()
    }

    /// Keeps the next checkpoints from starting until `release()` (tests: what the commit itself
    /// copied, with nothing copied beside it).
    func hold() { condition.withLock { held = true } }
    func release() {
        condition.withLock {
            held = false
            condition.broadcast()
        }
    }

    /// Gives SQLite's rule back to the writer, lets a running checkpoint end, stops the thread and
    /// closes the connection. Called before the writer is closed.
    func stop() {
        sqlite_nio_sqlite3_wal_autocheckpoint(writer, Self.thresholdFrames)
        condition.lock()
        stopping = true
        condition.broadcast()
        while !ended { condition.wait() }
        condition.unlock()
        sqlite_nio_sqlite3_close_v2(handle)
    }

    private func loop() {
        condition.lock()
        while true {
            while (!requested || held) && !stopping { condition.wait() }
            if stopping { break }
            requested = false
            running = true
            condition.unlock()
            // A busy or failed checkpoint leaves the log as it is; SQLite's next signal asks again.
            _ = sqlite_nio_sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
            condition.lock()
            running = false
            completedCount += 1
            condition.broadcast()
        }
        ended = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The writer's commit: how many pages the log holds. Runs inside the commit, so it only signals.
private func walHook(context: UnsafeMutableRawPointer?, db: OpaquePointer?, name: UnsafePointer<CChar>?, frames: Int32) -> Int32 {
    if frames >= WALCheckpointer.thresholdFrames, let context {
        Unmanaged<WALCheckpointer>.fromOpaque(context).takeUnretainedValue().request()
    }
    return SQLITE_OK
}
