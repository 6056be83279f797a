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

@Suite("Web parameters", .serialized)
struct WebParameterTests {
    @Test("An administrator enters a year's limit with its source; other roles cannot; bad values are refused")
    func enter() async throws {
        let f = try await WebSDETests.fixture()
        _ = try await f.store.createUser(
            username: "adam", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .administrator, departments: [])
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let adam = try await WebSDETests.logIn(client, as: "adam")
            let page = String(buffer: try await client.execute(uri: "/parametre", method: .get, headers: headers(adam)).body)
            let token = try #require(hiddenCSRF(page))
            let bad = try await client.execute(
                uri: "/parametre", method: .post, headers: headers(adam, form: true),
                body: formBody([
                    "csrf": token, "id": "sde.graense.t1", "fra": "2023-01-01", "til": "2023-12-31", "vaerdi": "otte",
                    "kilde": "https://example.invalid/2023",
                ]))
            #expect(bad.status == .badRequest)
            let ok = try await client.execute(
                uri: "/parametre", method: .post, headers: headers(adam, form: true),
                body: formBody([
                    "csrf": token, "id": "sde.graense.t1", "fra": "2023-01-01", "til": "2023-12-31", "vaerdi": "880.000",
                    "kilde": "https://example.invalid/2023",
                ]))
            #expect(ok.status == .seeOther)
            let anna = try await WebSDETests.logIn(client, as: "anna") // økonomi
            let annaPage = String(buffer: try await client.execute(uri: "/parametre", method: .get, headers: headers(anna)).body)
            #expect(!annaPage.contains("action=\"/parametre\""))
            let refused = try await client.execute(
                uri: "/parametre", method: .post, headers: headers(anna, form: true),
                body: formBody([
                    "csrf": try #require(hiddenCSRF(annaPage)), "id": "sde.graense.t1", "fra": "2024-01-01", "vaerdi": "1",
                    "kilde": "https://x.invalid",
                ]))
            #expect(refused.status == .forbidden)
        }
        let set = try await f.store.parameterSet()
        #expect(try set.money("sde.graense.t1", on: Day(year: 2023, month: 6, day: 1)!).0 == Money(kroner: 880_000))
        try await f.store.close()
    }

    @Test("The administrator corrects a wrong limit, withdraws an entry and imports a parameter file; the page shows the history and the check")
    func correctWithdrawImport() async throws {
        let f = try await WebSDETests.fixture()
        _ = try await f.store.createUser(
            username: "adam", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .administrator, departments: [])
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let adam = try await WebSDETests.logIn(client, as: "adam")
            let first = String(buffer: try await client.execute(uri: "/parametre", method: .get, headers: headers(adam)).body)
            let token = try #require(hiddenCSRF(first))
            // The fixture has SDE postings for 2021 only: the check finds nothing missing.
            #expect(first.contains("Tjek af parametrene: 0 problemer") && first.contains("Særligt dyre enkeltsager 2021-2022"))
            func enter(_ value: String, _ year: Int = 2022) async throws -> TestResponse {
                try await client.execute(
                    uri: "/parametre", method: .post, headers: headers(adam, form: true),
                    body: formBody([
                        "csrf": token, "id": "sde.graense.t1", "fra": "\(year)-01-01", "til": "\(year)-12-31", "vaerdi": value,
                        "kilde": "https://example.invalid/\(year)",
                    ]))
            }
            #expect(try await enter("1").status == .seeOther)
            #expect(try await enter("860.000").status == .seeOther)
            let negative = try await enter("-5")
            #expect(negative.status == .badRequest && String(buffer: negative.body).contains("skal være større end 0"))
            let falling = try await enter("1.700.000")
            #expect(falling.status == .badRequest && String(buffer: falling.body).contains("grænserne skal stige"))
            let history = try await f.store.storedParameterValues()
            #expect(history.count == 2 && history[0].supersededBy == history[1].entry)
            let page = String(buffer: try await client.execute(uri: "/parametre", method: .get, headers: headers(adam)).body)
            #expect(page.contains("erstattet af nr. \(history[1].entry)") && page.contains("/parametre/\(history[1].entry)/tilbagetraek"))

            // Withdrawn with a reason; without one it is refused.
            let short = try await client.execute(
                uri: "/parametre/\(history[1].entry)/tilbagetraek", method: .post, headers: headers(adam, form: true),
                body: formBody(["csrf": token, "grund": "nej"]))
            #expect(short.status == .badRequest)
            let withdrawn = try await client.execute(
                uri: "/parametre/\(history[1].entry)/tilbagetraek", method: .post, headers: headers(adam, form: true),
                body: formBody(["csrf": token, "grund": "den leverede værdi er den rigtige"]))
            #expect(withdrawn.status == .seeOther)
            #expect(try await f.store.storedParameterValues().allSatisfy { !$0.isActive })

            // A parameter file with one bad line is refused with the line; the good one is stored.
            let csv =
                "parameter;fra;til;vaerdi;kilde;kontrolleret;note\nsde.graense.t1;01.01.2023;31.12.2023;880.000;https://example.invalid/2023;20.11.2026;\n"
            let (refusedBody, refusedType) = multipartBody(
                ["csrf": token], file: ("fil", "satser.csv", csv.replacingOccurrences(of: "880.000", with: "0")))
            let refused = try await client.execute(
                uri: "/parametre/import", method: .post, headers: [.cookie: headers(adam)[.cookie]!, .contentType: refusedType], body: refusedBody)
            let refusedHTML = String(buffer: refused.body)
            #expect(
                refusedHTML.contains("Intet er gemt") && refusedHTML.contains("satser.csv:2:4: kolonne &#39;vaerdi&#39;: værdien &#39;0&#39;"),
                "\(refusedHTML.components(separatedBy: "error-list").last ?? "")")
            let (body, type) = multipartBody(["csrf": token], file: ("fil", "satser.csv", csv))
            let imported = try await client.execute(
                uri: "/parametre/import", method: .post, headers: [.cookie: headers(adam)[.cookie]!, .contentType: type], body: body)
            #expect(String(buffer: imported.body).contains("satser.csv: 1 værdi gemt"))
            let export = try await client.execute(uri: "/parametre/eksport.csv", method: .get, headers: headers(adam))
            #expect(String(buffer: export.body).contains("sde.graense.t1;01.01.2023;31.12.2023;880.000,00;https://example.invalid/2023;20.11.2026;"))
        }
        #expect(try await f.store.parameterSet().money("sde.graense.t1", on: Day(year: 2023, month: 6, day: 1)!).0 == Money(kroner: 880_000))
        let audit = try await f.store.auditEntries(cpr: nil, username: "adam", limit: 20).map(\.action)
        #expect(
            audit.filter { $0.hasPrefix("parameter") } == [
                "parameter indtastet", "parameter tilbagetrukket", "parameter rettet", "parameter indtastet",
            ])
        try await f.store.close()
    }
}
