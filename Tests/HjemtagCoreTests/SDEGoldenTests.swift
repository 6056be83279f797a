import Testing

@testable import HjemtagCore

/// Golden cases for SDE, computed by hand from serviceloven § 176 and BEK om den centrale
/// refusionsordning §§ 3, 5, 6 (shared/domain/sde-and-employment.md, A2-A7). Limits:
/// 2021: 850.000 / 1.660.000 / 2.090.000 (ministersvar 26.5.2021); 2022: 860.000 / 1.680.000 /
/// 2.120.000 (serviceloven § 176, 2022-niveau); 2020 adults 1.090.000 / 2.050.000 and children
/// (§ 176 a) 830.000 / 1.630.000 (sm.dk satser 2020). Rates 25 / 50 / 75 %.
@Suite("SDE golden cases from the law")
struct SDEGoldenTests {
    static let lejre = 350
    let parameters = try! ParameterSet.bundled()

    func cpr(_ s: String) -> CPR { try! CPR(parsing: s) }

    /// A posting on `cpr` covering one calendar month.
    func monthly(_ cpr: CPR, _ year: Int, _ month: Int, _ kroner: Int64, paragraph: String = "SEL-108", payer: Int? = nil) -> Posting {
        let m = Month(year: year, month: month)
        return Posting(
            date: m.lastDay, amount: Money(kroner: kroner), function: AccountFunction(parsing: "5.38.50")!,
            cpr: cpr, paragraph: paragraph, period: m.range, payingMunicipality: payer)
    }

    func run(_ year: Int, _ postings: [Posting], households: [HouseholdMembership] = []) throws -> SDEResult {
        var calc = try SDECalculator(year: year, configuration: SDEConfiguration(ownMunicipality: Self.lejre), parameters: parameters)
        for p in postings { calc.add(p) }
        return try calc.result(households: HouseholdIndex(households))
    }

    func refund(_ r: SDEResult, _ key: String) -> Money? { r.subjects.first { $0.key == key }?.refund }

    @Test("A7-1 adult, even costs 2021: 12 × 25 % × (100.000 − 850.000/12) = 87.500,00")
    func evenCosts() throws {
        let a = cpr("010170-1111")
        let r = try run(2021, (1...12).map { monthly(a, 2021, $0, 100_000) })
        #expect(refund(r, "cpr:0101701111") == Money(kroner: 87_500))
        #expect(r.totalRefund == Money(kroner: 87_500))
        // Each month 7.291,666…; shown rounded 7.291,67, the year rounded once from the exact sum.
        #expect(r.subjects[0].months[0].refund == Money(ore: 729_167))
        // The year's refund is kept with the months: it follows them when they change.
        var subject = r.subjects[0]
        subject.months.removeLast(6)
        #expect(subject.refund == Money(kroner: 43_750))
        subject.months[0].exactRefund = .zero
        #expect(subject.refund == Money(ore: 3_645_833)) // 5 × 7.291,666… rounded once
    }

    @Test("A7-3 uneven costs 2021: 150.000 in Jan-Jun only gives 6 × 22.708,33… = 136.250,00 (annual test would give 12.500)")
    func unevenCosts() throws {
        // Month: 25 % × (138.333,33 − 70.833,33) + 50 % × (150.000 − 138.333,33) = 16.875,00 + 5.833,33…
        let a = cpr("010170-1111")
        let r = try run(2021, (1...6).map { monthly(a, 2021, $0, 150_000) })
        #expect(refund(r, "cpr:0101701111") == Money(kroner: 136_250))
    }

    @Test("A7-4 one-off 240.000 spread evenly (§ 3 stk. 4) on top of 60.000/month: 12 × 25 % × (80.000 − 70.833,33) = 27.500,00")
    func oneOff() throws {
        let a = cpr("010170-1111")
        var postings = (1...12).map { monthly(a, 2021, $0, 60_000) }
        postings.append(
            Posting(
                date: Day(year: 2021, month: 5, day: 10)!, amount: Money(kroner: 240_000),
                function: AccountFunction(parsing: "5.38.50")!, cpr: a, paragraph: "SEL-85"))
        let r = try run(2021, postings)
        #expect(refund(r, "cpr:0101701111") == Money(kroner: 27_500))
        #expect(r.subjects[0].months.allSatisfy { $0.eligible == Money(kroner: 80_000) })
    }

