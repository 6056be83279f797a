import Testing

@testable import HjemtagCore

/// Golden cases for the refund staircase, computed by hand from finansieringsloven § 5 (80/40/30/20 %
/// refund, 20/60/70/80 % co-financing over weeks 1-4, 5-26, 27-52, 53+) and § 6 (restart after 52
/// whole calendar weeks of self-support, in total, within 3 years; subsidised work is not
/// self-support). shared/domain/sde-and-employment.md B2-B7.
@Suite("Staircase golden cases from §§ 5-6")
struct StaircaseGoldenTests {
    let parameters = try! ParameterSet.bundled()
    let a = try! CPR(parsing: "010180-1111")
    let kontanthjaelp = Benefit.lookup("kontanthjælp")!
    let sygedagpenge = Benefit.lookup("sygedagpenge")!
    let ressourceforloeb = Benefit.lookup("ressourceforløbsydelse")!
    let dagpenge = Benefit.lookup("arbejdsløshedsdagpenge")!

    /// One payment per week for `count` weeks starting with the week of `monday`.
    func weekly(_ benefit: Benefit, from monday: Day, count: Int, kroner: Int64) -> [BenefitPayment] {
        (0..<count).map { i in
            let start = monday.adding(days: 7 * i)
            return BenefitPayment(cpr: a, benefit: benefit, period: DateRange(start, start.adding(days: 6)), amount: Money(kroner: kroner))
        }
    }

    func run(_ payments: [BenefitPayment], subsidised: [SubsidisedPeriod] = [], from: Day, to: Day) throws -> (StaircaseResult, StaircaseCalculator) {
        var calc = try StaircaseCalculator(from: from, to: to, parameters: parameters)
        for p in payments { calc.add(p) }
        for s in subsidised { calc.add(s) }
        return (calc.result(), calc)
    }

    func week(_ y: Int, _ w: Int) -> ISOWeek { ISOWeek(year: y, week: w)! }

    @Test("A new spell across all four steps: 4 × 2.400 + 22 × 1.200 + 26 × 900 + 8 × 600 = 64.200 of 180.000")
    func fourSteps() throws {
        let (r, _) = try run(
            weekly(kontanthjaelp, from: Day(year: 2024, month: 1, day: 1)!, count: 60, kroner: 3_000),
            from: Day(year: 2024, month: 1, day: 1)!, to: Day(year: 2025, month: 3, day: 31)!)
        #expect(r.weeks.map(\.count) == Array(1...60))
        #expect(r.weeks[3].rate == Rational(4, 5) && r.weeks[4].rate == Rational(2, 5))
        #expect(r.weeks[25].rate == Rational(2, 5) && r.weeks[26].rate == Rational(3, 10))
        #expect(r.weeks[51].rate == Rational(3, 10) && r.weeks[52].rate == Rational(1, 5))
        #expect(r.totalRefund == Money(kroner: 64_200))
        #expect(r.totalCoFinancing == .zero)
    }

    @Test("B7-2 a-dagpenge is co-financed: 4 × 900 + 22 × 2.700 + 26 × 3.150 = 144.900 for the first 52 weeks")
    func coFinancing() throws {
        let (r, _) = try run(
            weekly(dagpenge, from: Day(year: 2024, month: 1, day: 1)!, count: 52, kroner: 4_500),
            from: Day(year: 2024, month: 1, day: 1)!, to: Day(year: 2024, month: 12, day: 29)!)
        #expect(r.totalCoFinancing == Money(kroner: 144_900))
        #expect(r.totalRefund == .zero)
    }

