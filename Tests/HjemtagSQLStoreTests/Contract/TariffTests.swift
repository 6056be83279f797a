import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Internal offers priced by tariff become costs on the citizen that SDE and § 9 c use, marked as
/// tariff-based with the tariff's source (issue 21 § 3; seed 004's "Takstgruppe").
@Suite("Internal tariffs", .serialized)
struct TariffTests {
    static let tariffs =
        "tilbud;enhed;beloeb;fra;til;grundlag;funktion;paragraf;forvaltning\nBotilbuddet Egehuset;dag;3000;2021-01-01;2021-12-31;Byrådets takstbeslutning 2021;5.38.50;SEL-108;SOF\n"

    @Test("A tariff-based cost enters SDE and the § 9 c claim, explained with the tariff", arguments: Backend.available)
    func tariffCostCounts(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            _ = try await ImportRunner().run(kind: .tariffs, file: try writeTemp(Self.tariffs, name: "takster.csv"), importedBy: "t", into: store)
            let uses = "cpr;tilbud;fra;til\n010170-1111;Botilbuddet Egehuset;2021-01-01;2021-12-31\n"
            _ = try await ImportRunner().run(
                kind: .internalUses, file: try writeTemp(uses, name: "interne-ydelser.csv"), importedBy: "t", into: store)
            let costs = try await store.postings(cpr: try CPR(parsing: "010170-1111"))
            // 3.000 a day: 93.000 in January (31 days), 84.000 in February, 365 days 1.095.000.
            #expect(costs.count == 12 && costs.first?.amount == Money(kroner: 93_000) && costs[1].amount == Money(kroner: 84_000))
            #expect(costs.reduce(Money.zero) { $0 + $1.amount } == Money(kroner: 1_095_000))
            // SDE 2021: every month above 850.000/12 and below 1.660.000/12, so 25 % × (1.095.000 − 850.000) = 61.250.
            let (run, _, _) = try await SDEService(store: store, today: Day(year: 2022, month: 6, day: 1)!).run(year: 2021, by: "t")
            #expect(run.totalRefund == Money(kroner: 61_250))
            let explained = try await SDEService(store: store, today: Day(year: 2022, month: 6, day: 1)!)
                .explain(cpr: try CPR(parsing: "010170-1111"), year: 2021)
            let text = try #require(explained.first).1.rendered()
            #expect(
                text.contains(
                    "takstbaseret: Botilbuddet Egehuset, 3.000,00 kr. pr. døgn/dag (Byrådets takstbeslutning 2021); brug fra interne-ydelser.csv linje 2"
                ), "\(text)")

            // Roskilde pays her stay under § 9 c (R5, as in the double-claim test): the claim holds the tariff-based cost.
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2020-12-31;265;EGEN_BOLIG;\n010170-1111;2021-01-01;;350;SEL108;265+350\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            let analysis = try await IntermunicipalService(store: store).analyse(today: Day(year: 2022, month: 6, day: 1)!)
            let claim = try #require(analysis.outgoing.first)
            #expect(claim.amount == Money(kroner: 1_095_000) && claim.payer == 265)
            #expect(claim.lines.allSatisfy { $0.text?.hasPrefix("takstbaseret: Botilbuddet Egehuset") == true })
        }
    }

    @Test("Uses without a tariff for all their days, or by the hour without hours, are said; a bad tariff file is refused with line and column")
    func unpricedAndRefused() async throws {
        let tariff = Tariff(
            offer: "Bostøtte", unit: .hour, amount: Money(kroner: 500),
            period: DateRange(Day(year: 2021, month: 1, day: 1)!, Day(year: 2021, month: 6, day: 30)!),
            basis: "takstberegning 2021", function: AccountFunction(main: 5, group: 38, function: 58), paragraph: "SEL-85", department: nil)
        let cpr = try CPR(parsing: "010170-1111")
        let year = DateRange(Day(year: 2021, month: 1, day: 1)!, Day(year: 2021, month: 12, day: 31)!)
        // 200 hours over the year, priced for its first half (181 of 365 days): 500 × 200 × 181/365.
        let r = TariffCosts.costs(
            [InternalUse(cpr: cpr, offer: "bostøtte", period: year, hours: Rational(200), source: "fil linje 2")], tariffs: [tariff])
        #expect(r.postings.reduce(Money.zero) { $0 + $1.posting.amount } == Money(ore: 4_958_904))
        #expect(r.unpriced.map(\.reason) == ["bostøtte har ingen takst for 184 af brugens 365 dage"])
        let noHours = TariffCosts.costs([InternalUse(cpr: cpr, offer: "Bostøtte", period: year, source: "fil linje 2")], tariffs: [tariff])
        #expect(noHours.postings.isEmpty && noHours.unpriced.first?.reason.contains("pr. time") == true)

        let bad = try writeTemp(
            "tilbud;enhed;beloeb;fra;til;grundlag;funktion\nEgehuset;uge;3000;2021-01-01;2021-12-31;beslutning;5.38.50\n", name: "takster.csv")
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            await #expect {
                try await ImportRunner().run(kind: .tariffs, file: bad, importedBy: "t", into: store)
            } throws: { ($0 as? ImportError)?.description.contains("takster.csv:2:2: kolonne 'enhed': 'uge' er ikke en enhed") == true }
            #expect(try await store.tariffs().isEmpty)
        }
    }
}
