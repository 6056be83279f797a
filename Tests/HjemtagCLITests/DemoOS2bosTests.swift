import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagCLI

/// The demo municipality's SDE figures do not depend on how its costs arrive (issue 20): booked on
/// the citizen in the ledger; as payments OS2bos marks paid; or as planned OS2bos invoices paid
/// through ledger postings without CPR, which the matching ties to the citizen.
@Suite("Demo: OS2bos invoices and the ledger", .serialized)
struct DemoOS2bosTests {
    static let header =
        "id,amount,paid_amount,date,paid_date,account_string,payment_schedule__payment_id,payment_schedule__payment_frequency,recipient_type,payment_method,fictive,activity__details__name,activity_start_date,activity_end_date,activity_status,section,cpr_number,target_group,paying_municipality"

    /// The demo ledger split in three ways; `nil` keeps every posting on the citizen.
    enum Arrival { case ledger, paidPayments, invoicesAndLedger }

    func files(_ arrival: Arrival, csv: String) -> (ledger: String, os2bos: String?) {
        let lines = csv.split(separator: "\n").map(String.init)
        var ledger = [lines[0]]
        var os2bos = [Self.header]
        var plan = 0
        for line in lines.dropFirst() {
            let f = line.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            // bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst
            guard arrival != .ledger, !f[6].isEmpty, f[7].hasPrefix("SEL-"), let from = Day(parsing: f[8]), let to = Day(parsing: f[9]),
                DateRange(from, to) == from.month.range
            else {
                ledger.append(line)
                continue
            }
            plan += 1
            let amount = f[2].replacingOccurrences(of: ",", with: ".")
            let payer = f[11].isEmpty ? "" : Kommune.lookup(f[11])!.name
            let cpr = f[6].replacingOccurrences(of: "-", with: "")
            let account = "XXX-0" + f[3].replacingOccurrences(of: ".", with: "") + "-XXX"
            let paid = arrival == .paidPayments
            os2bos.append(
                "\(plan),\(amount),\(paid ? amount : ""),\(from.iso),\(paid ? f[1] : ""),\(account),\(plan),MONTHLY,COMPANY,INVOICE,False,Ydelse,\(from.iso),\(to.iso),GRANTED,\(f[7]),\(cpr),\(f[10]),\(payer)"
            )
            if !paid {
                // The invoice paid in the ERP in the service month, without CPR; every other one names its plan.
                let text = plan % 2 == 0 ? "Faktura ref: \(plan)" : "Faktura"
                ledger.append(
                    ["F\(plan)", from.adding(days: 9).iso, f[2], f[3], f[4], f[5], "", "", "", "", f[10], "", "", "", text].joined(separator: ";"))
            }
        }
        return (ledger.joined(separator: "\n") + "\n", arrival == .ledger ? nil : os2bos.joined(separator: "\n") + "\n")
    }

    @Test("SDE 2022 is the same whether the costs are booked on the citizen, paid in OS2bos, or invoiced in OS2bos and paid in the ERP")
    func sameFigures() async throws {
        var town = DemoMunicipality(seed: 7, inhabitants: 28_000, kommune: Kommune.lookup("350")!, years: [2021, 2022])
        let csv = town.postingsCSV(parameters: try ParameterSet.bundled())
        let households = town.householdsCSV()
        var results: [[String]] = []
        for arrival in [Arrival.ledger, .paidPayments, .invoicesAndLedger] {
            let (ledger, os2bos) = files(arrival, csv: csv)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-demo-os2bos-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let store = try await SQLStore.open(dir.appendingPathComponent("s.sqlite").path)
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let jobs = Jobs(store: store, user: "t", origin: "test", today: Day(year: 2026, month: 12, day: 2)!)
            for (kind, name, text) in [(ImportKind.postings, "p.csv", ledger), (.households, "h.csv", households)]
                + (os2bos.map { [(ImportKind.os2bosPayments, "granted_payments_3.csv", $0)] } ?? [])
            {
                let url = dir.appendingPathComponent(name)
                try text.write(to: url, atomically: true, encoding: .utf8)
                _ = try await jobs.importFile(kind, file: url, name: name)
            }
            if arrival == .invoicesAndLedger {
                let summary = try await PaymentMatchService(store: store, today: Day(year: 2026, month: 12, day: 2)!).refresh()
                #expect(summary.counts.keys.sorted() == ["matchet"], "every invoice is matched to its ERP posting: \(summary.text)")
            }
            let (run, subjects, _) = try await SDEService(store: store, today: Day(year: 2026, month: 12, day: 2)!).run(year: 2022, by: "t")
            results.append([run.totalRefund.plain] + subjects.map { "\($0.key) \($0.eligible.plain) \($0.refund.plain)" })
            try await store.close()
        }
        #expect(results[0].count > 10 && results[0][0] != "0.00")
        #expect(results[1] == results[0])
        #expect(results[2] == results[0])
    }
}
