import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// An ambiguous OS2bos match is decided on its finding's page by a person allowed to change it.
@Suite("OS2bos: an ambiguous match decided on the web", .serialized)
struct PaymentDecisionWebTests {
    @Test("The finding lists the postings that fit; choosing one matches it, makes SDE stale and is audit-logged; the auditor only reads")
    func decide() async throws {
        let f = try await WebSDETests.fixture()
        // One planned invoice for a SOF citizen in March 2021, and two equal ledger postings without CPR.
        let report =
            "id,amount,paid_amount,date,paid_date,account_string,payment_schedule__payment_id,payment_schedule__payment_frequency,payment_method,fictive,activity_start_date,activity_end_date,section,cpr_number,target_group,paying_municipality\n"
            + "501,12000.00,,2021-03-01,,XXX-528211007-XXX,40,MONTHLY,INVOICE,False,2021-01-01,,SEL-52-3.6,0202702222,SOF,\n"
        let ledger = "bilag;dato;beloeb;funktion;tekst\nA1;2021-03-05;12000,00;5.28.21;Kontaktperson\nA2;2021-03-20;12000,00;5.28.21;Kontaktperson\n"
        for (kind, name, text) in [(ImportKind.os2bosPayments, "granted_payments_3.csv", report), (.postings, "erp.csv", ledger)] {
            let url = f.dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            _ = try await Jobs(store: f.store, user: "test", origin: "test", today: .today).importFile(kind, file: url, name: name)
        }
        _ = try await SDEService(store: f.store).run(year: 2021, by: "test")
        let finding = try #require(
            try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first {
                $0.finding.kind == FindingKind.paymentAmbiguous.rawValue
            })
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let read = String(buffer: try await client.execute(uri: "/fund/\(finding.id)", method: .get, headers: headers(rita)).body)
            #expect(read.contains("Hvilken postering betaler betalingen?") && !read.contains(#"type="radio""#), "the auditor sees, never chooses")

            let anna = try await WebSDETests.logIn(client, as: "anna")
            let page = String(buffer: try await client.execute(uri: "/fund/\(finding.id)", method: .get, headers: headers(anna)).body)
            #expect(page.contains(#"type="radio" name="postering""#) && page.contains("<td>A1</td>") && page.contains("<td>A2</td>"))
            let a2 = try #require(try await f.store.postings(ids: Array(1...100)).first { $0.posting.voucher == "A2" }).id
            let csrf = try #require(hiddenCSRF(page))
            let r = try await client.execute(
                uri: "/fund/\(finding.id)/betaling", method: .post, headers: headers(anna, form: true),
                body: formBody(["csrf": csrf, "postering": String(a2), "note": "faktura 17"]))
            #expect(r.status == .seeOther)
            let after = String(buffer: try await client.execute(uri: "/fund/\(finding.id)", method: .get, headers: headers(anna)).body)
            #expect(!after.contains(#"type="radio""#))
            let sde = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            #expect(sde.contains("Data eller satser er ændret siden beregningen"), "the decision makes the year's result stale")
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 20).compactMap(\.purpose)
        #expect(audit.contains { $0.hasPrefix("OS2bos-betaling 501: betalt af postering nr.") && $0.hasSuffix("faktura 17") })
        try await f.store.close()
    }
}
