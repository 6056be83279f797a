import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Web audit log export", .serialized)
struct WebAuditExportTests {
    @Test("The auditor exports the audit log as CSV with the drill-downs; the export is logged; a caseworker is refused")
    func export() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            let link = try #require(list.range(of: #"/sde/emne/\d+"#, options: .regularExpression).map { String(list[$0]) })
            _ = try await client.execute(uri: link, method: .get, headers: headers(anna))
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let csv = try await client.execute(uri: "/revision/eksport", method: .get, headers: headers(rita))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("\u{FEFF}Tidspunkt (UTC);Bruger;Handling;CPR;Side;Formål"))
            #expect(text.contains(";anna;vis;020270-2222;\(link);SDE-opgørelse"))
            let bo = try await WebSDETests.logIn(client, as: "bo")
            #expect(try await client.execute(uri: "/revision/eksport", method: .get, headers: headers(bo)).status == .forbidden)
        }
        #expect(try await f.store.auditEntries(cpr: nil, username: "rita", limit: 10).map(\.action).contains("eksport af logning"))
        try await f.store.close()
    }

    @Test("Who has looked at a citizen: a POST by CPR, a date range and pages; a mistyped CPR or date is an error, never the whole log")
    func search() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        // 230 looks at one citizen by anna make three pages of 100; one line about another citizen.
        let watched = try CPR(parsing: "0202702222")
        for i in 0..<230 {
            try await f.store.appendAudit(username: "anna", action: .view, cpr: watched, page: "/sde/emne/\(i)", purpose: "SDE-opgørelse")
        }
        try await f.store.appendAudit(username: "anna", action: .view, cpr: try CPR(parsing: "0101901234"), page: "/andet", purpose: "x")
        try await app.test(.router) { client in
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let page = String(buffer: try await client.execute(uri: "/revision", method: .get, headers: headers(rita)).body)
            let token = try #require(hiddenCSRF(page))
            #expect(page.contains("Viser 1–100 af") && page.contains(#"name="side" value="2""#) && !page.contains("Forrige side"))
            func post(_ fields: [String: String]) async throws -> TestResponse {
                try await client.execute(
                    uri: "/revision", method: .post, headers: headers(rita, form: true), body: formBody(fields.merging(["csrf": token]) { a, _ in a })
                )
            }
            let first = try await post(["cpr": "020270-2222"])
            let firstHTML = String(buffer: first.body)
            #expect(first.status == .ok)
            #expect(firstHTML.contains("Hvem har set eller ændret data om 020270-XXXX") && firstHTML.contains("Viser 1–100 af 230 poster."))
            #expect(!firstHTML.contains("/andet") && firstHTML.contains(#"value="020270-2222""#))
            let last = String(buffer: try await post(["cpr": "020270-2222", "side": "3"]).body)
            // (the first search is in the log by now: a look at the citizen like any other)
            #expect(last.contains("Viser 201–231 af 231 poster.") && last.contains(#"name="side" value="2""#) && !last.contains("Næste side"))
            // The oldest look is on the last page, the newest on the first.
            #expect(last.contains("/sde/emne/0<") && !last.contains("/sde/emne/229<") && firstHTML.contains("/sde/emne/229<"))
            #expect(last.contains("<td>rita</td><td>søg i logning</td>") == false, "the newest line, rita's search, is on page 1")
            // A range that ends before today finds nothing; one that takes today finds them all.
            let today = Day(parsing: String(Date().formatted(.iso8601).prefix(10)))!
            #expect(String(buffer: try await post(["cpr": "0202702222", "til": today.adding(days: -2).iso]).body).contains("Ingen poster."))
            #expect(
                String(buffer: try await post(["cpr": "0202702222", "fra": today.adding(days: -1).iso, "til": today.adding(days: 1).iso]).body)
                    .contains("af 233 poster."))
            for (fields, reason) in [
                (["cpr": "02027022"], "8 cifre"), (["cpr": "3102702222"], "fødselsdato findes ikke"), (["fra": "30.11"], "ikke en dato"),
                (["fra": "2026-11-30", "til": "2026-11-01"], "ligger før"),
            ] {
                let refused = try await post(fields)
                #expect(refused.status == .badRequest, "\(fields)")
                let html = String(buffer: refused.body)
                #expect(html.contains("Søgningen er ikke udført") && html.contains(reason), "\(fields): \(html)")
                #expect(!html.contains("<td>anna</td>"), "a refused search shows no lines of the log")
            }
        }
        // The searches by CPR are themselves looks at the citizen, with who searched.
        let searches = try await f.store.auditEntries(AuditFilter(cpr: watched, username: "rita"), limit: 50, offset: 0)
        #expect(searches.count == 4 && searches.allSatisfy { $0.action == "søg i logning" })
        try await f.store.close()
    }
}
