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

/// The steering group's status report (issue 21 § 4) on the SDE fixture: one citizen, SDE 2021
/// 12 × 25 % × (100.000 − 850.000/12) = 87.500 kr.; its finding marked received.
@Suite("The steering group's report", .serialized)
struct SteeringReportTests {
    @Test("Year and quarter figures, each linked to its list; printable with its stylesheet served apart; XLSX; for the finance roles")
    func report() async throws {
        let f = try await WebSDETests.fixture()
        let today = Day(year: 2026, month: 12, day: 2)!
        let year = try await SteeringReport.make(period: SteeringReport.Period(parsing: "2021")!, store: f.store, today: today)
        let sde = try #require(year.sections.first { $0.title.hasPrefix("SDE-refusion") }?.rows.first)
        #expect(sde.values.first == Money(kroner: 87_500) && sde.link == "/sde?aar=2021")
        // A quarter: the monthly tests of January-March, 3 × 7.291,67 (each month rounded for display).
        let q1 = try await SteeringReport.make(period: SteeringReport.Period(parsing: "2021-K1")!, store: f.store, today: today)
        #expect(q1.sections.first { $0.title.hasPrefix("SDE-refusion") }?.rows.first?.values.first == Money(ore: 2_187_501))
        #expect(SteeringReport.Period(parsing: "2021-K5") == nil && SteeringReport.Period(parsing: "tyve") == nil)
        let income = try #require(year.sections.first)
        #expect(income.rows.first { $0.label == Scheme.sde.title }?.link == "/fund?ordning=sde&aar=2021")

        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let page = try await client.execute(uri: "/rapport/styregruppe?periode=2021", method: .get, headers: headers(anna))
            let html = String(buffer: page.body)
            #expect(page.status == .ok && html.contains(#"<link rel="stylesheet" href="/static/rapport.css">"#) && !html.contains("<style>"))
            #expect(
                html.contains("Statusrapport til styregruppen, 2021") && html.contains("87.500,00 kr.") && html.contains(#"href="/sde?aar=2021""#))
            #expect(!html.contains("020270"), "no CPR number")
            let css = try await client.execute(uri: "/static/rapport.css", method: .get)
            #expect(css.status == .ok && String(buffer: css.body).contains("@media print"))
            let xlsx = try await client.execute(uri: "/rapport/styregruppe?periode=2021&format=xlsx", method: .get, headers: headers(anna))
            #expect(try Workbook(xlsx.body).sheet(2).contains("87500"))
            let bo = try await WebSDETests.logIn(client, as: "bo")
            #expect(try await client.execute(uri: "/rapport/styregruppe?periode=2021", method: .get, headers: headers(bo)).status == .forbidden)
        }
        try await f.store.close()
    }
}
