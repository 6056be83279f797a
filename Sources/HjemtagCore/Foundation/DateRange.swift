/// A closed range of calendar days, both ends included, as service periods are written
/// (`periode_fra` 2024-03-01, `periode_til` 2024-03-31 is 31 days).
public struct DateRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public let start: Day
    public let end: Day

    public init(_ start: Day, _ end: Day) {
        precondition(start <= end, "en periode kan ikke slutte før den begynder")
        self.start = start
        self.end = end
    }

    /// Nil when `end` is before `start`.
    public static func checked(_ start: Day, _ end: Day) -> DateRange? {
        start <= end ? DateRange(start, end) : nil
    }

    public var dayCount: Int { end - start + 1 }
    public func contains(_ day: Day) -> Bool { day >= start && day <= end }

    public func intersection(_ other: DateRange) -> DateRange? {
        DateRange.checked(max(start, other.start), min(end, other.end))
    }

    /// Days of the range falling in one month (or week).
    public struct MonthSpan: Hashable, Sendable {
        public var month: Month
        public var days: Int
    }
    public struct WeekSpan: Hashable, Sendable {
        public var week: ISOWeek
        public var days: Int
    }

    /// The calendar months the range touches, with the number of its days in each.
    public func months() -> [MonthSpan] {
        var result: [MonthSpan] = []
        var month = start.month
        let last = end.month
        while month <= last {
            let from = max(start, month.firstDay)
            let to = min(end, month.lastDay)
            result.append(MonthSpan(month: month, days: to - from + 1))
            month = month.adding(1)
        }
        return result
    }

    /// The ISO weeks the range touches, with the number of its days in each.
    public func isoWeeks() -> [WeekSpan] {
        var result: [WeekSpan] = []
        var week = ISOWeek(containing: start)
        while week.monday <= end {
            let from = max(start, week.monday)
            let to = min(end, week.sunday)
            result.append(WeekSpan(week: week, days: to - from + 1))
            week = week.adding(weeks: 1)
        }
        return result
    }

    public var description: String { "\(start.danish)-\(end.danish)" }
}
