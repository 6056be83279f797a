import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Many citizens' postings in one read (`PostingSelection.citizens`, issue 22 § 2): for each
/// citizen the same postings, as they count, as `postings(cpr:)` gives, OS2bos payments and the
/// ledger postings without CPR that pay them included.
@Suite("Ledger: many citizens' postings in one read equal each citizen's own (SQLite and PostgreSQL)", .serialized)
struct CitizenPostingsTests {
    static func key(_ p: Posting) -> String {
        "\(p.date.iso) \(p.amount.ore) \(p.function) \(p.voucher ?? "-") \(p.paragraph ?? "-") \(p.extra["os2bos_id"] ?? "-")"
    }

    @Test("Each citizen's postings, OS2bos matches included; another citizen's are not among them", arguments: Backend.available)
    func sameAsOneByOne(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await loadOS2bosPlan(into: store)
            // The ERP's payments of plan 1's invoices, without CPR (matched to OS2bos's payments), and
            // postings of three citizens of the ledger's own.
            let ledger = monthlyLedger(
                "bilag;dato;beloeb;funktion;art;cpr;paragraf;tekst", from: Month(year: 2025, month: 1), to: Month(year: 2025, month: 12)
            ) { month in
                ["F1-\(month);\(month.firstDay.adding(days: 9).iso);95000,00;5.28.20;4.0;;;Testgården faktura"]
                    + ["0101701111", "0202802222", "0303903333"].enumerated().map { i, cpr in
                        "L\(i)-\(month);\(month.firstDay.adding(days: 14).iso);\(1000 + i * 250),00;5.46.60;4.0;\(cpr);SEL-52;ydelse"
                    }
            }
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(ledger, name: "erp.csv"), importedBy: "t", into: store)
            #expect(try await PaymentMatchService(store: store, today: Day(year: 2026, month: 12, day: 2)!).refresh().counts["matchet"] == 12)
            let all = Collected<Posting>()
            try await store.forEachPosting(.all) { all.add($0) }
            let citizens = Set(all.all.compactMap(\.cpr))
            #expect(citizens.count >= 4, "the ledger's three and OS2bos's citizen: \(citizens)")
            let attributed = Set(all.all.filter { $0.extra["os2bos_id"] != nil }.compactMap(\.cpr))
            #expect(!attributed.isEmpty, "ledger postings without CPR take the citizen of the OS2bos payment they pay")
            let left = try CPR(parsing: "0303903333")
            let chosen = citizens.subtracting([left])
            #expect(attributed.isSubset(of: chosen))
            let read = Collected<Posting>()
            try await store.forEachPosting(.citizens(chosen)) { read.add($0) }
            for cpr in citizens.sorted() {
                let own = try await store.postings(cpr: cpr).map(Self.key).sorted()
                let inRead = read.all.filter { $0.cpr == cpr }.map(Self.key).sorted()
                if chosen.contains(cpr) {
                    #expect(!own.isEmpty && inRead == own, "\(cpr.masked)")
                } else {
                    #expect(inRead.isEmpty, "a citizen not asked for is not read: \(cpr.masked)")
                }
            }
            #expect(read.all.contains { $0.extra["os2bos_id"] != nil })
        }
    }
}