    @Test("B7-3b: 30 + 22 whole weeks of self-support in two periods within 3 years add up to 52: the count restarts at 1 (80 %)")
    func resetAfterCumulative52() throws {
        // Benefits 2021-W01..W30 (counts 1-30); self-support W31-W52 and 2022-W01..W08 (30 weeks);
        // benefits 2022-W09..W12 (counts 31-34); self-support 2022-W13..W34 (22 weeks); back in 2022-W35.
        var payments = weekly(kontanthjaelp, from: week(2021, 1).monday, count: 30, kroner: 3_000)
        payments += weekly(kontanthjaelp, from: week(2022, 9).monday, count: 4, kroner: 3_000)
        payments += weekly(kontanthjaelp, from: week(2022, 35).monday, count: 2, kroner: 3_000)
        let (r, calc) = try run(payments, from: Day(year: 2021, month: 1, day: 4)!, to: Day(year: 2022, month: 12, day: 31)!)
        let back = try #require(r.weeks.first { $0.week == week(2022, 35) })
        #expect(r.weeks.first { $0.week == week(2022, 12) }?.count == 34)
        #expect(back.count == 1 && back.rate == Rational(4, 5) && back.result == Money(kroner: 2_400))
        #expect(r.resets.count == 1 && r.resets[0].selfSupportWeeks.count == 52)
        let why = calc.explain(cpr: a, week: week(2022, 35)).rendered()
        #expect(why.contains("startede forfra i uge 2022-W35: 52 hele kalenderuger"))
    }

    @Test("B7-3a: 40 weeks of self-support are not enough; the count continues at 31 (30 %)")
    func noResetAfter40() throws {
        var payments = weekly(kontanthjaelp, from: week(2021, 1).monday, count: 30, kroner: 3_000)
        // Self-support 2021-W31..2022-W18 (40 weeks), back in 2022-W19.
        payments += weekly(kontanthjaelp, from: week(2022, 19).monday, count: 1, kroner: 3_000)
        let (r, _) = try run(payments, from: Day(year: 2021, month: 1, day: 4)!, to: Day(year: 2022, month: 12, day: 31)!)
        let back = try #require(r.weeks.last)
        #expect(back.week == week(2022, 19) && back.count == 31 && back.rate == Rational(3, 10) && back.result == Money(kroner: 900))
        #expect(r.resets.isEmpty)
    }

    @Test("B7-3c: 52 weeks of subsidised work (løntilskud) are not self-support: no reset, week 31 (30 %)")
    func subsidisedWorkIsNotSelfSupport() throws {
        var payments = weekly(kontanthjaelp, from: week(2021, 1).monday, count: 30, kroner: 3_000)
        payments += weekly(kontanthjaelp, from: week(2022, 31).monday, count: 1, kroner: 3_000)
        let job = SubsidisedPeriod(cpr: a, scheme: "løntilskud", period: DateRange(week(2021, 31).monday, week(2022, 30).sunday))
        let (r, calc) = try run(payments, subsidised: [job], from: Day(year: 2021, month: 1, day: 4)!, to: Day(year: 2022, month: 12, day: 31)!)
        #expect(r.weeks.last?.count == 31)
        #expect(r.resets.isEmpty)
        // Without the løntilskud period the same 52 weeks are self-support and restart the count.
        let (r2, _) = try run(payments, from: Day(year: 2021, month: 1, day: 4)!, to: Day(year: 2022, month: 12, day: 31)!)
        #expect(r2.weeks.last?.count == 1)
        #expect(calc.explain(cpr: a, week: week(2022, 31)).rendered().contains("støttet beskæftigelse tæller ikke"))
    }

    @Test("B7-4: 10 weeks of sygedagpenge, then ressourceforløbsydelse: its first week is week 11 (40 %)")
    func switchContinuesCount() throws {
        var payments = weekly(sygedagpenge, from: week(2024, 1).monday, count: 10, kroner: 3_000)
        payments += weekly(ressourceforloeb, from: week(2024, 11).monday, count: 2, kroner: 3_000)
        let (r, _) = try run(payments, from: Day(year: 2024, month: 1, day: 1)!, to: Day(year: 2024, month: 12, day: 31)!)
        let first = try #require(r.weeks.first { $0.benefit.code == "ressourceforloebsydelse" })
        #expect(first.count == 11 && first.rate == Rational(2, 5))
    }

