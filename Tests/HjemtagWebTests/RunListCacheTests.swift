import HjemtagStore
import Synchronization
import Testing

@testable import HjemtagWeb

/// A run's list is read once however many ask at the same moment (issue 22 § 4: 50 connections
/// on a new run each read it), and a failed reading is tried again by the next request.
@Suite("The SDE page's list, read once per run")
struct RunListCacheTests {
    struct Failed: Error {}
    final class Counter: Sendable {
        let n = Mutex(0)
        func add() { n.withLock { $0 += 1 } }
        var value: Int { n.withLock { $0 } }
    }

    @Test("Twenty requests at once read the list once; another run, or the same run computed again, is read on its own; a failure is not kept")
    func onceForConcurrentRequests() async throws {
        let cache = RunListCache()
        let reads = Counter()
        let entry = RunListCache.Entry(shown: 1, count: 1, rows: "<tr></tr>", totals: FindingTotals())
        try await withThrowingTaskGroup(of: RunListCache.Entry.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    try await cache.entry(run: .init(id: 7, revision: 0)) {
                        reads.add()
                        try await Task.sleep(for: .milliseconds(50))
                        return entry
                    }
                }
            }
            for try await got in group { #expect(got.rows == entry.rows) }
        }
        #expect(reads.value == 1)
        _ = try await cache.entry(run: .init(id: 8, revision: 0)) {
            reads.add()
            return entry
        }
        #expect(reads.value == 2)
        // The same run computed again: its revision moved, so its list is read again.
        _ = try await cache.entry(run: .init(id: 7, revision: 1)) {
            reads.add()
            return entry
        }
        #expect(reads.value == 3)
        await #expect(throws: Failed.self) { try await cache.entry(run: .init(id: 9, revision: 0)) { throw Failed() } }
        #expect(try await cache.entry(run: .init(id: 9, revision: 0)) { entry }.count == 1)
    }
}
