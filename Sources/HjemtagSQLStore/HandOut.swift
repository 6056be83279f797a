import Synchronization

/// Items lent one at a time, each to one task, in the order the tasks asked: the store's writing
/// connection (one item, so a transaction never interleaves with another statement) and its
/// readers (decision 0009). A task that finds every item lent waits without holding a thread.
final class HandOut<Item: Sendable>: Sendable {
    private struct State {
        var idle: [Item]
        var waiting: [CheckedContinuation<Item, Never>] = []
    }

    private let state: Mutex<State>

    init(_ items: [Item]) { state = Mutex(State(idle: items)) }

    /// Runs `body` with an item of its own and gives it back however `body` ends.
    func with<T: Sendable>(_ body: (Item) async throws -> T) async throws -> T {
        let item = await take()
        defer { give(item) }
        return try await body(item)
    }

    private func take() async -> Item {
        if let item = state.withLock({ $0.idle.popLast() }) { return item }
        return await withCheckedContinuation { waiter in
            let free: Item? = state.withLock { s in
                if let item = s.idle.popLast() { return item }
                s.waiting.append(waiter)
                return nil
            }
            if let free { waiter.resume(returning: free) }
        }
    }

    private func give(_ item: Item) {
        let next: CheckedContinuation<Item, Never>? = state.withLock { s in
            if s.waiting.isEmpty {
                s.idle.append(item)
                return nil
            }
            return s.waiting.removeFirst()
        }
        next?.resume(returning: item)
    }
}
