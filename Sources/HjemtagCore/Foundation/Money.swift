/// An exact amount of Danish kroner, held in øre. Never a `Double`.
public struct Money: Hashable, Comparable, Sendable, CustomStringConvertible, AdditiveArithmetic {
    public var ore: Int64

    public init(ore: Int64) { self.ore = ore }
    public init(kroner: Int64) { self.ore = kroner * 100 }
    public static let zero = Money(ore: 0)

    /// `self × part / whole`, rounded once to the øre, half away from zero. Computed in 128 bits:
    /// a department's share of a Copenhagen-sized budget multiplies two twelve-digit øre amounts,
    /// which overflowed the exact fraction's 64 bits. Nil when `whole` is zero or the answer does
    /// not fit in an amount.
    public func proportion(_ part: Money, of whole: Money) -> Money? {
        guard whole.ore != 0 else { return nil }
        var n = Int128(ore) * Int128(part.ore)
        var d = Int128(whole.ore)
        if d < 0 {
            n = -n
            d = -d
        }
        var q = n / d
        let r = n % d
        if 2 * r.magnitude >= d.magnitude { q += n < 0 ? -1 : 1 }
        return Int64(exactly: q).map(Money.init(ore:))
    }

    public static func + (a: Money, b: Money) -> Money { Money(ore: a.ore + b.ore) }
    public static func - (a: Money, b: Money) -> Money { Money(ore: a.ore - b.ore) }
    public static prefix func - (a: Money) -> Money { Money(ore: -a.ore) }
    public static func * (a: Money, n: Int64) -> Money { Money(ore: a.ore * n) }
    public static func < (a: Money, b: Money) -> Bool { a.ore < b.ore }
    public var isNegative: Bool { ore < 0 }
    public var magnitude: Money { Money(ore: ore < 0 ? -ore : ore) }

    /// Danish style with thousands points and decimal comma: `-1.234.567,89`.
    public var danish: String { format(thousands: ".", decimal: ",") }
    /// Danish style with the currency: `1.234,56 kr.`
    public var danishKroner: String { danish + " kr." }
    /// Plain style for JSON and machine files: `-1234567.89`.
    public var plain: String { format(thousands: "", decimal: ".") }
    public var description: String { danish }

    private func format(thousands: String, decimal: String) -> String {
        let negative = ore < 0
        let absolute = ore.magnitude
        let kroner = String(absolute / 100)
        let cents = absolute % 100
        var grouped = ""
        for (i, ch) in kroner.enumerated() {
            if i > 0 && (kroner.count - i) % 3 == 0 { grouped += thousands }
            grouped.append(ch)
        }
        return (negative ? "-" : "") + grouped + decimal + (cents < 10 ? "0" : "") + String(cents)
    }

    /// Parses the amount forms found in Danish municipal files:
    /// `1234,56`, `1.234,56`, `-1234,56`, `1234,56-`, `(1234,56)`, `1234.56`, `1234`, `1.234.567`,
    /// optionally with `kr.` and spaces. A single point followed by three digits (`1.234`) is
    /// ambiguous between a thousands point and a decimal point and is refused, not guessed.
    public static func parse(_ raw: String) throws(MoneyParseError) -> Money {
        if let fast = plainFast(raw) { return fast }
        return try parseGeneral(raw)
    }

    /// Every form `parse` accepts, without the fast path (which must agree with it; tested).
    static func parseGeneral(_ raw: String) throws(MoneyParseError) -> Money {
        var text = Substring(raw).trimmingWhitespace()
        if text.lowercased().hasSuffix("kr.") {
            text = text.dropLast(3).trimmingWhitespace()
        } else if text.lowercased().hasSuffix("kr") {
            text = text.dropLast(2).trimmingWhitespace()
        }
        guard !text.isEmpty else { throw .empty }
        var negative = false
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = text.dropFirst().dropLast()
        }
        if text.hasSuffix("-") {
            negative.toggle()
            text = text.dropLast()
        }
        if text.hasPrefix("-") || text.hasPrefix("−") {
            negative.toggle()
            text = text.dropFirst()
        } else if text.hasPrefix("+") {
            text = text.dropFirst()
        }
        text = text.trimmingWhitespace()
        var digits = ""
        for ch in text where ch != " " && ch != "\u{00A0}" { digits.append(ch) }
        guard !digits.isEmpty else { throw .notANumber(String(raw)) }

