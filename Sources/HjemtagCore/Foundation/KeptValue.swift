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

/// Several values a process keeps at one version, each under its own key (a list's filters and
/// page): all are forgotten when the version moves, and all at once when `capacity` is reached,
/// so a user paging through thousands of filter choices cannot grow it without bound.
public final class KeptValues<Version: Equatable & Sendable, Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let kept = Mutex<(version: Version, values: [Key: Value])?>(nil)
    public let capacity: Int

    public init(capacity: Int) { self.capacity = capacity }

    /// The value under `key` at `version`: the one kept if it was read at that version, otherwise `read()`'s, kept.
    public func value(at version: Version, _ key: Key, _ read: () async throws -> Value) async rethrows -> Value {
        if let known = kept.withLock({ $0?.version == version ? $0?.values[key] : nil }) { return known }
        let value = try await read()
        kept.withLock {
            if $0?.version != version || ($0?.values.count ?? 0) >= capacity { $0 = (version, [:]) }
            $0?.values[key] = value
        }
        return value
    }

    public func forget() { kept.withLock { $0 = nil } }
}