    @Test("A service period crossing months and years is split by days: 310.000 for 16.12.2021-15.01.2022")
    func crossingYears() throws {
        // 31 days: 16 in December (160.000), 15 in January (150.000).
        let a = cpr("010170-1111")
        let p = Posting(
            date: Day(year: 2022, month: 1, day: 20)!, amount: Money(kroner: 310_000), function: AccountFunction(parsing: "5.38.50")!,
            cpr: a, paragraph: "SEL-107", period: DateRange(Day(year: 2021, month: 12, day: 16)!, Day(year: 2022, month: 1, day: 15)!))
        // 2021, December: 25 % × (138.333,33 − 70.833,33) + 50 % × (160.000 − 138.333,33) = 16.875 + 10.833,33… = 27.708,33
        let r21 = try run(2021, [p])
        #expect(refund(r21, "cpr:0101701111") == Money(ore: 2_770_833))
        // 2022, January: 25 % × (140.000 − 71.666,67) + 50 % × (150.000 − 140.000) = 17.083,33… + 5.000 = 22.083,33
        let r22 = try run(2022, [p])
        #expect(refund(r22, "cpr:0101701111") == Money(ore: 2_208_333))
    }

    @Test("Income on the person is netted in (§ 3 stk. 3): 100.000 − 10.000 brugerbetaling → 25 % × (1.080.000 − 850.000) = 57.500")
    func incomeNetting() throws {
        let a = cpr("010170-1111")
        let postings = (1...12).flatMap { [monthly(a, 2021, $0, 100_000), monthly(a, 2021, $0, -10_000)] }
        let r = try run(2021, postings)
        #expect(refund(r, "cpr:0101701111") == Money(kroner: 57_500))
        #expect(r.subjects[0].eligible == Money(kroner: 1_080_000))
    }

    @Test("A negative month counts as 0, it does not reduce other months")
    func negativeMonth() throws {
        let a = cpr("010170-1111")
        let r = try run(2021, [monthly(a, 2021, 1, 100_000), monthly(a, 2021, 2, -50_000)])
        // January alone: 25 % × (100.000 − 70.833,33…) = 7.291,67
        #expect(refund(r, "cpr:0101701111") == Money(ore: 729_167))
    }

    @Test("Costs another municipality finally pays are excluded; betalingskommune = us is included")
    func payingMunicipality() throws {
        let a = cpr("010170-1111")
        let b = cpr("020270-2222")
        let r = try run(2021, (1...12).flatMap { [monthly(a, 2021, $0, 100_000, payer: 151), monthly(b, 2021, $0, 100_000, payer: Self.lejre)] })
        #expect(refund(r, "cpr:0101701111") == nil)
        #expect(refund(r, "cpr:0202702222") == Money(kroner: 87_500))
    }

    @Test("A7-2 three siblings in one household 2021 are one subject: 202.500 + 215.000 + 307.500 = 725.000")
    func siblings() throws {
        // 0,9 + 0,8 + 0,8 mio. over the whole year; every month's sum exceeds 2.090.000/12, so the
        // monthly test equals the annual one.
        let kids = [cpr("010310-4111"), cpr("020412-4222"), cpr("030514-4333")]
        let year = DateRange(Day(year: 2021, month: 1, day: 1)!, Day(year: 2021, month: 12, day: 31)!)
        let postings = zip(kids, [900_000, 800_000, 800_000] as [Int64]).map { c, k in
            Posting(
                date: Day(year: 2021, month: 12, day: 31)!, amount: Money(kroner: k), function: AccountFunction(parsing: "5.28.23")!,
                cpr: c, paragraph: "SEL-52-3.7", period: year)
        }
        let households = kids.map { HouseholdMembership(cpr: $0, household: "H1", from: Day(year: 2015, month: 1, day: 1)!, to: nil) }
        let r = try run(2021, postings, households: households)
        #expect(r.subjects.count == 1)
        #expect(r.subjects[0].key == "husstand:H1")
        #expect(r.subjects[0].cprs == kids.sorted())
        #expect(r.subjects[0].refund == Money(kroner: 725_000))
        // Without household data each child is tested alone, month by month. The 900.000 child's
        // February share is 900.000 × 28/365 = 69.041,09 (truncated to øre), below 850.000/12 =
        // 70.833,33, so February refunds nothing and the others carry its 1.792,24 shortfall:
        // 25 % × (50.000,00 + 1.792,24…) = 12.948,06, not the annual 12.500. The others get 0.
        let alone = try run(2021, postings)
        #expect(alone.totalRefund == Money(ore: 1_294_806))
    }

