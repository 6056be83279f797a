import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// A savings scenario on the web as finance staff use it (issue 21 § 2): upload a file of cases,
/// see each case gross and net of refund with its explanation, save it as the plan's cases.
@Suite("Savings scenario on the web", .serialized)
struct ScenarioWebTests {
    @Test("Upload and value a scenario, save it as the plan's cases; a bad file says line and column; each citizen shown is logged")
    func uploadValueAndSave() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let csrf = try #require(
                hiddenCSRF(String(buffer: try await client.execute(uri: "/budget/scenarie", method: .get, headers: headers(jar)).body)))
            func post(_ content: String, save: Bool) async throws -> String {
                var fields = ["csrf": csrf, "aar": "2021"]
                if save { fields["gem"] = "1" }
                let (body, type) = multipartBody(fields, file: ("fil", "unge.csv", content))
                let r = try await client.execute(
                    uri: "/budget/scenarie", method: .post, headers: [.cookie: headers(jar)[.cookie]!, .contentType: type], body: body)
                #expect(r.status == .ok)
                return String(buffer: r.body)
            }
            let bad = try await post("cpr;fra;ny_maanedlig_udgift\n020270-2222;2021-13-01;80000\n", save: true)
            #expect(bad.contains("unge.csv:2:2: kolonne &#39;fra&#39;"), "\(bad)")
            #expect(try await f.store.scenarioCases().isEmpty, "a refused file saves nothing")

            // 100.000 a month, SDE 25 % above 850.000/12 (serviceloven § 176, 2021). From July
            // 80.000, still above the limit: gross 6 × −20.000 = −120.000, SDE 6 × 25 % × −20.000
            // = −30.000, net −90.000.
            let page = try await post(
                "cpr;fra;ny_maanedlig_udgift;initiativ\n020270-2222;2021-07-01;80000;Foranstaltninger vedr. unge\n", save: true)
            #expect(page.contains("-120.000,00") && page.contains("-30.000,00") && page.contains("-90.000,00"), "\(page)")
            #expect(page.contains("020270-2222") && page.contains("unge.csv er gemt som import nr."))
            #expect(page.contains("<td>juli 2021</td><td class=\"num\">100.000,00</td><td class=\"num\">80.000,00</td>"))
            #expect(page.contains("25 %"))
            #expect(try await f.store.scenarioCases().map(\.initiative) == ["Foranstaltninger vedr. unge"])

            // The saved cases, valued again for the year on the page itself.
            let saved = String(buffer: try await client.execute(uri: "/budget/scenarie?aar=2021", method: .get, headers: headers(jar)).body)
            #expect(saved.contains("de gemte sager") && saved.contains("-90.000,00"))
        }
        let logged = try await f.store.auditEntries(cpr: try CPR(parsing: "020270-2222"), username: "anna", limit: 20)
        #expect(logged.filter { $0.page == "scenarie 2021" }.count == 2)
        try await f.store.close()
    }
}
