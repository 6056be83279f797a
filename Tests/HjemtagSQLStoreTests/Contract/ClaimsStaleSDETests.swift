import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// SDE's check for costs claimed twice reads mellemkommunal's claims (BEK om den centrale
/// refusionsordning § 1 stk. 3), so a claim found, rejected or dropped changes SDE's findings: the
/// year the claim covers is shown stale until it is computed again, and no other year is.
@Suite("SDE is stale when the claims it checks change", .serialized)
struct ClaimsStaleSDETests {
    @Test("A claim rejected makes the year it covers stale, not another year; a status that changes nothing does not", arguments: Backend.available)
    func claimsMakeSDEStale(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let today = Day(year: 2022, month: 6, day: 1)!
            // From 2021 in a § 108 botilbud in Lejre (350), visited by Roskilde (265) and Lejre:
            // flytteret (R5), Roskilde refunds the serviceloven costs (as in DoubleClaimTests).
            let ophold = try writeTemp(
                "cpr;fra;til;kommune;boligtype;visiteret_af\n010170-1111;2015-01-01;2020-12-31;265;EGEN_BOLIG;\n010170-1111;2021-01-01;;350;SEL108;265+350\n",
                name: "ophold.csv")
            _ = try await ImportRunner().run(kind: .residence, file: ophold, importedBy: "t", into: store)
            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(StaleResultsTests.year2021, name: "p.csv"), importedBy: "t", into: store)
            try await IntermunicipalService(store: store).run(by: "t", today: today)
            let claim = try #require(try await store.claims(direction: .outgoing, includeInactive: false).first)
            #expect(claim.draft.from.year == 2021)
            let sde = SDEService(store: store, today: today)
            // 2021: 12 × 25 % × (100.000 − 850.000/12) = 87.500 kr. (serviceloven § 176), claimed twice.
            let (_, _, findings) = try await sde.run(year: 2021, by: "t")
            #expect(findings.contains { $0.kind == FindingKind.claimedTwice.rawValue })
            _ = try await sde.run(year: 2020, by: "t")
            let ledger = ComputationLedger(store: store)
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)

            // Mellemkommunal again on the same data: what the check reads is the same.
            try await IntermunicipalService(store: store).run(by: "t", today: today)
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)
            #expect(try await ledger.stale().isEmpty)

            // January 2022's stay passed on too: a claim of its own for 2022 (a claim is a payer's
            // year), 2021's the same, and the import's days count for SDE 2022 and 2023 only (decision 0014).
            let january =
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n2022-01-28;100000,00;5.38.50;010170-1111;SEL-108;2022-01-01;2022-01-31\n"
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(january, name: "jan.csv"), importedBy: "t", into: store)
            try await IntermunicipalService(store: store).run(by: "t", today: today)
            let claims = try await store.claims(direction: .outgoing, includeInactive: false)
            #expect(claims.map(\.draft.key).sorted() == [claim.draft.key, claim.draft.key.replacingOccurrences(of: ":2021", with: ":2022")])
            #expect(claims.first { $0.draft.key == claim.draft.key }?.draft.lines == claim.draft.lines)
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)

            // Sent: a status that changes nothing the check reads.
            try await store.setClaimStatus(id: claim.id, to: .sent, note: nil, by: "t")
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)

            // Rejected by Roskilde: the costs are ours to bear, and 2021's finding no longer holds.
            try await store.setClaimStatus(id: claim.id, to: .rejected, note: "afvist af Roskilde", by: "t")
            let stale = try #require(try await ledger.staleness(.sde, year: 2021))
            #expect(stale.changes == ["mellemkommunale krav, som kontrollen for dobbelt hjemtagelse læser, er ændret"])
            #expect(try await ledger.staleness(.sde, year: 2020) == nil, "the claim covers no part of 2020")
            #expect(try await ledger.stale().map { $0.computation.year } == [2021])

            let (_, _, again) = try await sde.run(year: 2021, by: "t")
            #expect(!again.contains { $0.kind == FindingKind.claimedTwice.rawValue })
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)
        }
    }
}