    @Test("Aftercare 18-22 (SEL § 76) joins the household: 50.000 + 60.000 a month → 25 % × (1.320.000 − 850.000) = 117.500")
    func aftercare() throws {
        let young = cpr("010602-4111") // 19 in 2021
        let sibling = cpr("010611-4222") // 10 in 2021
        let postings = (1...12).flatMap {
            [monthly(young, 2021, $0, 50_000, paragraph: "SEL-76-3.1"), monthly(sibling, 2021, $0, 60_000, paragraph: "SEL-52-3.7")]
        }
        let households = [
            HouseholdMembership(cpr: young, household: "H7", from: Day(year: 2010, month: 1, day: 1)!, to: Day(year: 2020, month: 6, day: 30)!),
            HouseholdMembership(cpr: sibling, household: "H7", from: Day(year: 2011, month: 6, day: 1)!, to: nil),
        ]
        // The young person moved out in 2020 but belonged to H7 just before turning 18 (31.05.2020).
        let r = try run(2021, postings, households: households)
        #expect(r.subjects.map(\.key) == ["husstand:H7"])
        #expect(r.subjects[0].refund == Money(kroner: 117_500))
        // The young person's other, non-aftercare costs stay their own subject.
        let extra = postings + [monthly(young, 2021, 3, 80_000, paragraph: "SEL-85")]
        let r2 = try run(2021, extra, households: households)
        #expect(refund(r2, "husstand:H7") == Money(kroner: 117_500))
        // March alone: 25 % × (80.000 − 70.833,33…) = 2.291,67
        #expect(refund(r2, "cpr:0106024111") == Money(ore: 229_167))
    }

    @Test("67+: covered after the birthday when the month before the birthday month exceeded T1/12 (BEK § 6)")
    func sixtySevenContinues() throws {
        let a = cpr("150555-1111") // turns 67 on 15.05.2022; April 2022 is the month before
        let r = try run(2022, (1...12).map { monthly(a, 2022, $0, 100_000) })
        // April 100.000 > 860.000/12 = 71.666,67 → covered all year: 25 % × (1.200.000 − 860.000) = 85.000
        #expect(refund(r, "cpr:1505551111") == Money(kroner: 85_000))
    }

    @Test("67+: not covered after the birthday month when the month before was below T1/12")
    func sixtySevenStops() throws {
        let a = cpr("150555-1111")
        var postings = (1...4).map { monthly(a, 2022, $0, 60_000) }
        postings += (5...12).map { monthly(a, 2022, $0, 100_000) }
        let r = try run(2022, postings)
        // April 60.000 ≤ 71.666,67: covered January-May only (15.05 is not before 1 May). May: 25 % × (100.000 − 71.666,67) = 7.083,33
        #expect(refund(r, "cpr:1505551111") == Money(ore: 708_333))
        let subject = try #require(r.subjects.first)
        #expect(subject.months[4].covered && !subject.months[5].covered)
    }

    @Test("67+: a person who turned 67 before 1.1.2021 keeps the old rule and is not covered")
    func sixtySevenBefore2021() throws {
        let a = cpr("100353-1111") // 67 on 10.03.2020
        let r = try run(2022, (1...12).map { monthly(a, 2022, $0, 200_000) })
        #expect(refund(r, "cpr:1003531111") ?? .zero == .zero)
    }

