import Testing

@testable import HjemtagCore

/// Budget and settlement rules from the user's own papers: seed 002 (Randers' two models for the
/// SDE income budget), seed 004 (reduction targets; shortfalls carried to the next year).
@Suite("Budget: allocation models, carry-over, a'conto")
struct BudgetTests {
    func kr(_ k: Int64) -> Money { Money(kroner: k) }

    /// Reference year 2021: Familieområdet 10.350.000, Socialområdet 30.015.000, Omsorgsområdet
    /// 1.035.000 = 41.400.000 (shares 25 %, 72,5 %, 2,5 %). Budget 2023: 41.400.000 (seed 002).
    /// Familieområdet stays on model 1 (seed 002: "På Børne- og familieudvalget fastholdes ... model 1").
    let reference = [
        "Familieområdet": Money(kroner: 10_350_000), "Socialområdet": Money(kroner: 30_015_000), "Omsorgsområdet": Money(kroner: 1_035_000),
    ]
    let models: [String: IncomeAllocation.Model] = ["Familieområdet": .central, "Socialområdet": .department, "Omsorgsområdet": .department]

    @Test("More income than budgeted: model 1's surplus goes to kassen (1.650.000), model 2's to the departments (2.985.000 − 35.000)")
    func moreIncome() {
        let a = IncomeAllocation.allocate(
            year: 2023, referenceYear: 2021, budget: kr(41_400_000), reference: reference,
            actual: ["Familieområdet": kr(12_000_000), "Socialområdet": kr(33_000_000), "Omsorgsområdet": kr(1_000_000)], models: models)
        let row = { (d: String) in a.rows.first { $0.department == d }! }
        #expect(
            row("Familieområdet").budget == kr(10_350_000) && row("Socialområdet").budget == kr(30_015_000)
                && row("Omsorgsområdet").budget == kr(1_035_000))
        #expect(row("Familieområdet").centralEffect == kr(1_650_000) && row("Familieområdet").departmentEffect == .zero)
        #expect(row("Socialområdet").departmentEffect == kr(2_985_000) && row("Omsorgsområdet").departmentEffect == kr(-35_000))
        #expect(a.centralEffect == kr(1_650_000) && a.departmentEffect == kr(2_950_000))
        #expect(a.actual - a.budget == a.centralEffect + a.departmentEffect)
    }

    @Test("Less income than budgeted: kassen covers model 1's shortfall (−1.350.000), the departments their own (−2.015.000 + 65.000)")
    func lessIncome() {
        let a = IncomeAllocation.allocate(
            year: 2023, referenceYear: 2021, budget: kr(41_400_000), reference: reference,
            actual: ["Familieområdet": kr(9_000_000), "Socialområdet": kr(28_000_000), "Omsorgsområdet": kr(1_100_000)], models: models)
        #expect(a.centralEffect == kr(-1_350_000))
        #expect(a.departmentEffect == kr(-1_950_000))
    }

    @Test("Property: department budgets always add up to the budget, to the øre")
    func sharesAddUp() {
        var rng = SeededRandom(seed: 4)
        for _ in 0..<200 {
            let n = Int(rng.next() % 6) + 1
            var ref: [String: Money] = [:]
            // Up to 100 mia. kr. per department and 10 mia. kr. of budget: Copenhagen and beyond.
            for i in 0..<n { ref["F\(i)"] = Money(ore: Int64(rng.next() % 10_000_000_000_000) + 1) }
            let budget = Money(ore: Int64(rng.next() % 1_000_000_000_000))
            let a = IncomeAllocation.allocate(year: 2023, referenceYear: 2021, budget: budget, reference: ref, actual: [:], models: [:])
            #expect(a.rows.reduce(Money.zero) { $0 + $1.budget } == budget)
        }
    }

    @Test("Copenhagen scale: 600 mio. kr. split by 1.234.567.890,12 of 9.876.543.210,98 kr. gives 74.999.999,32 kr. (no 64-bit overflow)")
    func copenhagenScale() {
        // 60.000.000.000 øre × 123.456.789.012 / 987.654.321.098 = 7.499.999.931,6… → 7.499.999.932 øre; the other
        // department gets 52.500.000.067,6… → 52.500.000.068 øre, and the two add up to the budget exactly.
        let a = IncomeAllocation.allocate(
            year: 2023, referenceYear: 2021, budget: kr(600_000_000),
            reference: ["SOF": Money(ore: 123_456_789_012), "BUF": Money(ore: 987_654_321_098 - 123_456_789_012)],
            actual: [:], models: [:])
        #expect(a.rows.first { $0.department == "SOF" }?.budget == Money(ore: 7_499_999_932))
        #expect(a.rows.first { $0.department == "BUF" }?.budget == Money(ore: 52_500_000_068))
    }

    @Test("A proportion is rounded once, half away from zero: 2 × 1/3 → 1 øre, −2 × 1/3 → −1, 1 × 1/2 → 1, −1 × 1/2 → −1")
    func proportionRounding() {
        #expect(Money(ore: 100).proportion(Money(ore: 1), of: Money(ore: 3)) == Money(ore: 33))
        #expect(Money(ore: 200).proportion(Money(ore: 1), of: Money(ore: 3)) == Money(ore: 67))
        #expect(Money(ore: -200).proportion(Money(ore: 1), of: Money(ore: 3)) == Money(ore: -67))
        #expect(Money(ore: 200).proportion(Money(ore: 1), of: Money(ore: -3)) == Money(ore: -67))
        #expect(Money(ore: 1).proportion(Money(ore: 1), of: Money(ore: 2)) == Money(ore: 1))
        #expect(Money(ore: -1).proportion(Money(ore: 1), of: Money(ore: 2)) == Money(ore: -1))
        #expect(Money(ore: 5).proportion(Money(ore: 1), of: .zero) == nil)
        #expect(Money(ore: .max).proportion(Money(ore: 3), of: Money(ore: 2)) == nil)
    }

    @Test("Carry-over: 2021 achieves −1.500 of −2.000, so −500 is added to 2022's −3.000; an excess is not carried")
    func carryOver() {
        let plan = ReductionPlan(lines: [
            .init(kind: .target, name: "Mål", year: 2021, amount: kr(-2_000_000)),
            .init(kind: .target, name: "Mål", year: 2022, amount: kr(-3_000_000)),
            .init(kind: .target, name: "Mål", year: 2023, amount: kr(-5_000_000)),
            .init(kind: .realised, name: "Opnået", year: 2021, amount: kr(-1_500_000)),
            .init(kind: .realised, name: "Opnået", year: 2022, amount: kr(-4_000_000)),
        ])
        let s = plan.statuses()
        #expect(s[0].shortfall == kr(-500_000) && s[1].carriedIn == kr(-500_000) && s[1].adjustedTarget == kr(-3_500_000))
        #expect(s[1].excess == kr(500_000) && s[1].shortfall == .zero && s[2].carriedIn == .zero)
    }

    @Test("The shortfall carried in is in the year's adjusted target and net outstanding; an initiative valued on its cases counts net")
    func carriedIntoOutstanding() {
        let plan = ReductionPlan(lines: [
            .init(kind: .target, name: "Mål", year: 2021, amount: kr(-2_000_000)),
            .init(kind: .target, name: "Mål", year: 2022, amount: kr(-3_000_000)),
            .init(kind: .initiative, name: "Unge", year: 2021, amount: kr(-1_500_000)),
            .init(kind: .initiative, name: "Unge", year: 2022, amount: kr(-2_000_000)),
            .init(kind: .realised, name: "Opnået", year: 2021, amount: kr(-1_200_000)),
        ])
        // 2021 achieved −1.200 of −2.000: −800 carried, so 2022 must reach −3.800 and, with −2.000
        // planned, still lacks −1.800 (seed 004: "lægges oveni reduktionsmålet for det efterfølgende år").
        #expect(plan.netOutstanding(2022) == kr(-1_800_000))
        // Valued on its cases, 2022's initiative saves −2.000 gross but −1.500 net of refund.
        let valued = ["Unge": [2022: ScenarioEffect(grossCost: kr(-2_000_000), sdeRefund: kr(-500_000))]]
        let rows = plan.rows(valued: valued)
        func row(_ name: String) -> [Money?] { rows.first { $0.name == name }?.values ?? [] }
        #expect(row("Manko overført fra året før") == [.zero, kr(-800_000)])
        #expect(row("Reduktionsmål inkl. overført manko") == [kr(-2_000_000), kr(-3_800_000)])
        #expect(row("Unge: brutto på sagerne") == [nil, kr(-2_000_000)] && row("Unge: netto efter refusion") == [nil, kr(-1_500_000)])
        #expect(row("Netto-udestående") == [kr(-500_000), kr(-1_800_000)])
        #expect(row("Netto-udestående, initiativer netto af refusion") == [kr(-500_000), kr(-2_300_000)])
    }

    @Test("A'conto per quarter is the year-to-date refund less what earlier quarters claimed; the correction is final less received")
    func acconto() {
        var monthly: [Month: Money] = [:]
        for m in 1...12 { monthly[Month(year: 2023, month: m)] = kr(Int64(m) * 1_000) } // 1.000 … 12.000; year 78.000
        let s = Settlement.compute(year: 2023, monthly: monthly, booked: [1: kr(5_000), 2: kr(15_000), 3: kr(24_000), 4: kr(30_000)])
        #expect(s.quarters.map(\.acconto) == [kr(6_000), kr(15_000), kr(24_000), kr(33_000)])
        #expect(s.final == kr(78_000) && s.correction == kr(4_000))
        #expect(s.deadlines.map(\.day.iso) == ["2024-02-15", "2024-03-01", "2024-05-15", "2024-05-31"])
    }
}
