import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// An import makes stale the SDE and staircase years its rows can count for, not every year.
@Suite("Stale years of SDE and the staircase", .serialized)
struct StaleYearsTests {
    static let header = "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n"

    /// 100.000 kr. on § 108 in each month of `year`, posted on the 28th.
    static func monthly(_ cpr: String, _ year: Int, months: ClosedRange<Int> = 1...12) -> String {
        months.map { m in
            let month = Month(year: year, month: m)
            return "\(year)-\(zeroPad(m, 2))-28;100000,00;5.38.50;\(cpr);SEL-108;\(month.firstDay.iso);\(month.lastDay.iso)\n"
        }.joined()
    }

    @Test(
        "December's postings make their own year and the next stale (BEK § 6 reads the month before a 67th birthday in the year before), not the years before; a year left current is the same when computed again",
        arguments: Backend.available)
    func yearsAPostingCountsFor(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            // Q in 2020; P, who turns 67 on 15 January 2022, in 2022.
            let history = Self.header + Self.monthly("010170-1111", 2020) + Self.monthly("150155-1234", 2022)
            let first = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(history, name: "historik.csv"), importedBy: "t", into: store)
            #expect(first.summary.days == DateRange(Day(year: 2020, month: 1, day: 1)!, Day(year: 2022, month: 12, day: 31)!))
            let sde = SDEService(store: store)
            let (q2020, _, _) = try await sde.run(year: 2020, by: "t")
            let (p2022, _, _) = try await sde.run(year: 2022, by: "t")
            // Without December 2021 only January counts for P (under 67 when it starts), at the 2022 limit
            // 860.000 kr.: 25 % × (100.000 − 860.000/12) = 7.083,33 kr. (serviceloven § 176 stk. 1 and 3).
            #expect(p2022.totalRefund == Money(ore: 708_333))

            // P's December 2021, dated in 2021: SDE 2021 and 2022 are stale, 2020 is not.
            let december = Self.header + Self.monthly("150155-1234", 2021, months: 12...12)
            let added = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(december, name: "december.csv"), importedBy: "t", into: store)
            #expect(added.summary.days == DateRange(Day(year: 2021, month: 12, day: 1)!, Day(year: 2021, month: 12, day: 31)!))
            let ledger = ComputationLedger(store: store)
            #expect(try await ledger.staleness(.sde, year: 2020) == nil)
            #expect(try await ledger.staleness(.sde, year: 2022)?.changes == ["ny import nr. \(added.summary.id): december.csv"])
            #expect(try await ledger.stale().map(\.computation.year) == [2022])

            // Covered in December 2021 (100.000 × 12 > 850.000), P stays a subject after turning 67
            // (BEK § 6): all twelve months, 25 % × (1.200.000 − 860.000) = 85.000 kr.
            let (again, _, _) = try await sde.run(year: 2022, by: "t")
            #expect(again.totalRefund == Money(kroner: 85_000))
            #expect(try await ledger.staleness(.sde, year: 2022) == nil)
            // 2020, left current, is what it was.
            #expect(try await sde.run(year: 2020, by: "t").0.totalRefund == q2020.totalRefund)

            // Rows without days of their own (households) count for every year.
            let households = "cpr;husstand;fra;til\n150155-1234;H1;2000-01-01;\n"
            _ = try await ImportRunner().run(kind: .households, file: try writeTemp(households, name: "husstande.csv"), importedBy: "t", into: store)
            #expect(try await ledger.stale().compactMap(\.computation.year).sorted() == [2020, 2022])
        }
    }

    /// Weekly Kontanthjælp of 2.000 kr. for the weeks starting on the given Mondays, paid the Friday after.
    static func payments(_ cpr: String, _ mondays: [Day]) -> String {
        "cpr;ydelse;periode_fra;periode_til;beloeb;udbetalingsdato;kilde\n"
            + mondays.map { "\(cpr);Kontanthjælp;\($0.iso);\($0.adding(days: 6).iso);2000,00;\($0.adding(days: 11).iso);KY\n" }.joined()
    }

    @Test(
        "The staircase's year is made stale by payments from its own year or before, not by later ones (its counts look back and carry forward); a year left current is the same when computed again",
        arguments: Backend.available)
    func staircaseLooksBack(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let cpr = "010180-1234"
            let monday = { (y: Int, m: Int, d: Int) in Day(year: y, month: m, day: d)! }
            let history = Self.payments(cpr, [monday(2021, 3, 1), monday(2021, 3, 8), monday(2022, 2, 7), monday(2022, 2, 14)])
            let first = try await ImportRunner().run(
                kind: .benefitPayments, file: try writeTemp(history, name: "ydelser.csv"), importedBy: "t", into: store)
            // The first period's day to the last payment day (Friday 25 February 2022).
            #expect(first.summary.days == DateRange(monday(2021, 3, 1), monday(2022, 2, 25)))
            let staircase = StaircaseService(store: store)
            func compute(_ year: Int) async throws -> [Finding] {
                let (_, lines, _) = try await staircase.reconcile(year: year)
                return try await staircase.storeFindings(lines, year: year, by: "t")
            }
            let before2021 = try await compute(2021)
            // Our weeks with no YR rows: the year's difference is a finding, so the comparison below compares something.
            #expect(before2021.count == 1)
            _ = try await compute(2022)
            let ledger = ComputationLedger(store: store)

            // January 2023's payments change neither year.
            let later = Self.payments(cpr, [monday(2023, 1, 2)])
            _ = try await ImportRunner().run(
                kind: .benefitPayments, file: try writeTemp(later, name: "ydelser-2023.csv"), importedBy: "t", into: store)
            #expect(try await ledger.stale().isEmpty)

            // A payment for March 2022 makes 2022 stale, not 2021.
            let march = Self.payments(cpr, [monday(2022, 3, 7)])
            let added = try await ImportRunner().run(
                kind: .benefitPayments, file: try writeTemp(march, name: "ydelser-marts.csv"), importedBy: "t", into: store)
            #expect(try await ledger.staleness(.staircase, year: 2021) == nil)
            #expect(try await ledger.staleness(.staircase, year: 2022)?.changes == ["ny import nr. \(added.summary.id): ydelser-marts.csv"])
            #expect(try await compute(2021) == before2021)

            // Pension grants carry no days here: a grants file makes every year stale (the staircase
            // reads a grant's day for benefits counted from it).
            _ = try await compute(2022)
            let grants = "cpr;tilkendt_dato;tilkendt_af\n\(cpr);2020-05-01;265\n"
            _ = try await ImportRunner().run(
                kind: .pensionGrants, file: try writeTemp(grants, name: "foertidspension.csv"), importedBy: "t", into: store)
            #expect(try await ledger.stale().filter { $0.computation.scheme == .staircase }.compactMap(\.computation.year).sorted() == [2021, 2022])
        }
    }
}