        let integerPart: Substring
        let fractionPart: Substring
        let commas = digits.filter { $0 == "," }.count
        let points = digits.filter { $0 == "." }.count
        if commas > 1 { throw .notANumber(String(raw)) }
        if commas == 1 {
            let pieces = digits.split(separator: ",", omittingEmptySubsequences: false)
            try checkThousands(pieces[0], separator: ".", raw: raw)
            integerPart = Substring(pieces[0].filter { $0 != "." })
            fractionPart = pieces[1]
        } else if points > 1 {
            try checkThousands(Substring(digits), separator: ".", raw: raw)
            integerPart = Substring(digits.filter { $0 != "." })
            fractionPart = ""
        } else if points == 1 {
            let pieces = digits.split(separator: ".", omittingEmptySubsequences: false)
            if pieces[1].count == 3 && !pieces[0].isEmpty { throw .ambiguous(String(raw)) }
            integerPart = pieces[0]
            fractionPart = pieces[1]
        } else {
            integerPart = Substring(digits)
            fractionPart = ""
        }
        guard integerPart.allSatisfy(\.isASCIIDigit), fractionPart.allSatisfy(\.isASCIIDigit),
            !(integerPart.isEmpty && fractionPart.isEmpty)
        else { throw .notANumber(String(raw)) }
        var fraction = String(fractionPart)
        while fraction.count > 2 && fraction.hasSuffix("0") { fraction.removeLast() }
        guard fraction.count <= 2 else { throw .tooManyDecimals(String(raw)) }
        while fraction.count < 2 { fraction += "0" }
        guard integerPart.count <= 15, let whole = Int64(integerPart.isEmpty ? "0" : integerPart),
            let cents = Int64(fraction)
        else { throw .tooLarge(String(raw)) }
        let ore = whole * 100 + cents
        return Money(ore: negative ? -ore : ore)
    }

    /// The common machine forms `-1234,56`, `1234.5`, `1234` without thousands separators, read
    /// byte by byte; anything else takes the general path.
    @inline(__always)
    static func plainFast(_ raw: String) -> Money? { plainFast(utf8: raw.utf8) }

    /// `-1234,56` or `1234.5` from a field's bytes; nil for any other form (which `parse` reads
    /// or refuses with its reason), so a file's amounts need no String each.
    @inlinable
    public static func plainFast<Bytes: Sequence<UInt8>>(utf8 raw: Bytes) -> Money? {
        var negative = false
        var whole: Int64 = 0
        var cents: Int64 = 0
        var digits = 0
        var decimals = -1
        var i = -1
        for b in raw {
            i += 1
            switch b {
            case 48...57:
                if decimals >= 0 {
                    guard decimals < 2 else { return nil }
                    cents = cents * 10 + Int64(b - 48)
                    decimals += 1
                } else {
                    guard digits < 15 else { return nil }
                    whole = whole * 10 + Int64(b - 48)
                    digits += 1
                }
            case 45 where i == 0: negative = true
            case 44, 46:
                guard decimals < 0, digits > 0 else { return nil }
                decimals = 0
            default: return nil
            }
        }
        guard digits > 0, decimals != 0 else { return nil }
        if decimals == 1 { cents *= 10 }
        // "1.234" would be a point followed by three digits: refused above (decimals < 2 guard), so
        // the general path reports it as ambiguous.
        let ore = whole * 100 + cents
        return Money(ore: negative ? -ore : ore)
    }

    private static func checkThousands(_ part: Substring, separator: Character, raw: String) throws(MoneyParseError) {
        guard part.contains(separator) else { return }
        let groups = part.split(separator: separator, omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count),
            groups.dropFirst().allSatisfy({ $0.count == 3 })
        else { throw .notANumber(String(raw)) }
    }
}

public enum MoneyParseError: Error, Equatable, Sendable, CustomStringConvertible {
    case empty
    case notANumber(String)
    case tooManyDecimals(String)
    case ambiguous(String)
    case tooLarge(String)

    public var description: String {
        switch self {
        case .empty: return "beløbet mangler"
        case .notANumber(let s): return "'\(s)' er ikke et beløb"
        case .tooManyDecimals(let s): return "'\(s)' har mere end to decimaler"
        case .ambiguous(let s): return "'\(s)' er tvetydigt (tusindtalspunktum eller decimalpunktum?); skriv fx 1234,00 eller 1.234,00"
        case .tooLarge(let s): return "'\(s)' er for stort"
        }
    }
}

extension Money: Codable {
    /// JSON carries amounts as strings with two decimals and a point (`"87500.00"`).
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        do { self = try Money.parse(raw) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(plain)
    }
}

extension Substring {
    func trimmingWhitespace() -> Substring {
        var s = self
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return s
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
