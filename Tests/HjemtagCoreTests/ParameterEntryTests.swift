import Foundation
import Testing

@testable import HjemtagCore

/// The rules an entered parameter value passes, wherever it is entered (CLI, web, parameter file).
/// The SDE tiers are ordered intervals (serviceloven § 176 stk. 1: 25 % above the first limit,
/// 50 % above the second, 75 % above the third), so a lower limit at or above the next is an error.
@Suite("Parameter entries: corrections, withdrawals and the rules they pass")
struct ParameterEntryTests {
    static let checked = Day(year: 2026, month: 11, day: 23)!
    static func day(_ y: Int, _ m: Int, _ d: Int) -> Day { Day(year: y, month: m, day: d)! }

    static func entered(_ value: String, _ from: Day, _ to: Day?, by user: String = "ada") -> DatedValue {
        DatedValue(from: from, to: to, value: value, source: "https://example.invalid/satser", checked: checked, enteredBy: user)
    }

    static let year2022 = (day(2022, 1, 1), day(2022, 12, 31))
    static let year2023 = (day(2023, 1, 1), day(2023, 12, 31))

    @Test("A correction for the same period replaces the wrong entry: 1 kr., then 860.000 kr., gives 860.000 kr.")
    func correctionSupersedes() throws {
        let base = try ParameterSet.bundled()
        let wrong = try base.entering(Self.entered("1", Self.year2023.0, Self.year2023.1), for: "sde.graense.t1")
        #expect(try wrong.money("sde.graense.t1", on: Self.day(2023, 5, 1)).0 == Money(kroner: 1))
        let right = try wrong.entering(Self.entered("860000", Self.year2023.0, Self.year2023.1), for: "sde.graense.t1")
        #expect(try right.money("sde.graense.t1", on: Self.day(2023, 5, 1)).0 == Money(kroner: 860_000))
        #expect(right.definitions["sde.graense.t1"]!.values.filter { $0.enteredBy != nil }.count == 1)
    }

