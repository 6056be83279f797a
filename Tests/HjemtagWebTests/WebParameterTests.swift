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
}
