import Foundation
import HjemtagCore

/// The robot's passes, and the lock that keeps two from running at once (a second server or a
/// cron job beside the built-in schedule).
public protocol RobotStore: Sendable {
    /// Takes the lock and records the start; `RobotError.busy` while another pass holds it (a lock
    /// older than `staleAfter` seconds is taken over: its pass died).
    func beginRobotRun(by user: String, staleAfter: Int) async throws -> Int
    /// Records the end and releases the lock.
    func finishRobotRun(id: Int, report: RobotReport) async throws
    /// The latest passes, newest first.
    func robotRuns(limit: Int) async throws -> [RobotRun]
}
