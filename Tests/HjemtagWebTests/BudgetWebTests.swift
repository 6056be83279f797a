import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Web budget page", .serialized)
struct BudgetWebTests {
    static let budgetDir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HjemtagCLI/Resources/budget")

    @Test("Seed 004's plan, seed 000's business case and the SDE allocation under both models, with charts and an XLSX per part")
    func page() async throws {
        let f = try await WebSDETests.fixture() // SDE 2021: 87.500 kr. in SOF
        for (kind, name) in [(ImportKind.initiatives, "initiativer-seed004.csv"), (.businessCase, "businesscase-seed000.csv")] {
            _ = try await ImportRunner().run(kind: kind, file: Self.budgetDir.appendingPathComponent(name), importedBy: "test", into: f.store)
        }
        let income = f.dir.appendingPathComponent("indtaegtsbudget.csv")
        try "type;aar;ordning;forvaltning;model;beloeb;referenceaar\nbudget;2021;sde;;;100.000,00;2021\nmodel;;sde;SOF;1;;\n".write(
            to: income, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .incomeBudget, file: income, importedBy: "test", into: f.store)
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "rita") // the auditor reads the budget
            let page = try await client.execute(uri: "/budget", method: .get, headers: headers(jar))
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            #expect(html.contains("-2.720") && html.contains("-4.720") && html.contains("Netto-udestående"))
            #expect(html.contains("-6.000") && html.contains("1.000") && html.contains("Ressourcer i CØH"))
            // 100.000 budgeted, 87.500 computed, SOF on model 1: kassen covers −12.500.
            #expect(html.contains("-12.500,00") && html.contains("Til kassen"))
            #expect(html.components(separatedBy: "<svg").count - 1 >= 3)
            for part in ["initiativer", "businesscase", "fordeling", "afregning"] {
                let x = try await client.execute(uri: "/budget/eksport.xlsx?del=\(part)&aar=2021", method: .get, headers: headers(jar))
                #expect(x.status == .ok && x.headers[.contentType]?.contains("spreadsheetml") == true)
            }
        }
        try await f.store.close()
    }
}
