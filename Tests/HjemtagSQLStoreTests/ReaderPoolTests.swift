import Foundation
import HjemtagCore
import HjemtagStore
import Synchronization
import Testing

@testable import HjemtagSQLStore

/// Reads of an SQLite file store run on read-only connections beside the writer (decision 0009):
/// a read does not wait for a write, sees only what is committed, and cannot write.
@Suite("Reads beside the writer (SQLite file store)")
struct ReaderPoolTests {
    /// What a read answered, once it has.
    final class Answer: Sendable {
        let names = Mutex<[String]?>(nil)
    }

    /// Waits up to `seconds` for `answer`: a read that waits for the writer's lock would otherwise
    /// hang the test instead of failing it.
    static func awaited(_ answer: Answer, within seconds: Int) async throws -> [String]? {
        for _ in 0..<(seconds * 100) {
            if let names = answer.names.withLock({ $0 }) { return names }
            try await Task.sleep(for: .milliseconds(10))
        }
        return nil
    }

    static func insertUser(_ store: SQLStore, _ name: String) async throws {
        try await store.exec(
            "INSERT INTO users (username, password_hash, role, departments, created_at, active) VALUES ('\(name)', 'x', 'oekonomi', '', '2026-12-03T10:00:00Z', 1)"
        )
    }

    @Test("A read answers while a write transaction holds the lock, with what was committed before it; after the commit it sees the write")
    func readDuringWrite() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            #expect(store.readers != nil)
            _ = try await store.createUser(username: "anne", passwordHash: "x", role: .okonomi, departments: [])
            try await store.transaction {
                try await Self.insertUser(store, "bo")
                let answer = Answer()
                Task {
                    let names = try await store.users().map(\.username)
                    answer.names.withLock { $0 = names }
                }
                let seen = try await Self.awaited(answer, within: 30)
                #expect(seen == ["anne"], "the read must not wait for the writer, nor see its uncommitted row")
            }
            #expect(try await store.users().map(\.username) == ["anne", "bo"])
        }
    }

    @Test("A write inside a read is refused and changes nothing")
    func writeInsideReadFails() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            await #expect(throws: (any Error).self) {
                try await store.reading { try await Self.insertUser(store, "bo") }
            }
            #expect(try await store.users().isEmpty)
        }
    }

    @Test("More reads at once than there are readers all answer, while the writer writes between them")
    func manyReads() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            let readers = SQLStore.readerCount
            let counts = try await withThrowingTaskGroup(of: Int.self) { group in
                for i in 0..<(readers * 10) {
                    group.addTask { try await store.users().count }
                    if i % 3 == 0 { _ = try await store.createUser(username: "u\(i)", passwordHash: "x", role: .okonomi, departments: []) }
                }
                var counts: [Int] = []
                for try await n in group { counts.append(n) }
                return counts
            }
            let written = (0..<(readers * 10)).filter { $0 % 3 == 0 }.count
            #expect(counts.count == readers * 10)
            #expect(counts.allSatisfy { (0...written).contains($0) })
            #expect(try await store.users().count == written)
        }
    }

    @Test("An in-memory store has no readers: its reads go through the writer's lock")
    func memoryStore() async throws {
        let store = try await SQLStore.open(":memory:")
        _ = try await store.migrate()
        #expect(store.readers == nil)
        _ = try await store.createUser(username: "anne", passwordHash: "x", role: .okonomi, departments: [])
        #expect(try await store.users().map(\.username) == ["anne"])
        try await store.close()
    }
}
