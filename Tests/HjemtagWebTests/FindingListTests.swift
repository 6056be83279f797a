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

@Suite("The findings list pages through every finding", .serialized)
struct FindingListTests {
    @Test("200 findings a page, largest first, totals over all; filters kept in the links; a caseworker pages through their own")
    func paging() async throws {
        let f = try await WebSDETests.fixture()
        // 430 ledger findings of 1 … 430 kr. (no person), next to the SDE run's findings about a SOF citizen.
        let ledger = (1...430).map { i in
            Finding(
                scheme: .vat, year: 2021, kind: "momsrefusion_mangler", subjectKey: "bilag-\(i)", cprs: [], amount: Money(kroner: Int64(i)),
                direction: .claim, text: "Bilag \(i)")
        }
        try await f.store.replaceFindings(scheme: .vat, year: 2021, ledger)
        let sde = try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).count
        #expect(sde > 0)
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            func page(_ uri: String, _ jar: [String: String]) async throws -> String {
                String(buffer: try await client.execute(uri: uri, method: .get, headers: headers(jar)).body)
            }
            func rows(_ html: String) -> Int { html.components(separatedBy: "<tr id=\"fund-").count - 1 }

            let first = try await page("/fund", anna)
            #expect(rows(first) == 200)
            #expect(first.contains("Viser 1–200 af \(Danish.integer(430 + sde))"))
            #expect(first.contains("href=\"/fund?side=2\">Næste side") && !first.contains("Forrige side"))
            // No finding has a note yet: none shows an empty "Note:" (an empty string opens a Mustache section).
            #expect(!first.contains("Note:"))

            // Filtered to VAT: 430 findings summing to 430 · 431 / 2 = 92.665 kr.; the last page has 30, largest first.
            let vat = try await page("/fund?ordning=moms&aar=2021", anna)
            #expect(vat.contains("92.665,00 kr.") && vat.contains("Viser 1–200 af 430"))
            #expect(vat.contains("href=\"/fund?ordning=moms&amp;aar=2021&amp;side=2\">Næste side"))
            #expect(vat.range(of: "Bilag 430")!.lowerBound < vat.range(of: "Bilag 429")!.lowerBound)
            let last = try await page("/fund?ordning=moms&aar=2021&side=3", anna)
            #expect(rows(last) == 30 && last.contains("Viser 401–430 af 430") && !last.contains("Næste side"))
            #expect(last.contains("Bilag 1<") && !last.contains("Bilag 31<"))
            // A filter that finds nothing says so, not "run a computation".
            let none = try await page("/fund?ordning=moms&aar=2019", anna)
            #expect(none.contains("Ingen fund med de valgte filtre") && !none.contains("Kør en beregning"))
            // A page past the end shows the last page.
            #expect(try await page("/fund?ordning=moms&aar=2021&side=99", anna).contains("Viser 401–430 af 430"))

            // Bo works in BUF: the ledger findings, not the SOF citizen's.
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let his = try await page("/fund", bo)
            #expect(his.contains("Viser 1–200 af 430") && !his.contains("020270-XXXX"))
        }
        try await f.store.close()
    }
}
