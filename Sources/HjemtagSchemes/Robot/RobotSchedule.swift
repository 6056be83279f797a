import Foundation
import HjemtagCore

/// When the built-in robot runs: every day at a local time of day (`--robot-tid 02:00`).
public struct RobotSchedule: Sendable, Hashable {
    public let hour: Int
    public let minute: Int

    /// `HH:MM`, 00:00-23:59; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 2, let h = Int(parts[0]), let m = Int(parts[1]), (0...23).contains(h), (0...59).contains(m), parts[1].count == 2 else {
            return nil
        }
        hour = h
        minute = m
    }

    /// The first time of day strictly after `now` in the calendar's time zone (a day with a
    /// daylight-saving change included: the calendar finds the wall-clock time).
    public func next(after now: Date, calendar: Calendar = .current) -> Date {
        let today = calendar.date(bySettingHour: hour, minute: minute, second: 0, of: now) ?? now
        if today > now { return today }
        let tomorrow = calendar.date(byAdding: .day, value: 1, to: now) ?? now.addingTimeInterval(86_400)
        return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: tomorrow) ?? tomorrow
    }

    /// Runs `pass` at every scheduled time until the task is cancelled; a pass that fails is
    /// reported to `failed` and the schedule goes on.
    public func loop(pass: @Sendable () async throws -> Void, failed: @Sendable (any Error) -> Void) async {
        while !Task.isCancelled {
            let wait = next(after: Date()).timeIntervalSinceNow
            do { try await Task.sleep(for: .seconds(max(1, wait))) } catch { return }
            do { try await pass() } catch { failed(error) }
        }
    }
}
