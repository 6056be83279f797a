import Foundation
import Synchronization

/// JSON columns decoded once per process, keyed by their text: a claim's lines are read on every
/// view of the worklist and the mellemkommunal page, and decoding Copenhagen's 1.649 claims'
/// lines with the generic decoder was two thirds of the worklist's time (issue 22 § 4). Keyed by
/// the text itself, a changed column is a new key: nothing can be served stale, from any process
/// writing the store.
final class DecodedJSONCache<Value: Sendable>: Sendable {
    private let entries = Mutex<[String: Value]>([:])
    /// Past this many texts the cache starts again: a bound on memory, not a policy.
    let limit: Int

    init(limit: Int) { self.limit = limit }

    func value(for text: String, decode: (String) throws -> Value) rethrows -> Value {
        if let known = entries.withLock({ $0[text] }) { return known }
        let value = try decode(text)
        entries.withLock { e in
            if e.count >= limit { e.removeAll(keepingCapacity: true) }
            e[text] = value
        }
        return value
    }
}