    @Test("Before 2021 a child is tested alone on the § 176 a track: 25 % × (1.000.000 − 830.000) = 42.500; an adult with the same gets 0")
    func childTrack2020() throws {
        // 2020 is a leap year; every month's share (79.235-84.699) lies between 830.000/12 and 1.630.000/12.
        let year = DateRange(Day(year: 2020, month: 1, day: 1)!, Day(year: 2020, month: 12, day: 31)!)
        let child = cpr("010310-4111")
        let sibling = cpr("020412-4222")
        let adult = cpr("010170-1111")
        let postings = [child, sibling, adult].map {
            Posting(
                date: Day(year: 2020, month: 12, day: 31)!, amount: Money(kroner: 1_000_000), function: AccountFunction(parsing: "5.28.23")!,
                cpr: $0, paragraph: $0 == adult ? "SEL-108" : "SEL-52-3.7", period: year)
        }
        let households = [child, sibling].map { HouseholdMembership(cpr: $0, household: "H1", from: Day(year: 2015, month: 1, day: 1)!, to: nil) }
        let r = try run(2020, postings, households: households)
        // Siblings are not summed before 2021: each 42.500. The adult is below 1.090.000: nothing.
        #expect(refund(r, "cpr:0103104111") == Money(kroner: 42_500))
        #expect(refund(r, "cpr:0204124222") == Money(kroner: 42_500))
        #expect(refund(r, "cpr:0101701111") ?? .zero == .zero)
        #expect(r.totalRefund == Money(kroner: 85_000))
    }

    @Test("A year without verified limits fails with a Danish message saying how to enter them")
    func missingYear() {
        do {
            _ = try SDECalculator(year: 2023, configuration: SDEConfiguration(ownMunicipality: Self.lejre), parameters: parameters)
            Issue.record("2023 has no verified SDE limits and must fail")
        } catch {
            #expect(error.description.contains("sde.graense.t1"))
            #expect(error.description.contains("hjemtag parametre saet sde.graense.t1 --fra 2023-01-01 --til 2023-12-31"))
        }
    }

    @Test("Barnets lov counts from 2024 only; postings without CPR are counted as data-quality problems")
    func scope() throws {
        let a = cpr("010170-1111")
        var calc = try SDECalculator(year: 2022, configuration: SDEConfiguration(ownMunicipality: Self.lejre), parameters: parameters)
        calc.add(monthly(a, 2022, 1, 100_000, paragraph: "BL-46"))
        calc.add(
            Posting(
                date: Day(year: 2022, month: 3, day: 1)!, amount: Money(kroner: 5_000), function: AccountFunction(parsing: "5.38.50")!,
                paragraph: "SEL-108"))
        calc.add(monthly(a, 2022, 1, 100_000, paragraph: "UKL-14"))
        #expect(try calc.result().totalRefund == Money(ore: 708_333)) // only the UKL-14 month counts
        #expect(calc.quality.withoutCPRCount == 1)
        #expect(calc.quality.withoutCPRAmount == Money(kroner: 5_000))
    }
}

@Suite("SDE properties")
struct SDEPropertyTests {
    let tiers = try! SDETiers.general(year: 2021, parameters: try! ParameterSet.bundled())

    @Test("Monthly refund is never negative, never above 75 % of the expense above T1/12, and monotone in expense")
    func bounds() {
        var rng = SystemRandomNumberGenerator()
        let t1 = Rational(tiers.firstThreshold.ore, 12)
        for _ in 0..<5_000 {
            let e = Int64.random(in: -50_000_000...60_000_000, using: &rng) // up to 600.000 kr. a month
            let r = tiers.monthlyRefund(Money(ore: e))
            #expect(!(r < .zero))
            #expect(!(Rational(3, 4) * (Rational(e) - t1).positivePart < r))
            let more = tiers.monthlyRefund(Money(ore: e + Int64.random(in: 0...1_000_000, using: &rng)))
            #expect(!(more < r))
        }
    }

    @Test("Continuous at every tier boundary: one øre more never adds more than 0,75 øre")
    func continuity() {
        for tier in tiers.tiers {
            // The boundary T/12 lies between two whole øre; test both sides of it.
            let below = tier.threshold.ore / 12
            for e in (below - 2)...(below + 2) {
                let step = tiers.monthlyRefund(Money(ore: e + 1)) - tiers.monthlyRefund(Money(ore: e))
                #expect(!(step < .zero) && !(Rational(3, 4) < step))
            }
        }
    }

    @Test("Periodisation parts always sum to the amount to the øre")
    func periodisationSums() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<3_000 {
            let start = Day(ordinal: Int.random(in: 18_000...20_000, using: &rng))
            let range = DateRange(start, start.adding(days: Int.random(in: 0...800, using: &rng)))
            let amount = Money(ore: Int64.random(in: -100_000_000...100_000_000, using: &rng))
            let parts = SDEPeriodisation.spread(amount, over: Bool.random(using: &rng) ? range : nil, postedOn: start)
            #expect(parts.reduce(Money.zero) { $0 + $1.amount } == amount)
        }
    }
}

