import Foundation

/// An exact fraction for use inside a calculation, where a monthly limit of T/12 or a
/// rate of 25 % is not a whole number of øre. Rounded to `Money` only where the rule says.
public struct Rational: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let numerator: Int64
    public let denominator: Int64 // always > 0, in lowest terms

    public init(_ numerator: Int64, _ denominator: Int64 = 1) {
        precondition(denominator != 0, "nævner 0")
        let sign: Int64 = denominator < 0 ? -1 : 1
        let g = Rational.gcd(numerator.magnitude, denominator.magnitude)
        self.numerator = sign * numerator / Int64(g == 0 ? 1 : g)
        self.denominator = sign * denominator / Int64(g == 0 ? 1 : g)
    }

    public init(_ money: Money) { self.init(money.ore) }
    public static let zero = Rational(0)

    /// A percentage such as `"25"` or `"12.5"` as a fraction (25 → 1/4).
    public static func percent(_ value: Rational) -> Rational { value / Rational(100) }

    public static func + (a: Rational, b: Rational) -> Rational {
        let g = Int64(gcd(a.denominator.magnitude, b.denominator.magnitude))
        return Rational(a.numerator * (b.denominator / g) + b.numerator * (a.denominator / g), a.denominator / g * b.denominator)
    }
    public static func - (a: Rational, b: Rational) -> Rational { a + Rational(-b.numerator, b.denominator) }
    public static func * (a: Rational, b: Rational) -> Rational {
        let g1 = Int64(gcd(a.numerator.magnitude, b.denominator.magnitude))
        let g2 = Int64(gcd(b.numerator.magnitude, a.denominator.magnitude))
        let d1 = g1 == 0 ? 1 : g1
        let d2 = g2 == 0 ? 1 : g2
        return Rational((a.numerator / d1) * (b.numerator / d2), (a.denominator / d2) * (b.denominator / d1))
    }
    public static func / (a: Rational, b: Rational) -> Rational { a * Rational(b.denominator, b.numerator) }
    public static func < (a: Rational, b: Rational) -> Bool {
        a.numerator.multipliedFullWidth(by: b.denominator) < b.numerator.multipliedFullWidth(by: a.denominator)
    }
    public var isPositive: Bool { numerator > 0 }

    /// A rate as percent digits: 1/4 → `25`, 1/8 → `12.5` (up to four decimals, exact for the
    /// rates the law uses). `danishPercent` writes the decimal comma: `12,5`.
    public var percentText: String {
        let scaled = (self * Rational(1_000_000)).roundedToOre().ore // percent × 10.000
        let whole = scaled / 10_000
        let frac = (scaled % 10_000).magnitude
        var text = "\(whole)"
        if frac != 0 {
            var digits = zeroPad(Int(frac), 4)
            while digits.hasSuffix("0") { digits.removeLast() }
            text += "." + digits
        }
        return scaled < 0 && whole == 0 ? "-" + text : text
    }

    public var danishPercent: String { percentText.replacingOccurrences(of: ".", with: ",") }
    /// The number itself with a decimal comma: 39/2 → `19,5` (up to four decimals).
    public var danishNumber: String { (self * Rational(1, 100)).danishPercent }
    public var positivePart: Rational { numerator > 0 ? self : .zero }

    /// Rounds an amount in øre to whole øre, half away from zero (the house rule).
    public func roundedToOre() -> Money {
        let q = numerator / denominator
        let r = numerator % denominator
        if 2 * r.magnitude >= denominator.magnitude { return Money(ore: q + (numerator < 0 ? -1 : 1)) }
        return Money(ore: q)
    }

    public var description: String { denominator == 1 ? "\(numerator)" : "\(numerator)/\(denominator)" }

    /// Parses `25`, `12.5`, `12,5`.
    public init?(decimal text: String) {
        // Decimal comma or point; split directly (Foundation's replace showed in import profiles).
        let parts = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "," || $0 == "." })
        guard parts.count <= 2, let whole = Int64(parts[0].isEmpty ? "0" : String(parts[0])) else { return nil }
        if parts.count == 1 {
            self.init(whole)
            return
        }
        let frac = parts[1]
        guard !frac.isEmpty, frac.count <= 12, frac.allSatisfy(\.isASCIIDigit), let f = Int64(frac) else { return nil }
        var scale: Int64 = 1
        for _ in 0..<frac.count { scale *= 10 }
        let negative = parts[0].hasPrefix("-")
        self.init(whole * scale + (negative ? -f : f), scale)
    }

    static func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 {
        var (x, y) = (a, b)
        while y != 0 { (x, y) = (y, x % y) }
        return x
    }
}
