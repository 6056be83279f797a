import Foundation
import HTTPTypes
import HjemtagCore
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// The forecast on the web (issue 21 § 1): shown for a year and a day, kept, and compared with the
/// year's computed result, with the a'conto per quarter the forecast would have given.
@Suite("Forecast on the web", .serialized)
struct ForecastWebTests {
    @Test("The forecast from 30 June, kept by a finance user and compared with the outcome; CPR masked")
    func showTakeCompare() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let page = String(
                buffer: try await client.execute(uri: "/prognose?aar=2021&dato=2021-06-30", method: .get, headers: headers(jar)).body)
            // 100.000 a month; June's level goes on: 12 × 25 % × (100.000 − 850.000/12) = 87.500.
            #expect(page.contains("87.500,00 kr.") && page.contains("Udgifterne fortsætter på nuværende niveau"), "\(page)")
            #expect(page.contains("Væksten kan ikke måles"), "no earlier year to measure growth against")
            let csrf = try #require(hiddenCSRF(page))
            let taken = try await client.execute(
                uri: "/prognose", method: .post, headers: headers(jar, form: true),
                body: formBody(["csrf": csrf, "aar": "2021", "dato": "2021-06-30"]))
            #expect(taken.status == .seeOther)
            #expect(try await f.store.sdeForecasts(year: 2021).map(\.scenario) == ["planlagt", "niveau"])
            let compared = String(
                buffer: try await client.execute(uri: "/prognose?aar=2021&dato=2021-06-30&gemt=1", method: .get, headers: headers(jar)).body)
            #expect(compared.contains("Prognosen er gemt.") && compared.contains("afvigelse 0,00 kr."))
            // Six months of 7.291,67 rounded each; the year is rounded once (BEK § 3): 87.500,00.
            #expect(compared.contains("<td>K2</td><td class=\"num\">43.750,02</td><td class=\"num\">43.750,02</td><td class=\"num\">0,00</td>"))
            #expect(compared.contains("<td>K4</td><td class=\"num\">87.500,00</td><td class=\"num\">87.500,00</td><td class=\"num\">0,00</td>"))
            #expect(!compared.contains("020270-2222"))
            // The steering group's report shows the kept forecast beside the computed refund and the budget.
            let report = String(buffer: try await client.execute(uri: "/rapport/styregruppe?periode=2021", method: .get, headers: headers(jar)).body)
            #expect(report.contains("prognose pr. 30.06.2021"), "\(report)")

            // A caseworker may look, not keep.
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let refused = try await client.execute(
                uri: "/prognose", method: .post, headers: headers(bo, form: true), body: formBody(["csrf": csrf, "aar": "2021"]))
            #expect(refused.status == .forbidden)
        }
        try await f.store.close()
    }
}
