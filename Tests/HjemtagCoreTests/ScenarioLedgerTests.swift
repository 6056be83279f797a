import Foundation
import Testing

@testable import HjemtagCore

/// How a scenario case changes a citizen's postings (issue 21 § 2), and the SDE invariant it
/// must keep: a saving never loses more refund than the top rate of the saving.
@Suite("Savings scenario: the ledger under a case")
struct ScenarioLedgerTests {
    let cpr = try! CPR(parsing: "010170-1111")
    let parameters = try! ParameterSet.bundled()

    func monthly(_ kroner: Int64, year: Int = 2021, months: ClosedRange<Int> = 1...12) -> [Posting] {
        months.map { m in
            let month = Month(year: year, month: m)
            return Posting(
                date: month.firstDay, amount: Money(kroner: kroner), function: AccountFunction(main: 5, group: 38, function: 50), cpr: cpr,
                paragraph: "SEL-108", period: month.range)
        }
    }

    @Test("A change from a day inside a month moves only the days from it; the pieces sum to the posting")
    func splitByDays() {
        let quarter = Posting(
            date: Day(year: 2021, month: 1, day: 1)!, amount: Money(kroner: 90_000), function: AccountFunction(main: 5, group: 38, function: 50),
            cpr: cpr, paragraph: "SEL-108", period: DateRange(Day(year: 2021, month: 1, day: 1)!, Day(year: 2021, month: 3, day: 31)!))
        let parts = ScenarioLedger.monthlyParts([quarter])
        // SDEPeriodisation: 90.000 × 31/90, × 28/90, and the rest.
        #expect(parts.map(\.amount) == [Money(kroner: 31_000), Money(kroner: 28_000), Money(kroner: 31_000)])
        // Ended after 14 February: February keeps 14 of its 28 days (14.000), March goes.
        let c = ScenarioCase(cpr: cpr, from: Day(year: 2021, month: 2, day: 15)!, end: Day(year: 2021, month: 2, day: 14)!)
        let ended = ScenarioLedger.apply(c, to: parts, through: Day(year: 2021, month: 12, day: 31)!)
        #expect(ended.postings.map(\.amount).reduce(.zero, +) == Money(kroner: 45_000))
        // A new monthly cost of 20.000 from 15 February: 14/28 of it in February, all of it in March.
        let cheaper = ScenarioCase(cpr: cpr, from: Day(year: 2021, month: 2, day: 15)!, monthlyCost: Money(kroner: 20_000))
        let applied = ScenarioLedger.apply(cheaper, to: parts, through: Day(year: 2021, month: 3, day: 31)!)
        #expect(applied.postings.map(\.amount).reduce(.zero, +) == Money(kroner: 31_000 + 14_000 + 10_000 + 20_000))
        #expect(applied.benefits.isEmpty)
    }

    @Test("The new monthly cost keeps the make-up of the costs it replaces, not that of a later credit without a paragraph")
    func newCostKeepsItsKind() {
        // Found in the browser test: a later ledger's refund of a user charge (credit, no paragraph)
        // made the new cost look like no service at all, so SDE and § 9 c lost all of it.
        var parts = ScenarioLedger.monthlyParts(monthly(100_000))
        parts.append(
            Posting(
                date: Day(year: 2022, month: 2, day: 26)!, amount: Money(ore: -25_050), function: AccountFunction(main: 5, group: 38, function: 50),
                cpr: cpr))
        let c = ScenarioCase(cpr: cpr, from: Day(year: 2021, month: 7, day: 1)!, monthlyCost: Money(kroner: 80_000))
        let applied = ScenarioLedger.apply(c, to: parts, through: Day(year: 2021, month: 12, day: 31)!)
        let new = applied.postings.filter { $0.text?.hasPrefix("scenarie") == true }
        #expect(new.count == 6 && new.allSatisfy { $0.paragraph == "SEL-108" && $0.amount == Money(kroner: 80_000) })
    }

    @Test("Moved to LAB: the cost from the day is a benefit payment, no longer a service posting")
    func movedToBenefit() throws {
        let benefit = try #require(Benefit.lookup("kontanthjaelp"))
        let c = ScenarioCase(
            cpr: cpr, from: Day(year: 2021, month: 11, day: 1)!, monthlyCost: Money(kroner: 30_000), legalBasis: "LAB-32", benefit: benefit.code,
            end: Day(year: 2021, month: 11, day: 28)!)
        let applied = ScenarioLedger.apply(c, to: monthly(100_000), through: Day(year: 2021, month: 12, day: 31)!, benefit: benefit)
        #expect(applied.postings.count == 10)
        // 30.000 × 28/30 days of November.
        #expect(applied.benefits.map(\.amount) == [Money(kroner: 28_000)])
        #expect(applied.benefits.first?.period == DateRange(Day(year: 2021, month: 11, day: 1)!, Day(year: 2021, month: 11, day: 28)!))
    }

    @Test("The baseline goes on at the last complete month's level where the ledger stops, only for months without costs")
    func continuation() {
        let parts = ScenarioLedger.monthlyParts(monthly(50_000, months: 1...9))
        let added = ScenarioLedger.continuation(of: parts, horizon: Day(year: 2021, month: 10, day: 12)!, year: 2021)
        #expect(added.map { $0.period!.start.month } == [10, 11, 12].map { Month(year: 2021, month: $0) })
        #expect(added.allSatisfy { $0.amount == Money(kroner: 50_000) })
        // Known to the end of the year: nothing to carry on.
        #expect(ScenarioLedger.continuation(of: parts, horizon: Day(year: 2021, month: 12, day: 31)!, year: 2021).isEmpty)
    }

    @Test("Property: a saving changes the SDE refund by no more than 75 % of it, and never raises it")
    func savingNeverRaisesRefund() throws {
        var rng = SeededRandom(seed: 21_2)
        let config = SDEConfiguration(ownMunicipality: 350)
        for _ in 0..<200 {
            let level = Int64(rng.int(10_000...400_000))
            let cut = Int64(rng.int(0...Int(level)))
            let from = Day(year: 2021, month: rng.int(1...12), day: rng.int(1...28))!
            let c = ScenarioCase(cpr: cpr, from: from, monthlyCost: Money(kroner: level - cut))
            let parts = ScenarioLedger.monthlyParts(monthly(level))
            let after = ScenarioLedger.apply(c, to: parts, through: Day(year: 2021, month: 12, day: 31)!)
            func refund(_ postings: [Posting]) throws -> Money {
                var calc = try SDECalculator(year: 2021, configuration: config, parameters: parameters)
                for p in postings { calc.add(p) }
                return try calc.result().totalRefund
            }
            let gross = after.postings.map(\.amount).reduce(.zero, +) - parts.map(\.amount).reduce(.zero, +)
            let lost = try refund(after.postings) - refund(parts)
            #expect(gross.ore <= 0 && lost.ore <= 0)
            // 75 % of the saving, with one øre for the year's single rounding.
            #expect(-lost.ore * 4 <= -gross.ore * 3 + 4, "niveau \(level), besparelse \(cut) fra \(from)")
        }
    }
}
