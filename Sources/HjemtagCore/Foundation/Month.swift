/// A calendar month, the unit of the SDE test (BEK om den centrale refusionsordning § 3 stk. 1).
public struct Month: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// year * 12 + (month - 1): consecutive months are consecutive integers.
    public let index: Int

    public init(year: Int, month: Int) {
        precondition((1...12).contains(month), "måned skal være 1-12")
        index = year * 12 + (month - 1)
    }

    public init(index: Int) { self.index = index }

    public var year: Int { index >= 0 ? index / 12 : (index - 11) / 12 }
    public var month: Int { index - year * 12 + 1 }
    public var firstDay: Day { Day(year: year, month: month, day: 1)! }
    public var lastDay: Day { Day(year: year, month: month, day: dayCount)! }
    public var dayCount: Int { Day.daysIn(month: month, year: year) }
    public var range: DateRange { DateRange(firstDay, lastDay) }

    public func adding(_ n: Int) -> Month { Month(index: index + n) }
    public static func < (lhs: Month, rhs: Month) -> Bool { lhs.index < rhs.index }

    /// `YYYY-MM`.
    public var description: String { "\(zeroPad(year, 4))-\(zeroPad(month, 2))" }

    public static let danishNames = [
        "januar", "februar", "marts", "april", "maj", "juni", "juli",
        "august", "september", "oktober", "november", "december",
    ]
    /// `marts 2024`.
    public var danishName: String { "\(Month.danishNames[month - 1]) \(year)" }

    /// The 12 months of a calendar year.
    public static func months(ofYear year: Int) -> [Month] { (1...12).map { Month(year: year, month: $0) } }

    public init?(parsing text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, let y = Int(parts[0]), let m = Int(parts[1]), (1...12).contains(m) else { return nil }
        self.init(year: y, month: m)
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let m = Month(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "ugyldig måned '\(raw)'"))
        }
        self = m
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(description)
    }
}
