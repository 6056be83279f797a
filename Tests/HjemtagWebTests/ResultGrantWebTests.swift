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

@Suite("Resultattilskud: import, ledger comparison, page", .serialized)
struct ResultGrantWebTests {
    @Test("A job earned in 2024 and claimed, an education earned and not claimed, a job under 20 hours; the page and findings say so")
    func page() async throws {
        let f = try await WebSDETests.fixture()
        let integration = f.dir.appendingPathComponent("integration.csv")
        try """
        cpr;programstart;haendelse;fra;til;timer_pr_uge;su;proeve
        150390-1234;2022-03-01;job;2023-10-01;2024-05-31;25,5;;
        160391-2345;2022-03-01;uddannelse;2023-08-14;2024-06-30;;ja;
        170392-3456;2022-03-01;job;2022-12-01;2023-07-31;18;;
        180393-4567;2022-03-01;;;;;;

        """.write(to: integration, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .integration, file: integration, importedBy: "test", into: f.store)
        let ledger = f.dir.appendingPathComponent("tilskud.csv")
        try "dato;beloeb;funktion;cpr;forvaltning\n2024-05-10;-88817,00;5.46.60;150390-1234;INT\n".write(
            to: ledger, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: ledger, importedBy: "test", into: f.store)
        let persons = try await ResultGrantService(store: f.store).run(by: "test", today: Day(year: 2026, month: 11, day: 23)!)
        #expect(persons.count == 4)
        #expect(persons.first { $0.cpr.digits == "1503901234" }?.unclaimed == .zero)
        #expect(persons.first { $0.cpr.digits == "1603912345" }?.unclaimed == Money(kroner: 88_817))
        let findings = try await f.store.findings(scheme: .resultGrant, year: 2024, includeInactive: false)
        #expect(findings.map(\.finding.amount) == [Money(kroner: 88_817)] && findings.first?.finding.kind == "ikke_hjemtaget")
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let html = String(buffer: try await client.execute(uri: "/resultattilskud", method: .get, headers: headers(jar)).body)
            #expect(html.contains("160391-XXXX") && !html.contains("160391-2345"))
            #expect(html.contains("88.817,00") && html.contains("ikke hjemtaget") && html.contains("mindst 20"))
            let bo = try await WebSDETests.logIn(client, as: "bo") // caseworker for BUF: sees none of these people
            let limited = String(buffer: try await client.execute(uri: "/resultattilskud", method: .get, headers: headers(bo)).body)
            #expect(!limited.contains("160391-XXXX"))
            #expect(try await client.execute(uri: "/resultattilskud/eksport.xlsx", method: .get, headers: headers(bo)).status == .forbidden)
        }
        try await f.store.close()
    }
}
