/// An ISO 8601 week, Monday to Sunday: the unit of the refund staircase
/// (finansieringsloven § 5, "uger med ydelser"; § 6 "hele kalenderuger").
public struct ISOWeek: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The week's Monday. Weeks compare and count by it.
    public let monday: Day

    public init(containing day: Day) {
        monday = day.adding(days: 1 - day.isoWeekday)
    }

    /// Nil when the year has no such week (week 53 in a 52-week year).
    public init?(year: Int, week: Int) {
        guard week >= 1, week <= ISOWeek.weeksIn(year: year) else { return nil }
        let jan4 = Day(year: year, month: 1, day: 4)!
        let firstMonday = jan4.adding(days: 1 - jan4.isoWeekday)
        monday = firstMonday.adding(days: 7 * (week - 1))
    }

    public var sunday: Day { monday.adding(days: 6) }
    public var range: DateRange { DateRange(monday, sunday) }

    /// The month a week belongs to in monthly summaries: the month of its Thursday, as the ISO
    /// year is the year of its Thursday.
    public var month: Month { monday.adding(days: 3).month }

    /// The ISO week-numbering year: the year of the week's Thursday.
    public var year: Int { monday.adding(days: 3).year }

    public var week: Int {
        let thursday = monday.adding(days: 3)
        let jan1 = Day(year: thursday.year, month: 1, day: 1)!
        return (thursday - jan1) / 7 + 1
    }

    public func adding(weeks n: Int) -> ISOWeek { ISOWeek(containing: monday.adding(days: 7 * n)) }
    public static func - (lhs: ISOWeek, rhs: ISOWeek) -> Int { (lhs.monday - rhs.monday) / 7 }
    public static func < (lhs: ISOWeek, rhs: ISOWeek) -> Bool { lhs.monday < rhs.monday }

    /// `2024-W10`.
    public var description: String { "\(zeroPad(year, 4))-W\(zeroPad(week, 2))" }

    public static func weeksIn(year: Int) -> Int {
        // A year has 53 weeks when 1 January is a Thursday, or a Wednesday in a leap year.
        let jan1 = Day(year: year, month: 1, day: 1)!.isoWeekday
        return (jan1 == 4 || (jan1 == 3 && Day.isLeap(year))) ? 53 : 52
    }

    /// Parses `2024-W10` or `2024W10`, or a date (the week containing it).
    public init?(parsing text: String) {
        let upper = text.uppercased()
        if let w = upper.firstIndex(of: "W") {
            let yearPart = upper[..<w].trimmingSuffix("-")
            guard let y = Int(yearPart), let n = Int(upper[upper.index(after: w)...]) else { return nil }
            self.init(year: y, week: n)
        } else if let day = Day(parsing: text) {
            self.init(containing: day)
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let w = ISOWeek(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "ugyldig uge '\(raw)'"))
        }
        self = w
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}

extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