    @Test("A monthly payment is split over the ISO weeks by days: 31.000 for March 2024 → 3.000 + 4 × 7.000; refund 22.000")
    func monthlySplit() throws {
        // 1-3 March fall in 2024-W09 (Mon 26 Feb); 4-31 March are W10-W13. Counts 1-5: 80, 80, 80, 80, 40 %.
        let p = BenefitPayment(cpr: a, benefit: kontanthjaelp, period: Month(year: 2024, month: 3).range, amount: Money(kroner: 31_000))
        let (r, _) = try run([p], from: Day(year: 2024, month: 1, day: 1)!, to: Day(year: 2024, month: 12, day: 31)!)
        #expect(r.weeks.map(\.week.description) == ["2024-W09", "2024-W10", "2024-W11", "2024-W12", "2024-W13"])
        #expect(r.weeks.map(\.amount) == [3_000, 7_000, 7_000, 7_000, 7_000].map { Money(kroner: $0) })
        #expect(r.totalRefund == Money(kroner: 22_000)) // 2.400 + 3 × 5.600 + 2.800
    }

    @Test("The first week of 2016: 28.12.2015-3.1.2016 takes the rate of 4-10 January 2016 (§ 29 stk. 3)")
    func firstWeekOf2016() throws {
        let p = BenefitPayment(
            cpr: a, benefit: sygedagpenge,
            period: DateRange(Day(year: 2015, month: 12, day: 28)!, Day(year: 2016, month: 1, day: 10)!), amount: Money(kroner: 14_000))
        let (r, _) = try run([p], from: Day(year: 2015, month: 12, day: 28)!, to: Day(year: 2016, month: 3, day: 31)!)
        // 2015-W53: 7.000 at the rate of 2016-W01 (the person's week 1, 80 %) = 5.600; 2016-W01: 5.600.
        #expect(r.weeks.map(\.week.description).sorted() == ["2015-W53", "2016-W01"])
        #expect(r.weeks.allSatisfy { $0.rate == Rational(4, 5) })
        #expect(r.totalRefund == Money(kroner: 11_200))
        #expect(r.weeks.first { $0.week.description == "2016-W01" }?.count == 1) // the transitional week is not counted
    }

    @Test("History before the analysed period is read: the first analysed week continues the count")
    func historyBeforePeriod() throws {
        let payments = weekly(kontanthjaelp, from: week(2023, 1).monday, count: 60, kroner: 1_000)
        let (r, _) = try run(payments, from: week(2024, 1).monday, to: Day(year: 2024, month: 12, day: 31)!)
        #expect(r.weeks.first?.count == 53) // 2023 had 52 ISO weeks with benefits
        #expect(r.weeks.first?.rate == Rational(1, 5))
    }

    @Test("Property: the refund never exceeds 80 % of the amount, and the count never skips")
    func properties() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            var payments: [BenefitPayment] = []
            var day = Day(year: 2020, month: 1, day: 6)!
            for _ in 0..<Int.random(in: 1...30, using: &rng) {
                let len = Int.random(in: 1...60, using: &rng)
                payments.append(
                    BenefitPayment(
                        cpr: a, benefit: kontanthjaelp, period: DateRange(day, day.adding(days: len)),
                        amount: Money(ore: Int64.random(in: 100...5_000_000, using: &rng))))
                day = day.adding(days: len + Int.random(in: 1...200, using: &rng))
            }
            let (r, _) = try run(payments, from: Day(year: 2020, month: 1, day: 1)!, to: day)
            #expect(r.weeks.allSatisfy { !(Rational(4, 5) * Rational($0.amount) + Rational(1, 2) < Rational($0.result)) })
            #expect(r.weeks.map(\.amount).reduce(.zero, +) == payments.map(\.amount).reduce(.zero, +))
        }
    }
}

