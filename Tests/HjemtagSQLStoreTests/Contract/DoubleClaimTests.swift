import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// No cost claimed twice (issue 21 § 6; BEK om den centrale refusionsordning § 1 stk. 3: the
/// municipality that finally bears a cost claims its SDE refund).
@Suite("No cost claimed twice", .serialized)
struct DoubleClaimTests {
    @Test("Costs passed on under § 9 c and also in our SDE test are a finding with both amounts", arguments: Backend.available)
    func passedOnAndRefunded(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            // From 2021 the citizen lives in a § 108 botilbud in Lejre (350), visited by both Roskilde
            // (265, where she lived) and Lejre: flytteret (R5), so Roskilde refunds the serviceloven costs.
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2020-12-31;265;EGEN_BOLIG;\n010170-1111;2021-01-01;;350;SEL108;265+350\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            let postings = try writeTemp(StaleResultsTests.year2021, name: "p.csv")
            _ = try await ImportRunner().run(kind: .postings, file: postings, importedBy: "t", into: store)
            try await IntermunicipalService(store: store).run(by: "t", today: Day(year: 2022, month: 6, day: 1)!)
            let claim = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
            #expect(claim.draft.counterpart == 265 && claim.draft.amount == Money(kroner: 1_200_000))
            // SDE 2021: 12 × 25 % × (100.000 − 850.000/12) = 87.500 kr. (serviceloven § 176, T1 850.000 for 2021).
            let (run, _, findings) = try await SDEService(store: store, today: Day(year: 2022, month: 6, day: 1)!).run(year: 2021, by: "t")
            #expect(run.totalRefund == Money(kroner: 87_500))
            let twice = try #require(findings.first { $0.kind == FindingKind.claimedTwice.rawValue })
            #expect(twice.amount == Money(kroner: 87_500))
            #expect(twice.text.contains("1.200.000,00 kr.") && twice.text.contains("Roskilde Kommune") && twice.text.contains("BEK § 1 stk. 3"))

            // SDE refund booked on her as received: a second finding, with the booked amount.
            try await store.setSetting(SDEService.incomeFunctionsSetting, "5.38.99")
            let booked = try writeTemp("dato;beloeb;funktion;cpr\n2021-12-31;-87500,00;5.38.99;010170-1111\n", name: "refusion.csv")
            _ = try await ImportRunner().run(kind: .postings, file: booked, importedBy: "t", into: store)
            let (_, _, again) = try await SDEService(store: store, today: Day(year: 2022, month: 6, day: 1)!).run(year: 2021, by: "t")
            let bookedFinding = try #require(again.first { $0.kind == FindingKind.claimedTwice.rawValue && $0.subjectKey.contains(":bogfoert:") })
            #expect(
                bookedFinding.amount == Money(kroner: 87_500) && bookedFinding.text.hasPrefix("Der er bogført SDE-refusion på 87.500,00 kr.")
                    && bookedFinding.text.contains("i 2021 vi kræver refunderet af Roskilde Kommune (1.200.000,00 kr.)"))
        }
    }
}
