import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The moms screening reads only the postings the database chooses (`PostingSelection
/// .vatCandidates`, issue 22 § 2): it must get every posting the screening would act on, with the
/// same finding or error, whatever the posting holds.
@Suite("Moms: the database's choice of postings loses nothing the screening finds (SQLite and PostgreSQL)", .serialized)
struct VATCandidatesTests {
    /// 600 postings drawn over every field the rules V0-V12 read: dates before and after 2007 and
    /// in years with and without a positive list, main accounts 0-7, every kind of art, positive,
    /// negative and zero amounts and VAT, registered, unregistered and operating-agreement CVRs,
    /// every momskode, foundation and other grantors, ownership codes.
    static func ledger(seed: UInt64) -> String {
        var r = SeededRandom(seed: seed)
        var lines = ["bilag;dato;beloeb;funktion;art;cvr;moms;momskode;tilskudsyder;ejerforhold"]
        for i in 1...600 {
            lines.append(
                [
                    "V\(i)", r.pick(["2006-05-01", "2020-03-10", "2024-06-01", "2025-04-10"]),
                    r.pick(["10000,00", "250,50", "0,00", "-5000,00"]), r.pick(["5.38.50", "0.22.02", "6.45.51", "7.10.00", "3.22.01"]),
                    r.pick(["", "2.2", "2.6", "4.0", "4.5", "4.9", "1.0"]), r.pick(["", "11111111", "22222222", "33333333"]),
                    r.pick(["", "0,00", "2500,00", "-100,00"]), r.pick(["", "R", "K", "X"]), r.pick(["", "Fond", "stat"]),
                    r.pick(["", "4", "2"]),
                ].joined(separator: ";"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// What the screening makes of one posting: its finding's key, rule and amount, or its error.
    static func outcome(_ screening: VATScreening, _ p: Posting) -> String? {
        do throws(VATError) {
            return try screening.screen(p).map { "\($0.key) \($0.rule.rawValue) \($0.amount.ore) \($0.direction.rawValue)" }
        } catch { return "fejl: \(error)" }
    }

    @Test(
        "Every posting the screening acts on is among the candidates, with the same outcome; the candidates are fewer", arguments: Backend.available)
    func superset(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-vat-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            func load(_ kind: ImportKind, _ name: String, _ text: String) async throws {
                let file = dir.appendingPathComponent(name)
                try text.write(to: file, atomically: true, encoding: .utf8)
                _ = try await ImportRunner().run(kind: kind, file: file, importedBy: "test", into: store)
            }
            try await load(.postings, "moms.csv", Self.ledger(seed: 22))
            try await load(
                .vatRegistrations, "momsregistrering.csv", "cvr;fra;til;driftsoverenskomst\n11111111;2000-01-01;;nej\n33333333;2000-01-01;;ja\n")
            // No list for 2024: the screening's error for that year must come through as well.
            try await load(
                .positiveList, "positivliste.csv",
                "aar;funktion;art;sats;ejerforhold4\n2020;5.38.50;4.0;5;ja\n2025;5.38.50;;5;nej\n2025;3.22.01;4.0;17,5;ja\n")
            try await store.setSetting(VATService.vatLiableSetting, "6.45.51")
            let screening = try await VATService(store: store).screening(today: Day(year: 2026, month: 12, day: 3)!)
            let all = Collected<Posting>()
            try await store.forEachPosting(.all) { all.add($0) }
            let chosen = Collected<Posting>()
            try await store.forEachPosting(.vatCandidates) { chosen.add($0) }
            func outcomes(_ list: [Posting]) -> [String: String] {
                Dictionary(list.compactMap { p in Self.outcome(screening, p).map { ("\(p.voucher ?? "")", $0) } }, uniquingKeysWith: { a, _ in a })
            }
            let acted = outcomes(all.all)
            #expect(acted.count > 50, "the drawn postings must reach the rules: \(acted.count)")
            #expect(Set(acted.values.map { $0.split(separator: " ")[1] }).count >= 5, "several rules and the error are reached")
            let got = outcomes(chosen.all)
            #expect(acted.filter { got[$0.key] != $0.value }.keys.sorted() == [], "postings the candidates lost or changed")
            #expect(got.count == acted.count)
            #expect(chosen.all.count < all.all.count)
        }
    }

    @Test("A ledger posting without CVR that pays an OS2bos invoice is screened with the payment's CVR", arguments: Backend.available)
    func matchedPayment(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await loadOS2bosPlan(into: store)
            // Plan 1's invoices, paid in the ERP on the 10th of each month on 5.28.20 art 4.0, without CPR or CVR.
            let ledger = monthlyLedger("bilag;dato;beloeb;funktion;art;tekst", from: Month(year: 2025, month: 1), to: Month(year: 2026, month: 12)) {
                ["F1-\($0);\($0.firstDay.adding(days: 9).iso);95000,00;5.28.20;4.0;Testgården faktura"]
            }
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(ledger, name: "erp.csv"), importedBy: "t", into: store)
            let today = Day(year: 2026, month: 12, day: 2)!
            #expect(try await PaymentMatchService(store: store, today: today).refresh().counts["matchet"] == 24)
            _ = try await ImportRunner().run(
                kind: .vatRegistrations, file: try writeTemp("cvr;fra;til\n11111111;2000-01-01;\n", name: "momsregistrering.csv"), importedBy: "t",
                into: store)
            _ = try await ImportRunner().run(
                kind: .positiveList,
                file: try writeTemp("aar;funktion;art;sats;ejerforhold4\n2025;5.28.20;;5;nej\n2026;5.28.20;;5;nej\n", name: "positivliste.csv"),
                importedBy: "t", into: store)
            // The positive list above gives 5 % on 5.28.20: 95.000 × 5 % = 4.750 kr. an invoice, 24 invoices.
            let found = try await VATService(store: store).analyse(today: today)
            #expect(found.count == 24 && found.allSatisfy { $0.rule == .positiveList && $0.amount == Money(kroner: 4_750) })
            let screening = try await VATService(store: store).screening(today: today)
            let all = Collected<Posting>()
            try await store.forEachPosting(.all) { all.add($0) }
            #expect(all.all.compactMap { Self.outcome(screening, $0) }.count == 24)
        }
    }
}
