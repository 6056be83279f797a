/// A Danish CPR number. Personal data: print it only through `masked` in lists and never in
/// URLs, logs or error messages (DESIGN, rules of the house).
public struct CPR: Hashable, Comparable, Sendable {
    /// Ten ASCII digits, no hyphen.
    public let digits: String

    /// Accepts `DDMMYY-SSSS`, `DDMMYYSSSS` and nine digits (a spreadsheet dropped the leading
    /// zero). No modulus-11 check: CPR numbers issued since 2007 need not pass it.
    public init(parsing raw: String) throws(CPRError) {
        if let exact = CPR(exactUTF8: raw.utf8) {
            self = exact
            return
        }
        try self.init(general: raw)
    }

    /// Every form `init(parsing:)` accepts, without the fast path (which must agree with it; tested).
    init(general raw: String) throws(CPRError) {
        var d = ""
        for ch in raw where !ch.isWhitespace {
            if ch == "-" { continue }
            guard ch.isASCIIDigit else { throw .notDigits }
            d.append(ch)
        }
        if d.count == 9 { d = "0" + d }
        guard d.count == 10 else { throw .wrongLength(d.count) }
        let u = Array(d.utf8).map { Int($0 - 48) }
        let day = u[0] * 10 + u[1]
        let month = u[2] * 10 + u[3]
        let yy = u[4] * 10 + u[5]
        let year = CPR.century(yy: yy, seventh: u[6]) + yy
        guard Day(year: year, month: month, day: day) != nil else { throw .impossibleDate }
        digits = d
    }

    /// The exact forms `DDMMYYSSSS` and `DDMMYY-SSSS` from a field's bytes, without a String or an
    /// array per number; nil for anything else, which `init(parsing:)` reads or refuses with its reason.
    @inlinable
    public init?<Bytes: Collection<UInt8>>(exactUTF8 raw: Bytes) {
        let count = raw.count
        guard count == 10 || count == 11 else { return nil }
        var digits: UInt64 = 0 // ten decimal digits packed four bits each
        var i = 0
        for b in raw {
            defer { i += 1 }
            if count == 11 && i == 6 {
                guard b == 45 else { return nil }
                continue
            }
            guard b >= 48 && b <= 57 else { return nil }
            digits = digits << 4 | UInt64(b - 48)
        }
        @inline(__always) func d(_ k: Int) -> Int { Int(digits >> UInt64(4 * (9 - k)) & 0xF) }
        let yy = d(4) * 10 + d(5)
        guard Day(year: CPR.century(yy: yy, seventh: d(6)) + yy, month: d(2) * 10 + d(3), day: d(0) * 10 + d(1)) != nil else { return nil }
        self.digits = String(unsafeUninitializedCapacity: 10) { buffer in
            for k in 0..<10 { buffer[k] = UInt8(48 + d(k)) }
            return 10
        }
    }

    /// The century rule from the 7th digit (CPR-kontoret): 0-3 → 1900s; 4 and 9 → 2000-2036
    /// when YY ≤ 36, else 1900s; 5-8 → 2000-2057 when YY ≤ 57, else 1858-1899.
    @usableFromInline static func century(yy: Int, seventh: Int) -> Int {
        switch seventh {
        case 0...3: return 1900
        case 4, 9: return yy <= 36 ? 2000 : 1900
        default: return yy <= 57 ? 2000 : 1800
        }
    }

    public var birthDate: Day {
        // The first seven digits, read in place: this runs for every person in every calculation.
        var u = (0, 0, 0, 0, 0, 0, 0)
        var k = 0
        for b in digits.utf8.prefix(7) {
            let d = Int(b - 48)
            switch k {
            case 0: u.0 = d
            case 1: u.1 = d
            case 2: u.2 = d
            case 3: u.3 = d
            case 4: u.4 = d
            case 5: u.5 = d
            default: u.6 = d
            }
            k += 1
        }
        let yy = u.4 * 10 + u.5
        return Day(year: CPR.century(yy: yy, seventh: u.6) + yy, month: u.2 * 10 + u.3, day: u.0 * 10 + u.1)!
    }

    /// Whole years of age on `day` (the birthday itself counts as turned).
    public func age(on day: Day) -> Int { birthDate.age(on: day) }

    /// The day the person turns `years` old. Someone born 29 February turns a year older on
    /// 1 March in non-leap years.
    public func birthday(turning years: Int) -> Day {
        let b = birthDate.components
        let y = b.year + years
        return Day(year: y, month: b.month, day: b.day) ?? Day(year: y, month: 3, day: 1)!
    }

    /// `DDMMYY-XXXX`: the form for lists.
    public var masked: String { String(digits.prefix(6)) + "-XXXX" }
    /// `DDMMYY-SSSS`: only on a drill-down the user is audited for.
    public var formatted: String { String(digits.prefix(6)) + "-" + String(digits.suffix(4)) }

    public static func < (a: CPR, b: CPR) -> Bool { a.digits < b.digits }
}

extension CPR: CustomStringConvertible {
    /// Masked, so that string interpolation into a log or message cannot leak the number.
    public var description: String { masked }
}

extension CPR: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { try self.init(parsing: raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(digits)
    }
}

public enum CPRError: Error, Equatable, Sendable, CustomStringConvertible {
    case notDigits
    case wrongLength(Int)
    case impossibleDate

    // The messages never repeat the number itself.
    public var description: String {
        switch self {
        case .notDigits: return "CPR-nummeret indeholder andet end cifre og bindestreg"
        case .wrongLength(let n): return "CPR-nummeret har \(n) cifre, ikke 10 (eller 9 uden foranstillet nul)"
        case .impossibleDate: return "CPR-nummerets fødselsdato findes ikke"
        }
    }
}
