import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Each krone counts once, on the files OS2bos 3.8.0's own code wrote (Tests/Fixtures/os2bos,
/// its README lists every case and payment): the report alone, the report with the PRISME files
/// its nightly export wrote, and the report with ERP postings of the invoices.
@Suite("OS2bos and the ledger", .serialized)
struct OS2bosLedgerTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fixtures/os2bos")
    /// The day after the report was written (2026-12-01): every payment due up to 1 December is due.
    static let today = Day(year: 2026, month: 12, day: 2)!

    /// The paid rows (README "Paid rows"): plan 2's eight hand-paid invoices 7 × 40.000 + 38.750,
    /// plan 3's 18 × 13.269, plan 9's 22 × 275 and plan 5's 2.500 = 566.142 kr.
    static let paidTotal = Money(kroner: 566_142)
    /// Due, unpaid, not fictive (README "Unpaid INVOICE payments", due by 1 December 2026): plan 1's
    /// 24 × 95.000, plan 2's 2 × 40.000, plan 4's 16 × 12.000 (Sep 2025-Dec 2026), plan 8's 5 × 1.850.
    static let dueUnbookedTotal = Money(kroner: 2_280_000 + 80_000 + 192_000 + 9_250)

    func importReport(_ store: SQLStore) async throws -> ImportOutcome {
        _ = try await store.migrate()
        try await store.setSetting("kommune", "151") // Ballerup, the acting municipality of every case
        return try await ImportRunner().run(
            kind: .os2bosPayments, file: Self.fixtures.appendingPathComponent("granted_payments_3.csv"), importedBy: "t", into: store)
    }

    /// What every scheme reads: the sum and count of the postings as they count.
    func costBase(_ store: SQLStore) async throws -> (total: Money, count: Int, postings: [Posting]) {
        let list = Collected<Posting>()
        try await store.forEachPosting { list.add($0) }
        let all = list.all
        return (all.reduce(.zero) { $0 + $1.amount }, all.count, all)
    }

    @Test(
        "The report alone: every non-fictive payment is kept; the paid ones count, due invoices are findings, not lost", arguments: Backend.available)
    func reportAlone(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            let outcome = try await importReport(store)
            #expect(outcome.summary.rowCount == 107)
            #expect(outcome.skipped == ["fiktive betalinger": 1])
            #expect(outcome.notesText?.contains("betalte betalinger i 2025") == true)
            #expect(outcome.notesText?.contains("planlagte betalinger i 2027") == true)
            let summary = try await PaymentMatchService(store: store, today: Self.today).refresh()
            #expect(summary.counts == ["kun_os2bos": 49, "uden_bogfoering": 47, "planlagt": 11])
            // The report covers 2025-2027: an SDE year 2023 still within reach has no report.
            try await store.recordComputation(
                StoredComputation(
                    scheme: .sde, year: 2023, computedAt: "2026-12-01T00:00:00Z", computedBy: "t",
                    inputs: try await ComputationLedger(store: store).inputs(.sde)))
            let missing = try await WorklistService(store: store).worklist(today: Self.today).manglende_filer
            #expect(
                missing == [
                    "Ingen OS2bos-betalinger for 2023 i de importerede betalingsrapporter, som dækker indeværende år og de to foregående; kun en rapport dannet senest i 2025 dækker året"
                ])
            #expect(summary.amounts["uden_bogfoering"] == Self.dueUnbookedTotal)
            let base = try await costBase(store)
            #expect(base.total == Self.paidTotal && base.count == 49)

            // The municipality may count due planned payments at their planned amount: flagged as an estimate.
            try await store.setSetting(PaymentMatchService.estimateSetting, "ja")
            try await PaymentMatchService(store: store, today: Self.today).ensureCurrent()
            let estimated = try await costBase(store)
            #expect(estimated.total == Self.paidTotal + Self.dueUnbookedTotal)
            #expect(estimated.postings.filter { $0.extra[OS2bosPayment.Key.estimate] != nil }.count == 47)

            let findings = try await PaymentMatchService(store: store, today: Self.today).findings(year: 2026)
            let plan1 = try #require(findings.first { $0.subjectKey == "os2bos-plan-1" })
            #expect(plan1.kind == FindingKind.paymentUnbooked.rawValue && plan1.amount == Money(kroner: 12 * 95_000))
            #expect(plan1.text.contains("medregnet som skøn"))
            #expect(Set(findings.map(\.subjectKey)) == ["os2bos-plan-1", "os2bos-plan-4", "os2bos-plan-8"])
        }
    }

    @Test("The report with OS2bos's own PRISME files: each CASH payment is matched by its plan and counts once", arguments: Backend.available)
    func reportWithPrisme(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await importReport(store)
            let configuration = try #require(try await SDEService(store: store).configurationIfSet())
            let files = try FileManager.default.contentsOfDirectory(atPath: Self.fixtures.appendingPathComponent("prism").path).sorted()
            #expect(files.count == 37)
            var records = 0
            for name in files {
                let url = Self.fixtures.appendingPathComponent("prism/\(name)")
                #expect(try FileRecognition.kind(of: url) == .prisme)
                // As `Jobs.importFile` does it: the file's postings go into SDE's sums as they are stored.
                let o = try await ImportRunner(sdeSums: configuration).run(kind: .prisme, file: url, importedBy: "t", into: store)
                records += o.summary.rowCount
                #expect(o.skipped.values.reduce(0, +) == o.summary.rowCount, "one G68 payment record beside each G69 posting")
            }
            #expect(records == 41)
            let summary = try await PaymentMatchService(store: store, today: Self.today).refresh()
            #expect(summary.counts["matchet"] == 41 && summary.counts["kun_os2bos"] == 8)
            let base = try await costBase(store)
            #expect(base.total == Self.paidTotal && base.count == 49)
            // The PRISME posting carries CPR and plan only; matched, it has the payment's section and period.
            let foster = try #require(base.postings.first { $0.voucher?.hasPrefix("prisme-") == true && $0.amount == Money(kroner: 13_269) })
            #expect(foster.paragraph == "SEL-52-3.7" && foster.payingMunicipality == 350) // child E: Lejre pays
            #expect(foster.extra[OS2bosPayment.Key.matchRule] == PaymentMatching.Rule.plan.rawValue)
            #expect(foster.extra[OS2bosPayment.Key.approvalUser] == "familieleder")
            let childE = try await store.postings(cpr: try CPR(parsing: "0808104008"))
            #expect(childE.count == 18 && childE.allSatisfy { $0.voucher?.hasPrefix("prisme-") == true })

            // Each PRISME file was taken into SDE's sums as it was stored: nothing is read back.
            // (Its postings carry no section, so they add nothing until matched, which the cost
            // view does on every computation.)
            #expect(try await store.refreshSDESums(configuration: configuration) == .current)
        }
    }

    @Test(
        "The report with ERP postings of the invoices (no CPR): matched by function, amount and month; two that fit one payment match neither",
        arguments: Backend.available)
    func reportWithInvoices(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await importReport(store)
            // Plan 1's invoices, paid on the 10th of each month on 5.28.20, and plan 2's ten on 5.28.21
            // (the eight hand-paid in OS2bos too, 38.750 in June after the credit note).
            var lines = ["bilag;dato;beloeb;funktion;tekst"]
            for m in Month(year: 2025, month: 1).index...Month(year: 2026, month: 12).index {
                let month = Month(index: m)
                lines.append("F1-\(month);\(month.firstDay.adding(days: 9).iso);95000,00;5.28.20;Testgården faktura")
            }
            for (i, m) in (3...12).enumerated() {
                let amount = m == 6 ? "38750,00" : "40000,00"
                lines.append("F2-\(i);2025-\(zeroPad(m, 2))-15;\(amount);5.28.21;Testhuset faktura")
            }
            // Two equal postings for plan 4's March 2026 invoice: a person must decide.
            lines.append("F4-a;2026-03-05;12000,00;5.28.21;Testkompagniet")
            lines.append("F4-b;2026-03-20;12000,00;5.28.21;Testkompagniet")
            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(lines.joined(separator: "\n") + "\n", name: "erp.csv"), importedBy: "t", into: store)
            let summary = try await PaymentMatchService(store: store, today: Self.today).refresh()
            #expect(summary.counts["matchet"] == 24 + 10)
            #expect(summary.counts["tvetydig"] == 1)
            let base = try await costBase(store)
            // Paid CASH (41) alone + plan 1 and plan 2 through the ledger; plan 2's paid ones once, not twice.
            let cash = Money(kroner: 238_842 + 6_050 + 2_500)
            let invoices = Money(kroner: 24 * 95_000 + 9 * 40_000 + 38_750)
            #expect(base.total == cash + invoices + Money(kroner: 24_000), "the two unmatched postings stand as booked, without CPR")
            let matched = base.postings.filter { $0.extra[OS2bosPayment.Key.matchRule] == PaymentMatching.Rule.account.rawValue }
            #expect(matched.count == 34 && matched.allSatisfy { $0.cpr != nil && $0.paragraph != nil && $0.period != nil })
            let anton = try await store.postings(cpr: try CPR(parsing: "1403124059"))
            #expect(anton.filter { $0.voucher?.hasPrefix("F1-") == true }.count == 24)
            let ambiguous = try await PaymentMatchService(store: store, today: Self.today).findings(year: 2026).filter {
                $0.kind == FindingKind.paymentAmbiguous.rawValue
            }
            #expect(ambiguous.count == 1 && ambiguous[0].text.contains("passer på 2 posteringer"))

            // A person decides: F4-b pays it. The match is applied at once; F4-a stands as booked.
            let service = PaymentMatchService(store: store, today: Self.today)
            let payment = try #require(
                try await store.os2bosPayments().first { $0.payment.planID == "4" && $0.payment.dueDate == Day(year: 2026, month: 3, day: 1)! })
            guard case .ambiguous(_, let candidates)? = try await store.paymentMatches(cpr: nil)[payment.id] else {
                Issue.record("not ambiguous")
                return
            }
            let chosen = try #require(try await store.postings(ids: candidates).first { $0.posting.voucher == "F4-b" })
            await #expect(throws: PaymentMatchError.self) {
                try await service.decide(paymentID: payment.payment.paymentID, ledger: 999_999, by: "ada", note: nil, page: "test")
            }
            try await service.decide(paymentID: payment.payment.paymentID, ledger: chosen.id, by: "ada", note: "faktura 4711", page: "test")
            #expect(try await store.paymentMatches(cpr: nil)[payment.id] == .matched(ledger: chosen.id, rule: .decided))
            let decided = try await costBase(store).postings.first { $0.voucher == "F4-b" }
            #expect(decided?.cpr?.digits == "2005164004" && decided?.extra[OS2bosPayment.Key.matchRule] == "afgjort")
            #expect(try await service.findings(year: 2026).filter { $0.kind == FindingKind.paymentAmbiguous.rawValue }.isEmpty)
            let audit = try await store.auditEntries(cpr: nil, username: "ada", limit: 5).compactMap(\.purpose)
            #expect(audit.contains("OS2bos-betaling \(payment.payment.paymentID): betalt af postering nr. \(chosen.id); faktura 4711"))
            // "None of them": the payment is unmatched (due and planned: not counted), both postings stand.
            try await service.decide(paymentID: payment.payment.paymentID, ledger: nil, by: "ada", note: nil, page: "test")
            #expect(try await store.paymentMatches(cpr: nil)[payment.id] == .unbooked)
        }
    }

    @Test("A newer report repeats the last one's payments: taken in, each payment read from its newest row, nothing counted twice")
    func newerReport() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "151")
            let jobs = Jobs(store: store, user: "t", origin: "test", today: Self.today)
            let url = Self.fixtures.appendingPathComponent("granted_payments_3.csv")
            _ = try await jobs.importFile(.os2bosPayments, file: url, name: "granted_payments_3.csv")
            // The next report: the same rows, and plan 9's payment of 7 December now paid by the PRISME export.
            let text = try String(contentsOf: url, encoding: .utf8)
            var lines = text.components(separatedBy: "\r\n")
            let i = try #require(lines.firstIndex { $0.contains(",275.00,,2026-12-07,,") })
            lines[i] = lines[i].replacingOccurrences(of: ",275.00,,2026-12-07,,", with: ",275.00,275.00,2026-12-07,2026-12-04,")
            let next = try writeTemp(lines.joined(separator: "\r\n"), name: "granted_payments_3.csv")
            let outcome = try await jobs.importFile(.os2bosPayments, file: next, name: "granted_payments_3.csv")
            #expect(outcome.summary.rowCount == 107)
            let list = Collected<Posting>()
            try await store.forEachPosting { list.add($0) }
            #expect(
                list.all.reduce(Money.zero) { $0 + $1.amount } == Self.paidTotal + Money(kroner: 275), "the newly paid payment once, the rest once")
            let audit = try await store.auditEntries(cpr: nil, username: "t", limit: 10).compactMap(\.purpose)
            #expect(audit.contains { $0.contains("en nyere OS2bos-betalingsrapport gentager betalinger") })
        }
    }

    @Test("The forecast file is refused as costs, by its name and by its expected activities", arguments: Backend.available)
    func expectedRefused(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let url = Self.fixtures.appendingPathComponent("expected_payments_3.csv")
            await #expect {
                try await ImportRunner().run(kind: .os2bosPayments, file: url, importedBy: "t", into: store)
            } throws: { ($0 as? ImportError)?.description.contains("expected_payments: en prognose") == true }
            // Renamed, its expected activity's rows still give it away; nothing is stored.
            let renamed = try writeTemp(try String(contentsOf: url, encoding: .utf8), name: "betalinger.csv")
            await #expect {
                try await ImportRunner().run(kind: .os2bosPayments, file: renamed, importedBy: "t", into: store)
            } throws: {
                guard case .invalidRows(let problems, let total)? = $0 as? ImportError else { return false }
                return total == 13 && problems.allSatisfy { $0.columnName == "activity_status" }
            }
            #expect(try await store.postingCount() == 0)

            // As the forecast's input it is accepted, apart from the ledger. The README's totals by
            // year (paid amount else planned, by paid date else due date) less the fictive 3.500 in 2026.
            #expect(try FileRecognition.kind(of: url) == .os2bosForecast)
            let forecast = try await ImportRunner().run(kind: .os2bosForecast, file: url, importedBy: "t", into: store)
            #expect(forecast.summary.rowCount == 107 && forecast.skipped == ["fiktive betalinger": 1])
            let rows = try await store.os2bosForecast()
            func total(_ year: Int) -> Money { rows.filter { $0.date.year == year }.reduce(.zero) { $0 + $1.amount } }
            #expect(total(2025) == Money(kroner: 1_679_633) && total(2026) == Money(kroner: 1_493_628) && total(2027) == Money(kroner: 99_000))
            #expect(try await store.postingCount() == 0, "never a cost")

            // A vendor's file given as another kind says what it looks like and how to import it.
            for (kind, path, looks) in [
                (
                    ImportKind.postings, "prism/20260130_0_0",
                    "filen ligner KMD Prismes finansposter (G69), ikke posteringer i Hjemtags format; importér den med: hjemtag import prisme 20260130_0_0"
                ),
                (
                    .benefitPayments, "granted_payments_3.csv",
                    "filen ligner OS2bos' betalingsrapport, ikke ydelsesudbetalinger; importér den med: hjemtag import os2bos-betalinger granted_payments_3.csv"
                ),
            ] {
                await #expect {
                    try await ImportRunner().run(kind: kind, file: Self.fixtures.appendingPathComponent(path), importedBy: "t", into: store)
                } throws: {
                    guard case .invalidRows(let problems, _)? = $0 as? ImportError else { return false }
                    return problems.first?.reason == looks
                }
            }
        }
    }
}