    @Test("Amounts and counts must be above 0, rates 0-100, and a yearly amount needs its last day")
    func valuesAreChecked() throws {
        let set = try ParameterSet.bundled()
        let (from, to) = Self.year2023
        #expect(throws: ParameterEntryError.notPositive(id: "sde.graense.t1", value: "-860000")) {
            try set.entering(Self.entered("-860000", from, to), for: "sde.graense.t1")
        }
        #expect(throws: ParameterEntryError.notPositive(id: "sde.graense.t1", value: "0")) {
            try set.entering(Self.entered("0", from, to), for: "sde.graense.t1")
        }
        #expect(throws: ParameterEntryError.notPositive(id: "trappe.trin2.fra_uge", value: "0")) {
            try set.entering(Self.entered("0", from, nil), for: "trappe.trin2.fra_uge")
        }
        #expect(throws: ParameterEntryError.self) { try set.entering(Self.entered("101", from, nil), for: "sde.sats.t1") }
        #expect(throws: ParameterEntryError.openAmount(id: "sde.graense.t1")) {
            try set.entering(Self.entered("880000", from, nil), for: "sde.graense.t1")
        }
        #expect(throws: ParameterEntryError.parameter(.unknown(id: "findes.ikke"))) {
            try set.entering(Self.entered("1", from, to), for: "findes.ikke")
        }
        // A rate of 0 is a rate (a tier without refund), not a typing error.
        _ = try set.entering(Self.entered("0", from, nil), for: "sde.sats.t1")
    }

    @Test("An entry may cover shipped values (it wins) but never part of another entry")
    func noOverlappingEntries() throws {
        let set = try ParameterSet.bundled()
        // Over the shipped 2022 value: allowed, and it is the one in force.
        let over = try set.entering(Self.entered("865000", Self.year2022.0, Self.year2022.1), for: "sde.graense.t1")
        #expect(try over.money("sde.graense.t1", on: Self.day(2022, 3, 1)).0 == Money(kroner: 865_000))
        // Half of the same year again: refused, naming the entry it would overlap.
        #expect(
            throws: ParameterEntryError.overlaps(
                id: "sde.graense.t1", period: "01.07.2022-31.03.2023", other: "01.01.2022-31.12.2022", by: "ada")
        ) {
            try over.entering(Self.entered("870000", Self.day(2022, 7, 1), Self.day(2023, 3, 31)), for: "sde.graense.t1")
        }
    }

    @Test("A year's limits rise tier by tier: a lower limit at or above the next one is refused on the day it would hold")
    func tiersRise() throws {
        let set = try ParameterSet.bundled()
        let (from, to) = Self.year2022
        // Shipped 2022: 860.000 < 1.680.000 < 2.120.000.
        #expect(
            throws: ParameterEntryError.notIncreasing(
                day: from, lower: "sde.graense.t1", lowerValue: "1.680.000,00 kr.", higher: "sde.graense.t2", higherValue: "1.680.000,00 kr.")
        ) {
            try set.entering(Self.entered("1680000", from, to), for: "sde.graense.t1")
        }
        #expect(throws: ParameterEntryError.self) { try set.entering(Self.entered("2200000", from, to), for: "sde.graense.t2") }
        // From the middle of the year: checked on the day it begins.
        #expect(throws: ParameterEntryError.self) {
            try set.entering(Self.entered("1700000", Self.day(2022, 7, 1), to), for: "sde.graense.t1")
        }
        // For a year with no other limits yet, one limit alone cannot be out of order.
        _ = try set.entering(Self.entered("880000", Self.year2023.0, Self.year2023.1), for: "sde.graense.t2")
    }

    @Test("A withdrawal lets the shipped value, or the error for a missing one, apply again, unless the tiers would no longer rise")
    func withdrawals() throws {
        let set = try ParameterSet.bundled()
        let corrected = Self.entered("865000", Self.year2022.0, Self.year2022.1)
        let with = try set.entering(corrected, for: "sde.graense.t1")
        let without = try with.withdrawing(corrected, from: "sde.graense.t1")
        #expect(try without.money("sde.graense.t1", on: Self.day(2022, 3, 1)).0 == Money(kroner: 860_000))

        let filled = Self.entered("880000", Self.year2023.0, Self.year2023.1)
        let gapClosed = try set.entering(filled, for: "sde.graense.t1")
        #expect(throws: ParameterError.self) {
            try gapClosed.withdrawing(filled, from: "sde.graense.t1").money("sde.graense.t1", on: Self.day(2023, 3, 1))
        }

        // t1 1.700.000 under an entered t2 1.800.000; without t2 the shipped 1.680.000 is below t1.
        let t2 = Self.entered("1800000", Self.year2022.0, Self.year2022.1)
        let both = try set.entering(t2, for: "sde.graense.t2").entering(
            Self.entered("1700000", Self.year2022.0, Self.year2022.1), for: "sde.graense.t1")
        #expect(throws: ParameterEntryError.self) { try both.withdrawing(t2, from: "sde.graense.t2") }
    }

    @Test("No value is asked for or taken after a rule was repealed (§ 176 a ended 31.12.2020, lov 1060/2020)")
    func repealedRule() throws {
        let set = try ParameterSet.bundled()
        #expect(throws: ParameterEntryError.repealed(id: "sde.boern.graense.t1", until: Self.day(2020, 12, 31))) {
            try set.entering(Self.entered("850000", Self.day(2021, 1, 1), Self.day(2021, 12, 31)), for: "sde.boern.graense.t1")
        }
        let problems = set.check(years: [.sde: 2019...2022], today: Self.checked)
        #expect(!problems.contains { $0.parameterID.hasPrefix("sde.boern") && $0.year >= 2021 })
    }

    @Test("The check names every gap, double value, falling tier and value unchecked for a year, for the years with data")
    func check() throws {
        var set = try ParameterSet.bundled()
        // Two stored entries for the same days (as stores written before versioning may hold).
        try set.apply(override: Self.entered("870000", Self.year2022.0, Self.year2022.1), to: "sde.graense.t1")
        try set.apply(override: Self.entered("875000", Self.day(2022, 7, 1), Self.year2022.1), to: "sde.graense.t1")
        try set.apply(override: Self.entered("800000", Self.year2022.0, Self.year2022.1), to: "sde.graense.t2")
        let problems = set.check(years: [.sde: 2021...2023], today: Self.checked)
        func has(_ kind: ParameterCheckProblem.Kind, _ id: String, _ year: Int, _ text: String) -> Bool {
            problems.contains { $0.kind == kind && $0.parameterID == id && $0.year == year && $0.text.contains(text) }
        }
        #expect(has(.missing, "sde.graense.t1", 2023, "ingen verificeret værdi for 2023;"))
        #expect(has(.missing, "sde.graense.t3", 2023, "for 2023;"))
        // Years without a value run together into one problem.
        let longer = set.check(years: [.sde: 2021...2026], today: Self.checked).filter { $0.kind == .missing && $0.parameterID == "sde.graense.t1" }
        #expect(longer.map(\.yearsText) == ["2023-2026"] && longer[0].text.contains("for 2023-2026;"))
        #expect(has(.overlap, "sde.graense.t1", 2022, "01.07.2022-31.12.2022"))
        #expect(has(.notIncreasing, "sde.graense.t1", 2022, "sde.graense.t1 = 870.000,00 kr. ikke under sde.graense.t2 = 800.000,00 kr."))
        // 2021 is complete and in order.
        #expect(!problems.contains { $0.year == 2021 })
        // Only the scheme's own years: staircase parameters are not asked about without staircase data.
        #expect(!problems.contains { $0.parameterID.hasPrefix("trappe") })
        // A year later every shipped value in use has gone unchecked for a year; each is named once.
        let later = try ParameterSet.bundled().check(years: [.sde: 2021...2022], today: Self.checked.adding(years: 1).adding(days: 1))
        let unchecked = later.filter { $0.kind == .unchecked }
        #expect(unchecked.count == Set(unchecked.map(\.text)).count && unchecked.contains { $0.parameterID == "sde.graense.t1" && $0.year == 2021 })
        #expect(unchecked.contains { $0.parameterID == "sde.sats.t1" } && unchecked.filter { $0.parameterID == "sde.sats.t1" }.count == 1)
    }

    /// Invariant: whatever sequence of entries and withdrawals is accepted, no day is covered by
    /// two entries and the SDE limits rise on every day of the years entered.
    @Test("Property: accepted entries and withdrawals never leave two entries on a day or falling tiers")
    func acceptedSequencesKeepTheRules() throws {
        var rng = SeededRandom(seed: 176)
        let ids = ["sde.graense.t1", "sde.graense.t2", "sde.graense.t3"]
        var (accepted, refused, withdrawn) = (0, 0, 0)
        for _ in 0..<40 {
            var set = try ParameterSet.bundled()
            var entered: [(String, DatedValue)] = []
            for _ in 0..<25 {
                if !entered.isEmpty, Int.random(in: 0..<4, using: &rng) == 0 {
                    let (id, v) = entered.remove(at: Int.random(in: 0..<entered.count, using: &rng))
                    if let next = try? set.withdrawing(v, from: id) {
                        set = next
                        withdrawn += 1
                    } else {
                        entered.append((id, v))
                    }
                    continue
                }
                let id = ids[Int.random(in: 0..<3, using: &rng)]
                let year = Int.random(in: 2022...2024, using: &rng)
                let from = Self.day(year, [1, 1, 7][Int.random(in: 0..<3, using: &rng)], 1)
                let to = Self.day(year + Int.random(in: 0...1, using: &rng), 12, 31)
                let value = DatedValue(
                    from: from, to: to, value: String(Int.random(in: 1...30, using: &rng) * 100_000), source: "https://example.invalid",
                    checked: Self.checked, enteredBy: "p")
                if let next = try? set.entering(value, for: id) {
                    set = next
                    accepted += 1
                    entered.removeAll { $0.0 == id && $0.1.from == from && $0.1.to == to }
                    entered.append((id, value))
                } else {
                    refused += 1
                }
            }
            let problems = set.check(years: [.sde: 2022...2025], today: Self.checked)
            #expect(!problems.contains { $0.kind == .overlap || $0.kind == .notIncreasing }, "\(problems.filter { $0.kind != .missing })")
        }
        // The sequences exercised all three paths, not just refusals.
        #expect(accepted > 100 && refused > 100 && withdrawn > 20, "\(accepted) accepted, \(refused) refused, \(withdrawn) withdrawn")
    }

    /// The check judges a stretch of days by its first day; day by day (as it did before) must
    /// give the same gaps and doubled days, whatever values overlap or leave holes.
    @Test("Gaps and doubled days found stretch by stretch are those found day by day")
    func stretchesAreDays() throws {
        var rng = SeededRandom(seed: 176)
        let id = "sde.graense.t1"
        for _ in 0..<60 {
            var set = try ParameterSet.bundled()
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                let from = Self.day(
                    Int.random(in: 2021...2024, using: &rng), Int.random(in: 1...12, using: &rng), Int.random(in: 1...28, using: &rng))
                let to = Bool.random(using: &rng) ? from.adding(days: Int.random(in: 0...500, using: &rng)) : nil
                let value = DatedValue(
                    from: from, to: to, value: "900000", source: "https://example.invalid", checked: Self.checked,
                    enteredBy: Bool.random(using: &rng) ? "p" : nil)
                try set.apply(override: value, to: id)
            }
            let years = 2021...2025
            let found = set.check(years: [.sde: years], today: Self.checked).filter { $0.parameterID == id }
            // The rule day by day, over the same values.
            let d = try #require(set.definitions[id])
            var missing: [(Day, Day)] = []
            var doubled: [Int: [(Day, Day)]] = [:]
            func extend(_ list: inout [(Day, Day)], _ day: Day) {
                if let last = list.last, last.1.adding(days: 1) == day { list[list.count - 1].1 = day } else { list.append((day, day)) }
            }
            for year in years {
                guard let firstStart = d.values.map(\.from).min(), firstStart <= Self.day(year, 12, 31) else { continue }
                var day = max(firstStart, Self.day(year, 1, 1))
                while day <= Self.day(year, 12, 31) {
                    let covering = d.values.filter { $0.covers(day) }
                    let entered = covering.filter { $0.enteredBy != nil }
                    let closedShipped = covering.filter { $0.enteredBy == nil && $0.to != nil }
                    if covering.isEmpty { extend(&missing, day) }
                    if entered.count > 1 || (entered.isEmpty && closedShipped.count > 1) { extend(&doubled[year, default: []], day) }
                    day = day.adding(days: 1)
                }
            }
            #expect(found.filter { $0.kind == .missing }.map { "\($0.year)-\($0.lastYear)" } == missing.map { "\($0.0.year)-\($0.1.year)" })
            #expect(found.filter { $0.kind == .overlap }.count == doubled.values.map(\.count).reduce(0, +))
            for (year, list) in doubled {
                for (a, b) in list {
                    let text = a == Self.day(year, 1, 1) && b == Self.day(year, 12, 31) ? String(year) : "\(a.danish)-\(b.danish)"
                    #expect(found.contains { $0.kind == .overlap && $0.year == year && $0.text.contains(text) }, "\(year): \(text)")
                }
            }
        }
    }
}
