import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Savings valued net of refund (issue 21 § 2), golden cases computed by hand from the law.
/// SDE 2021: T1 850.000 (25 %), T2 1.660.000 (50 %), T3 2.090.000 (75 %), each month against a
/// twelfth (serviceloven § 176 stk. 1, BEK om den centrale refusionsordning § 3).
@Suite("Savings scenario", .serialized)
struct ScenarioTests {
    static let cpr = try! CPR(parsing: "010170-1111")
    static let june2022 = Day(year: 2022, month: 6, day: 1)!

    static func ledger(_ kroner: Int, betalingskommune: String = "") -> String {
        "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;betalingskommune\n"
            + (1...12).map {
                "2021-\(zeroPad($0, 2))-28;\(kroner),00;5.38.50;010170-1111;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso);\(betalingskommune)"
            }.joined(separator: "\n") + "\n"
    }

    func prepared(_ store: SQLStore, ledger: String) async throws {
        _ = try await store.migrate()
        try await store.setSetting("kommune", "350")
        _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(ledger, name: "p.csv"), importedBy: "t", into: store)
    }

    func evaluate(_ store: SQLStore, _ csv: String) async throws -> ScenarioResult {
        let cases = try await FileReading.scenarioCases(try writeTemp(csv, name: "scenarie.csv"))
        return try await ScenarioService(store: store, today: Self.june2022).evaluate(cases, year: 2021, by: "t")
    }

    @Test("A saving on a case in the 75 % tier is worth a quarter of its gross", arguments: Backend.available)
    func quarterOfGross(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await prepared(store, ledger: Self.ledger(200_000))
            // 200.000 a month, above T3/12 = 174.166,67; from July 180.000, still above it.
            // Gross 6 × −20.000 = −120.000; SDE 6 × 75 % × −20.000 = −90.000; net −30.000.
            let r = try await evaluate(store, "cpr;fra;ny_maanedlig_udgift;initiativ\n010170-1111;2021-07-01;180000;Team Dyre familier\n")
            let e = try #require(r.cases.first).effect
            #expect(e.grossCost == Money(kroner: -120_000))
            #expect(e.sdeRefund == Money(kroner: -90_000))
            #expect(e.net == Money(kroner: -30_000))
            #expect(r.byInitiative.first?.name == "Team Dyre familier" && r.byInitiative.first?.effect == e)
            let july = try #require(r.cases.first?.months[6])
            #expect(july.costBefore == Money(kroner: 200_000) && july.costAfter == Money(kroner: 180_000))
            #expect(july.marginalRate == Rational(3, 4))
            // The citizen's figures were shown: logged.
            let logged = try await store.auditEntries(AuditFilter(cpr: Self.cpr), limit: 10, offset: 0)
            #expect(logged.contains { $0.page == "scenarie 2021" })
        }
    }

    @Test("Moved to LAB: the SDE refund lost and the staircase refund gained", arguments: Backend.available)
    func movedToLAB(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await prepared(store, ledger: Self.ledger(100_000))
            // 1-28 November 2021 (ISO weeks 44-47) as kontanthjælp, 30.000 a month: 28/30 × 30.000
            // = 28.000, 7.000 a week, weeks 1-4 on the staircase at 80 % (finansieringsloven § 5
            // stk. 2): 22.400. The service ends after 28 November, so November and December's
            // 200.000 go. SDE was 25 % × (100.000 − 850.000/12) = 7.291,67 a month: 12 months
            // 87.500,00, 10 months 72.916,67 (rounded once), a loss of 14.583,33.
            let r = try await evaluate(
                store, "cpr;fra;ny_maanedlig_udgift;ny_hjemmel;ydelse;slut\n010170-1111;2021-11-01;30000;LAB-32;kontanthjaelp;2021-11-28\n")
            let e = try #require(r.cases.first).effect
            #expect(e.grossCost == Money(kroner: -172_000))
            #expect(e.sdeRefund == Money(ore: -1_458_333))
            #expect(e.staircaseRefund == Money(kroner: 22_400))
            #expect(e.net == Money(ore: -17_200_000 + 1_458_333 - 2_240_000))
        }
    }

    @Test("Another municipality pays under § 9 c: the saving is its, not ours", arguments: Backend.available)
    func paidByAnother(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            // Roskilde (265) pays her § 108 stay in Lejre (350) under flytteret (R5), as in the
            // double-claim test; the ledger says so (betalingskommune), so SDE leaves it out.
            try await prepared(store, ledger: Self.ledger(100_000, betalingskommune: "265"))
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2020-12-31;265;EGEN_BOLIG;\n010170-1111;2021-01-01;;350;SEL108;265+350\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            // From July 80.000: gross −120.000, Roskilde pays 120.000 less, net 0.
            let r = try await evaluate(store, "cpr;fra;ny_maanedlig_udgift\n010170-1111;2021-07-01;80000\n")
            let e = try #require(r.cases.first).effect
            #expect(e.grossCost == Money(kroner: -120_000))
            #expect(e.intermunicipal == Money(kroner: -120_000))
            #expect(e.sdeRefund == .zero)
            #expect(e.net == .zero)
        }
    }

    @Test("A bad scenario file is refused with file, line, column and reason; a stored one replaces the last", arguments: Backend.available)
    func fileChecks(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await prepared(store, ledger: Self.ledger(100_000))
            let bad = "cpr;fra;ny_maanedlig_udgift;ydelse;slut\n010170-1111;2021-07-01;;;\n010170-1111;2021-07-01;-5;a_dagpenge;2021-06-01\n"
            do {
                _ = try await FileReading.scenarioCases(try writeTemp(bad, name: "scenarie.csv"))
                Issue.record("a bad file was read")
            } catch ImportError.invalidRows(let problems, _) {
                let text = problems.map(\.description)
                #expect(text.contains { $0.hasPrefix("scenarie.csv:2:2: kolonne 'fra': rækken siger ikke hvad der ændres") })
                #expect(text.contains { $0.hasPrefix("scenarie.csv:3:3:") && $0.contains("negativ") })
                #expect(text.contains { $0.hasPrefix("scenarie.csv:3:4:") && $0.contains("udbetales ikke af kommunen") })
                #expect(text.contains { $0.hasPrefix("scenarie.csv:3:5:") && $0.contains("før fra-datoen") })
            }
            let first = try writeTemp("cpr;fra;slut;initiativ\n010170-1111;2021-07-01;2021-09-30;A\n", name: "s1.csv")
            _ = try await ImportRunner().run(kind: .scenarioCases, file: first, importedBy: "t", into: store)
            let second = try writeTemp("cpr;fra;ny_maanedlig_udgift;initiativ\n010170-1111;2021-10-01;90000;B\n", name: "s2.csv")
            _ = try await ImportRunner().run(kind: .scenarioCases, file: second, importedBy: "t", into: store)
            let stored = try await store.scenarioCases()
            #expect(stored.count == 1 && stored[0].initiative == "B" && stored[0].monthlyCost == Money(kroner: 90_000) && stored[0].line == 2)
        }
    }
}
