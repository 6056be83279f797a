import Testing

@testable import HjemtagCore

@Suite("Money: exact øre, Danish and plain forms")
struct MoneyTests {
    @Test(
        "Danish, plain and sign variants parse to the same øre",
        arguments: [
            ("1234,56", 123_456), ("1.234,56", 123_456), ("-1.234,56", -123_456), ("1234,56-", -123_456),
            ("(1.234,56)", -123_456), ("1234.56", 123_456), ("1234", 123_400), ("1.234.567", 123_456_700),
            ("1.234.567,8", 123_456_780), ("0,05", 5), (",5", 50), ("  87.500,00 kr. ", 8_750_000), ("+12", 1200),
            ("1234,560", 123_456), ("−10,00", -1000),
        ] as [(String, Int64)])
    func parses(text: String, ore: Int64) throws {
        #expect(try Money.parse(text) == Money(ore: ore))
    }

    @Test(
        "Garbage, too many decimals and ambiguous points are refused",
        arguments: [
            "", "abc", "12x", "1,2,3", "1,234", "12,345", "1.234", "1.23.45,00", "1,2345", "12.3456",
        ])
    func refuses(text: String) {
        // "1,234" has three decimals after a comma; "1.234" could be 1234 kr or 1,234 kr.
        #expect(throws: MoneyParseError.self) { try Money.parse(text) }
    }

    @Test func formats() {
        #expect(Money(ore: 123_456_789).danish == "1.234.567,89")
        #expect(Money(ore: -5).danish == "-0,05")
        #expect(Money(ore: 8_750_000).danishKroner == "87.500,00 kr.")
        #expect(Money(ore: 8_750_000).plain == "87500.00")
        #expect(Money(ore: -100).plain == "-1.00")
        #expect(Money(ore: 99).danish == "0,99")
    }

    @Test("Printing and parsing round-trip for many amounts")
    func roundTrip() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let ore = Int64.random(in: -10_000_000_000...10_000_000_000, using: &rng)
            let m = Money(ore: ore)
            #expect(try Money.parse(m.danish) == m)
            #expect(try Money.parse(m.plain) == m)
        }
    }

    @Test("Rational rounds half away from zero")
    func rounding() {
        #expect(Rational(5, 2).roundedToOre() == Money(ore: 3))
        #expect(Rational(-5, 2).roundedToOre() == Money(ore: -3))
        #expect(Rational(7, 3).roundedToOre() == Money(ore: 2))
        #expect(Rational(-7, 3).roundedToOre() == Money(ore: -2))
        // 25 % of (100.000,00 − 850.000,00/12) kr. in øre = 729.166,666... → 729.167 øre
        let monthly = Rational(10_000_000) - Rational(85_000_000, 12)
        #expect((Rational(1, 4) * monthly).roundedToOre() == Money(ore: 729_167))
    }

    @Test func rationalArithmetic() {
        #expect(Rational(1, 3) + Rational(1, 6) == Rational(1, 2))
        #expect(Rational(3, 4) * Rational(2, 3) == Rational(1, 2))
        #expect(Rational(1, 2) - Rational(3, 4) == Rational(-1, 4))
        #expect(Rational(1, 3) < Rational(1, 2))
        #expect(Rational(decimal: "12,5") == Rational(25, 2))
        #expect(Rational(decimal: "25") == Rational(25))
        #expect(Rational(decimal: "x") == nil)
        #expect(Rational(decimal: "12.5") == Rational(25, 2) && Rational(decimal: "-0,5") == Rational(-1, 2))
        #expect(Rational(decimal: "1,5.3") == nil && Rational(decimal: "1,") == nil)
        #expect(Rational(1, 4).percentText == "25")
        #expect(Rational(1, 8).percentText == "12.5") // not "25": the numerator of 25/2
        #expect(Rational(1, 8).danishPercent == "12,5")
        #expect(Rational(-1, 200).percentText == "-0.5")
    }
}
