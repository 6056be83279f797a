import Foundation

/// How far a running job has come, told by the work as it goes (rows read, persons computed)
/// and read by whoever shows it: the job page, the CLI's progress line. Figures only grow.
public final class JobProgress: @unchecked Sendable {
    public struct Reading: Sendable, Equatable {
        /// What the job is doing now, in Danish ("læser posteringer").
        public var phase: String
        public var rowsRead: Int
        public var personsComputed: Int
    }

    private let lock = NSLock()
    private var reading = Reading(phase: "venter", rowsRead: 0, personsComputed: 0)

    /// Told each new row count as it comes (the CLI's progress line on stderr).
    private let onRows: (@Sendable (Int) -> Void)?

    public init(onRows: (@Sendable (Int) -> Void)? = nil) { self.onRows = onRows }

    public func phase(_ text: String) { change { $0.phase = text } }
    public func rows(_ count: Int) {
        change { $0.rowsRead = max($0.rowsRead, count) }
        onRows?(count)
    }
    public func persons(_ count: Int) { change { $0.personsComputed = max($0.personsComputed, count) } }

    public var current: Reading {
        lock.lock()
        defer { lock.unlock() }
        return reading
    }

    private func change(_ body: (inout Reading) -> Void) {
        lock.lock()
        body(&reading)
        lock.unlock()
    }
}
