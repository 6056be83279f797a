import Foundation

/// Runs `body` for parts `0..<parts` at once, one thread a core, and returns the results in part
/// order; when parts throw, the first part's error (in part order) is thrown. For calculations
/// whose work splits into independent parts (persons), each part summed apart and then added.
public func inParallel<T, E: Error>(parts: Int, _ body: @Sendable (Int) throws(E) -> T) throws(E) -> [T] {
    let slots = Slots<Result<T, E>>(count: parts)
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        slots.set(part, Result { () throws(E) -> T in try body(part) })
    }
    var out: [T] = []
    out.reserveCapacity(parts)
    for result in slots.values { out.append(try result.get()) }
    return out
}

/// The parts' results, each written once by its own thread.
private final class Slots<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [T?]
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: T) {
        lock.lock()
        slots[i] = value
        lock.unlock()
    }
    var values: [T] {
        lock.lock()
        defer { lock.unlock() }
        return slots.map { $0! }
    }
}

/// How many parts to cut `count` items into: one a core, and none under `minimum` items.
public func partCount(_ count: Int, threads: Int?, minimum: Int = 10_000) -> Int {
    threads.map { max(1, min($0, count)) } ?? max(1, min(ProcessInfo.processInfo.activeProcessorCount, count / minimum))
}

extension Array {
    /// Part `part` of `parts` nearly equal slices.
    public func slice(_ part: Int, of parts: Int) -> ArraySlice<Element> {
        self[(count * part / parts)..<(count * (part + 1) / parts)]
    }
}