/// A ten-million-row ledger is read on every core, one calculator per part, merged: the merge
/// must give the very figures of one calculator that saw every posting.
@Suite("SDE in parts: merge")
struct SDEMergeTests {
    let parameters = try! ParameterSet.bundled()
    let configuration = SDEConfiguration(ownMunicipality: 350, incomeFunctions: [AccountFunction(parsing: "5.38.59")!])

    @Test("Property: postings split at random over two calculators and merged give the subjects, months, refunds and data quality of one")
    func mergeEqualsOne() throws {
        var rng = SystemRandomNumberGenerator()
        let paragraphs = ["SEL-108", "SEL-107", "SEL-76", "BL-114", "SEL-52", nil]
        let functions = ["5.38.50", "5.28.21", "5.38.59"].map { AccountFunction(parsing: $0)! }
        var sharedHouseholds = 0
        for _ in 0..<25 {
            // Adults, children (born 2010-2015) and young people in aftercare age (born 2000-2002)
            // who share households, so household subjects with aftercare form too.
            let adults = try (0..<8).map { try CPR(parsing: "0101\(60 + $0)-\(1001 + $0)") }
            let children = try (0..<8).map { try CPR(parsing: $0 < 5 ? "0202\(10 + $0)-\(4001 + $0)" : "02020\($0 - 5)-\(4001 + $0)") }
            let households = children.enumerated().map { i, c in
                HouseholdMembership(cpr: c, household: "H\(i % 3)", from: Day(year: 2010, month: 1, day: 1)!, to: nil)
            }
            var postings: [Posting] = []
            for _ in 0..<Int.random(in: 20...300, using: &rng) {
                let start = Day(year: 2020, month: 10, day: 1)!.adding(days: Int.random(in: 0...500, using: &rng))
                let period = Bool.random(using: &rng) ? DateRange(start, start.adding(days: Int.random(in: 0...120, using: &rng))) : nil
                let cpr = Int.random(in: 0..<20, using: &rng)
                postings.append(
                    Posting(
                        date: start, amount: Money(ore: Int64.random(in: -2_000_000...60_000_000, using: &rng)),
                        function: functions.randomElement(using: &rng)!,
                        cpr: cpr < 8 ? adults[cpr] : cpr < 16 ? children[cpr - 8] : nil, paragraph: paragraphs.randomElement(using: &rng)!,
                        period: period, department: ["SOF", "BUF", "SUF"].randomElement(using: &rng)!,
                        payingMunicipality: Int.random(in: 0..<10, using: &rng) == 0 ? 101 : nil))
            }
            var one = try SDECalculator(year: 2021, configuration: configuration, parameters: parameters)
            var left = try SDECalculator(year: 2021, configuration: configuration, parameters: parameters)
            var right = try SDECalculator(year: 2021, configuration: configuration, parameters: parameters)
            for p in postings {
                one.add(p)
                if Bool.random(using: &rng) { left.add(p) } else { right.add(p) }
            }
            left.merge(right)
            let index = HouseholdIndex(households)
            let (a, b) = (try one.result(households: index), try left.result(households: index))
            let figures: (SDEResult) -> [String: [SDEMonth]] = { Dictionary(uniqueKeysWithValues: $0.subjects.map { ($0.key, $0.months) }) }
            #expect(figures(b) == figures(a))
            #expect(Set(b.subjects.map { $0.cprs.sorted() }) == Set(a.subjects.map { $0.cprs.sorted() }))
            #expect(b.totalRefund == a.totalRefund && b.totalEligible == a.totalEligible)
            #expect(left.quality == one.quality)
            // The result gathered in 1, 2, 3 and 7 parts of the persons: the same subjects, in the same order.
            let inOne = try one.result(households: index, threads: 1)
            for threads in [2, 3, 7] {
                let inParts = try one.result(households: index, threads: threads)
                #expect(inParts.subjects.map(\.key) == inOne.subjects.map(\.key))
                #expect(figures(inParts) == figures(inOne))
                #expect(inParts.subjects.map(\.cprs) == inOne.subjects.map(\.cprs))
            }
            if inOne.subjects.contains(where: { $0.kind == .household && $0.cprs.count > 1 }) { sharedHouseholds += 1 }
        }
        #expect(sharedHouseholds > 5) // households of several children, which the parts may split, were there to test
    }
}
