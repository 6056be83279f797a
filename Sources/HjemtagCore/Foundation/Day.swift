import Foundation

/// A calendar day without time or time zone, stored as days since 1970-01-01.
///
/// Municipal data is dated by calendar day; a `Date` with a time zone invites off-by-one
/// errors at midnight, and integer day arithmetic keeps periodisation exact and fast.
public struct Day: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let ordinal: Int

    public init(ordinal: Int) { self.ordinal = ordinal }

    /// Returns nil for an impossible date (30 February, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), day >= 1, day <= Day.daysIn(month: month, year: year) else { return nil }
        self.ordinal = Day.daysFromCivil(year: year, month: month, day: day)
    }

    public var components: (year: Int, month: Int, day: Int) { Day.civilFromDays(ordinal) }

    /// Whole years from this day (a birth date) to `day`; the anniversary itself counts as turned.
    public func age(on day: Day) -> Int {
        let b = components
        let d = day.components
        var age = d.year - b.year
        if (d.month, d.day) < (b.month, b.day) { age -= 1 }
        return age
    }
    public var year: Int { components.year }
    public var month: Month {
        let c = components
        return Month(year: c.year, month: c.month)
    }

    /// ISO weekday: Monday = 1 ... Sunday = 7. 1970-01-01 was a Thursday.
    public var isoWeekday: Int {
        let r = (ordinal + 3) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    public func adding(days: Int) -> Day { Day(ordinal: ordinal + days) }

    /// Today in UTC: for checked-on dates and default years, never inside a rule.
    public static var today: Day { Day(ordinal: Int((Date().timeIntervalSince1970 / 86_400).rounded(.down))) }

    /// Same day of month `n` months later, clamped to the month's last day.
    public func adding(months n: Int) -> Day {
        let c = components
        let m = Month(year: c.year, month: c.month).adding(n)
        return Day(year: m.year, month: m.month, day: min(c.day, m.dayCount))!
    }

    public func adding(years n: Int) -> Day { adding(months: 12 * n) }

    public static func - (lhs: Day, rhs: Day) -> Int { lhs.ordinal - rhs.ordinal }
    public static func < (lhs: Day, rhs: Day) -> Bool { lhs.ordinal < rhs.ordinal }

    /// `YYYY-MM-DD`, the storage and JSON form.
    public var iso: String { withISO { String(decoding: $0, as: UTF8.self) } }

    /// The ISO form's bytes, without making a `String`: an import writes two or three dates a row.
    public func withISO<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let c = components
        guard (0...9999).contains(c.year) else {
            // Outside four digits: the general form (a sign or a fifth digit).
            var text = "\(zeroPad(c.year, 4))-\(zeroPad(c.month, 2))-\(zeroPad(c.day, 2))"
            return try text.withUTF8(body)
        }
        var bytes: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) = (0, 0, 0, 0, 0x2D, 0, 0, 0x2D, 0, 0)
        return try withUnsafeMutableBytes(of: &bytes) { raw in
            let digit = { (value: Int) in UInt8(truncatingIfNeeded: 0x30 + value) }
            raw[0] = digit(c.year / 1000)
            raw[1] = digit(c.year / 100 % 10)
            raw[2] = digit(c.year / 10 % 10)
            raw[3] = digit(c.year % 10)
            raw[5] = digit(c.month / 10)
            raw[6] = digit(c.month % 10)
            raw[8] = digit(c.day / 10)
            raw[9] = digit(c.day % 10)
            return try body(UnsafeBufferPointer(raw.bindMemory(to: UInt8.self)))
        }
    }

    /// `DD.MM.YYYY`, the Danish display form.
    public var danish: String {
        let c = components
        return "\(zeroPad(c.day, 2)).\(zeroPad(c.month, 2)).\(zeroPad(c.year, 4))"
    }

    public var description: String { iso }

    /// Parses `YYYY-MM-DD`, `DD-MM-YYYY` and `DD.MM.YYYY` (also `D.M.YYYY`).
    /// An ISO timestamp (`2024-03-01T00:00:00`) is accepted by its date part.
    public init?(parsing raw: String) { self.init(utf8: raw.utf8) }

    /// The same forms from a field's bytes, so a file's dates need no String each.
    @inlinable
    public init?<Bytes: Sequence<UInt8>>(utf8 raw: Bytes) {
        // Three numbers with their digit counts, in locals: no array per date (millions a file).
        var values = (0, 0, 0)
        var counts = (0, 0, 0)
        var part = 0
        var current = 0
        var digits = 0
        var separator: UInt8 = 0
        func store(_ part: Int, _ value: Int, _ count: Int) {
            switch part {
            case 0:
                values.0 = value
                counts.0 = count
            case 1:
                values.1 = value
                counts.1 = count
            default:
                values.2 = value
                counts.2 = count
            }
        }
        for byte in raw {
            if byte >= 48 && byte <= 57 {
                current = current * 10 + Int(byte - 48)
                digits += 1
                if digits > 4 { return nil }
            } else if byte == 45 || byte == 46 || byte == 47 { // - . /
                if digits == 0 { return nil }
                if separator == 0 { separator = byte } else if separator != byte { return nil }
                if part >= 2 { return nil }
                store(part, current, digits)
                part += 1
                current = 0
                digits = 0
            } else if byte == 84 || byte == 32 { // 'T' or space: time part follows
                break
            } else {
                return nil
            }
        }
        guard digits > 0, part == 2 else { return nil }
        store(2, current, digits)
        if counts.0 == 4 && separator == 45 {
            guard counts.1 <= 2, counts.2 <= 2 else { return nil }
            self.init(year: values.0, month: values.1, day: values.2)
        } else if counts.2 == 4 && counts.0 <= 2 && counts.1 <= 2 {
            self.init(year: values.2, month: values.1, day: values.0)
        } else {
            return nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(parsing: raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "ugyldig dato '\(raw)'"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(iso)
    }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days: exact integer arithmetic.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z0: Int) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

@inline(__always) public func zeroPad(_ value: Int, _ width: Int) -> String {
    let s = String(value)
    return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}
