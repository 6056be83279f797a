import Foundation
import Testing

@testable import HjemtagSQLStore

/// The write-ahead log of an SQLite file store is copied into the file by a connection of its
/// own after the writer's commit, not inside it (issue 22 § 5: a first night's 10 M postings
/// waited 8-9 s in their commit for the copy).
@Suite("The log copied beside the writer (SQLite file store)")
struct WALCheckpointerTests {
    /// About 2.400 pages of a new store's 16 KiB (`SQLStore.pageSize`) in one commit: past
    /// SQLite's threshold of 1.000.
    static let rows = 8000 * SQLStore.pageSize / 4096
    static let insert = """
        INSERT INTO wal_test SELECT hex(randomblob(600)) FROM
          (WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < \(rows)) SELECT i FROM n)
        """

    /// A folder of its own for the test's files, removed after `body`.
    static func inTemporaryFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-wal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        return try await body(dir)
    }

    /// The rows of `wal_test` in the database file alone, without its log: a copy of the file
    /// opened where no `-wal` lies beside it.
    static func rowsInFileAlone(_ path: String) async throws -> Int {
        try await inTemporaryFolder { dir in
            let copy = dir.appendingPathComponent("copy.sqlite").path
            try FileManager.default.copyItem(atPath: path, toPath: copy)
            let store = try await SQLStore.open(copy)
            let exists = try await store.rows("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = 'wal_test'")
            let n =
                try exists[0].decode(column: "n", as: Int.self) == 1
                ? try await store.rows("SELECT COUNT(*) AS n FROM wal_test")[0].decode(column: "n", as: Int.self) : 0
            try await store.close()
            return n
        }
    }

    static func withFileStore(_ body: (SQLStore, String) async throws -> Void) async throws {
        try await inTemporaryFolder { dir in
            let path = dir.appendingPathComponent("store.sqlite").path
            let store = try await SQLStore.open(path)
            do { try await body(store, path) } catch {
                try? await store.close()
                throw error
            }
            try await store.close()
        }
    }

    @Test("A commit past the threshold returns with its pages still in the log; the checkpointer then copies them into the file")
    func commitLeavesCopy() async throws {
        try await Self.withFileStore { store, path in
            let checkpointer = try #require(store.checkpointer)
            try await store.executeRaw("CREATE TABLE wal_test (x TEXT)")
            checkpointer.waitUntilIdle()
            checkpointer.hold()
            let before = checkpointer.completed
            try await store.executeRaw(Self.insert)
            #expect(try await Self.rowsInFileAlone(path) == 0, "the commit copied its pages itself")
            checkpointer.release()
            for _ in 0..<3000 where checkpointer.completed == before { try await Task.sleep(for: .milliseconds(10)) }
            checkpointer.waitUntilIdle()
            #expect(checkpointer.completed > before)
            #expect(try await Self.rowsInFileAlone(path) == Self.rows)
        }
    }

    @Test("Closed, the store leaves no log beside its file and keeps every row, a checkpoint held or not")
    func closeCopiesTheRest() async throws {
        try await Self.inTemporaryFolder { dir in
            let path = dir.appendingPathComponent("store.sqlite").path
            let store = try await SQLStore.open(path)
            try await store.executeRaw("CREATE TABLE wal_test (x TEXT)")
            try #require(store.checkpointer).hold()
            try await store.executeRaw(Self.insert)
            try await store.close()
            #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
            #expect(try await Self.rowsInFileAlone(path) == Self.rows)
        }
    }
}
