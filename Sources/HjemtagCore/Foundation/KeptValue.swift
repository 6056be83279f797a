import Synchronization

/// One value a process keeps with the key it was read at, read again when the key moves
/// (decisions 0008 and 0012: a version the writers or the database move in the write's transaction, or the whole
/// of a computation's inputs). The read runs outside the lock; two reads at once both read, and
/// the later one is kept.
public final class KeptValue<Key: Equatable & Sendable, Value: Sendable>: Sendable {
    private let kept = Mutex<(key: Key, value: Value)?>(nil)

    public init() {}

    /// The value at `key`: the one kept if it was read at that key, otherwise `read()`'s, kept.
    public func value(at key: Key, _ read: () async throws -> Value) async rethrows -> Value {
        if let known = kept.withLock({ $0 }), known.key == key { return known.value }
        let value = try await read()
        kept.withLock { $0 = (key, value) }
        return value
    }

    public func forget() { kept.withLock { $0 = nil } }
}
