import Foundation
import HjemtagStore

/// The list a run shows everyone who sees all departments: a run's subjects and its findings'
/// amounts never change after it is stored (a new computation is a new run), so they are read
/// and rendered once per run, also when another process stored it.
final class RunListCache: @unchecked Sendable {
    struct Entry: Sendable {
        /// How many subjects the rows show, of `count` with a refund.
        let shown: Int
        let count: Int
        /// The rendered table rows.
        let rows: String
        let totals: FindingTotals
    }
    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]

    subscript(run: Int) -> Entry? {
        get {
            lock.lock()
            defer { lock.unlock() }
            return entries[run]
        }
        set {
            lock.lock()
            defer { lock.unlock() }
            if entries.count > 20 { entries.removeAll() }
            entries[run] = newValue
        }
    }
}
