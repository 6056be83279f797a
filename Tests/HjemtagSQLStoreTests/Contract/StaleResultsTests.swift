import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// A stored result records what it was computed from; when that changes, it says so.
@Suite("Stale results", .serialized)
struct StaleResultsTests {
    /// One citizen, 100.000 kr. a month in 2021 on § 108: 12 × 25 % × (100.000 − 850.000/12) = 87.500 kr.
    /// (serviceloven § 176 stk. 1, the 2021 limit 850.000 kr.; the monthly test of BEK 2430/2021).
    static let year2021 =
        "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n"
        + (1...12).map {
            "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;010170-1111;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso)"
        }.joined(separator: "\n") + "\n"

    @Test(
        "A new import, a parameter entry for the scheme or a retention deletion makes the stored result stale; recomputing makes it current",
        arguments: Backend.available)
    func staleness(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(Self.year2021, name: "p.csv"), importedBy: "t", into: store)
            let ledger = ComputationLedger(store: store)
            #expect(try await ledger.staleness(.sde, year: 2021) == nil, "nothing computed yet is not stale")
            let (run, _, _) = try await SDEService(store: store).run(year: 2021, by: "t")
            #expect(run.totalRefund == Money(kroner: 87_500))
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)

            // June gets 20.000 kr. more: still under the second limit, 25 % of it more refund.
            let june =
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til\n2021-06-15;20000,00;5.38.50;010170-1111;SEL-108;2021-06-01;2021-06-30\n"
            let added = try await ImportRunner().run(kind: .postings, file: try writeTemp(june, name: "juni.csv"), importedBy: "t", into: store)
            let stale = try #require(try await ledger.staleness(.sde, year: 2021))
            #expect(stale.changes == ["ny import nr. \(added.summary.id): juni.csv"])
            #expect(stale.notice.hasPrefix("Data eller satser er ændret siden beregningen ") && stale.notice.hasSuffix("— beregn igen."))
            #expect(try await ledger.stale().map(\.computation.scheme) == [.sde])
            let (again, _, _) = try await SDEService(store: store).run(year: 2021, by: "t")
            #expect(again.totalRefund == Money(kroner: 92_500))
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)

            // A rate entered for the staircase does not touch SDE; one for SDE does.
            try await store.enterParameterValues(
                [
                    ParameterEntry(
                        parameterID: "trappe.nulstilling.uger",
                        value: DatedValue(
                            from: Day(year: 2030, month: 1, day: 1)!, to: nil, value: "52", source: "https://example.invalid",
                            checked: Day(year: 2026, month: 11, day: 23)!, enteredBy: "ada"))
                ], by: "ada", origin: "test")
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)
            let entry = try await store.enterParameterValues(
                [
                    ParameterEntry(
                        parameterID: "sde.graense.t1",
                        value: DatedValue(
                            from: Day(year: 2021, month: 1, day: 1)!, to: Day(year: 2021, month: 12, day: 31)!, value: "850000",
                            source: "https://example.invalid", checked: Day(year: 2026, month: 11, day: 23)!, enteredBy: "ada"))
                ], by: "ada", origin: "test")
            #expect(try await ledger.staleness(.sde, year: 2021)?.changes == ["satser indtastet, rettet eller tilbagetrukket"])
            _ = try await SDEService(store: store).run(year: 2021, by: "t")
            // Withdrawn again: the run used the entry, so it is stale once more.
            try await store.withdrawParameterEntry(entry[0].entry, by: "ada", reason: "samme som den leverede værdi")
            #expect(try await ledger.staleness(.sde, year: 2021) != nil)
            _ = try await SDEService(store: store).run(year: 2021, by: "t")

            // A retention deletion that removes rows: the run may rest on rows that are gone.
            _ = try await RetentionService(store: store).run(before: Day(year: 2021, month: 7, day: 1)!, apply: true, by: "ada")
            #expect(try await ledger.staleness(.sde, year: 2021)?.changes == ["data slettet efter opbevaringsreglen"])
            // One that removes nothing changes nothing.
            _ = try await SDEService(store: store).run(year: 2021, by: "t")
            _ = try await RetentionService(store: store).run(before: Day(year: 2021, month: 7, day: 1)!, apply: true, by: "ada")
            #expect(try await ledger.staleness(.sde, year: 2021) == nil)
        }
    }

    @Test("Regression: a setting a later version reads, unset, does not make results computed before it stale")
    func newSetting() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let ledger = ComputationLedger(store: store)
            var inputs = try await ledger.inputs(.sde)
            inputs.settings.removeValue(forKey: PaymentMatchService.estimateSetting)
            try await store.recordComputation(
                StoredComputation(scheme: .sde, year: 2021, computedAt: "2026-11-01T00:00:00Z", computedBy: "t", inputs: inputs))
            let early = try await ledger.staleness(.sde, year: 2021)
            #expect(early == nil, "\(early?.changes ?? [])")
            try await store.setSetting(PaymentMatchService.estimateSetting, "ja")
            #expect(try await ledger.staleness(.sde, year: 2021)?.changes == ["indstillingen os2bos.planlagte_som_skoen er ændret"])
        }
    }

    @Test("A subject keeps its id when its year is computed again, so the audit log's links keep working", arguments: Backend.available)
    func stableSubjectIDs(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(Self.year2021, name: "p.csv"), importedBy: "t", into: store)
            let (first, _, _) = try await SDEService(store: store).run(year: 2021, by: "t")
            let before = try #require(try await store.sdeSubjects(runID: first.id).first)
            let other = Self.year2021.replacingOccurrences(of: "010170-1111", with: "020280-2222")
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(other, name: "q.csv"), importedBy: "t", into: store)
            let (second, _, _) = try await SDEService(store: store).run(year: 2021, by: "t")
            // The year's run keeps its id too (issue 22 § 1); its revision says it was computed again.
            #expect(second.id == first.id)
            #expect(try await store.latestSDERun(year: 2021)?.revision == 1)
            let after = try await store.sdeSubjects(runID: second.id)
            #expect(after.count == 2)
            let same = try #require(after.first { $0.key == before.key })
            #expect(same.id == before.id)
            #expect(try await store.sdeSubject(id: before.id)?.key == before.key)
            let new = try #require(after.first { $0.key != before.key })
            #expect(new.id != before.id)
        }
    }
}
