import Foundation
import HjemtagCore

/// Money summed by key as postings stream in (`forEachPosting` calls its body on the driver's
/// thread), read once the stream is through.
final class MoneySums<Key: Hashable & Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var sums: [Key: Money] = [:]

    func add(_ key: Key, _ amount: Money) {
        lock.lock()
        defer { lock.unlock() }
        sums[key, default: .zero] = sums[key, default: .zero] + amount
    }

    var all: [Key: Money] {
        lock.lock()
        defer { lock.unlock() }
        return sums
    }
}
