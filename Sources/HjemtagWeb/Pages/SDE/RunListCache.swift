import Foundation
import HjemtagStore

/// The list a run shows everyone who sees all departments: a run's subjects and its findings'
/// amounts change only with a new computation of the year, which moves the run's revision, so
/// they are read and rendered once per run and revision, also when another process stored it.
final class RunListCache: @unchecked Sendable {
    /// A run as one computation left it.
    struct Key: Hashable, Sendable {
        let id: Int
        let revision: Int
    }
    struct Entry: Sendable {
        /// How many subjects the rows show, of `count` with a refund.
        let shown: Int
        let count: Int
        /// The rendered table rows.
        let rows: String
        let totals: FindingTotals
    }
    private let lock = NSLock()
    /// One reading per run, shared by every request that asks while it runs: 50 connections
    /// opening the page on a new run each read and rendered the list, and those first requests
    /// waited 0,6-0,9 s (the page's p99 under load; issue 22 § 4).
    private var entries: [Key: Task<Entry, any Error>] = [:]

    /// The run's list, read and rendered by `make` once; a failed reading is not kept.
    func entry(run: Key, _ make: @escaping @Sendable () async throws -> Entry) async throws -> Entry {
        let task: Task<Entry, any Error> = lock.withLock {
            if let running = entries[run] { return running }
            if entries.count > 20 { entries.removeAll() }
            let made = Task { try await make() }
            entries[run] = made
            return made
        }
        do { return try await task.value } catch {
            lock.withLock { if entries[run] == task { entries[run] = nil } }
            throw error
        }
    }
}