@Suite("Benefit catalogue: dated, with sources")
struct BenefitCatalogueTests {
    @Test("The file loads; every benefit has a URL source, a period and a checked date; names resolve")
    func loads() throws {
        let list = try Benefit.load()
        #expect(list.count >= 12)
        #expect(list.allSatisfy { $0.source.hasPrefix("http") })
        // § 29 stk. 3: sygedagpenge from 28.12.2015, the other benefits from 1.1.2016.
        #expect(Benefit.lookup("sygedagpenge")?.from == Day(year: 2015, month: 12, day: 28)!)
        #expect(Benefit.lookup("kontanthjælp")?.from == Day(year: 2016, month: 1, day: 1)!)
        #expect(Benefit.lookup("KONTANTHJÆLP")?.financing == .refund)
        #expect(Benefit.lookup("a-dagpenge")?.financing == .coFinancing)
        #expect(Benefit.lookup("Fleksbidrag fra staten")?.financing == .notCovered)
        #expect(Benefit.lookup("borgerløn") == nil)
    }
}

/// A national file is read on every core: each part feeds its own calculator and the parts are
/// merged, and the persons are walked in parallel. Neither may change a single øre.
@Suite("Staircase in parts: merge and parallel walk")
struct StaircasePartsTests {
    let parameters = try! ParameterSet.bundled()

    @Test("Property: payments split at random over two calculators and merged give the totals and weeks of one; the walk in 1, 3 or 7 parts agrees")
    func mergeEqualsOne() throws {
        var rng = SystemRandomNumberGenerator()
        let benefits = ["kontanthjælp", "sygedagpenge", "arbejdsløshedsdagpenge", "ressourceforløbsydelse"].map { Benefit.lookup($0)! }
        let (from, to) = (Day(year: 2024, month: 1, day: 1)!, Day(year: 2024, month: 12, day: 31)!)
        for _ in 0..<20 {
            var payments: [BenefitPayment] = []
            var subsidised: [SubsidisedPeriod] = []
            for n in 0..<Int.random(in: 1...40, using: &rng) {
                let cpr = try CPR(parsing: "0101\(zeroPad(50 + n % 40, 2))-\(zeroPad(1000 + n, 4))")
                var day = Day(year: 2021, month: 1, day: 4)!.adding(days: Int.random(in: 0...700, using: &rng))
                for _ in 0..<Int.random(in: 1...20, using: &rng) {
                    let len = Int.random(in: 0...90, using: &rng)
                    payments.append(
                        BenefitPayment(
                            cpr: cpr, benefit: benefits.randomElement(using: &rng)!, period: DateRange(day, day.adding(days: len)),
                            amount: Money(ore: Int64.random(in: 100...2_000_000, using: &rng))))
                    if Bool.random(using: &rng) {
                        subsidised.append(
                            SubsidisedPeriod(cpr: cpr, scheme: "fleksjob", period: DateRange(day.adding(days: len + 1), day.adding(days: len + 60))))
                    }
                    day = day.adding(days: len + Int.random(in: 1...420, using: &rng))
                }
            }
            var one = try StaircaseCalculator(from: from, to: to, parameters: parameters)
            var left = try StaircaseCalculator(from: from, to: to, parameters: parameters)
            var right = try StaircaseCalculator(from: from, to: to, parameters: parameters)
            for p in payments {
                one.add(p)
                if Bool.random(using: &rng) { left.add(p) } else { right.add(p) }
            }
            for s in subsidised {
                one.add(s)
                if Bool.random(using: &rng) { left.add(s) } else { right.add(s) }
            }
            left.merge(right)
            let expected = one.totals(threads: 1)
            #expect(left.totals(threads: 1) == expected)
            #expect(one.totals(threads: 3) == expected && one.totals(threads: 7) == expected)
            #expect(left.beforeReform == one.beforeReform)
            let sorted: (StaircaseResult) -> [StaircaseWeek] = {
                $0.weeks.sorted { ($0.cpr.digits, $0.week.monday, $0.benefit.code) < ($1.cpr.digits, $1.week.monday, $1.benefit.code) }
            }
            #expect(sorted(left.result()) == sorted(one.result()))
            #expect(expected.refund == one.result().totalRefund && expected.coFinancing == one.result().totalCoFinancing)
        }
    }
}
