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

@Suite("Web employment page", .serialized)
struct WebStaircaseTests {
    @Test("The staircase page shows the year's refund, the step profile and YR differences with masked CPR")
    func page() async throws {
        let f = try await WebFixture.make()
        let ydelser = f.dir.appendingPathComponent("ydelser.csv")
        try
            (["cpr;ydelse;periode_fra;periode_til;beloeb"]
            + (1...6).map { w in
                let m = ISOWeek(year: 2024, week: w)!.monday
                return "030380-3333;Kontanthjælp;\(m.iso);\(m.adding(days: 6).iso);3000,00"
            }).joined(separator: "\n").write(to: ydelser, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .benefitPayments, file: ydelser, importedBy: "t", into: f.store)
        let yr = f.dir.appendingPathComponent("yr-ydelsesrefusion-beregning-350-0001-2024-03-01.csv")
        try
            "Uge;CPR nummer;Ydelse;Beregnet udbetalingsbeløb;Refusionssats;Refusionsbeløb;Medfinansieringssats;Medfinansieringsbeløb\n2024-02-05;0303803333;Kontanthjælp;3000,00;80;2400,00;0;0,00\n"
            .write(to: yr, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .yrCalculation, file: yr, importedBy: "t", into: f.store)
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let r = try await client.execute(uri: "/beskaeftigelse?aar=2024", method: .get, headers: headers(jar))
            let html = String(buffer: r.body)
            #expect(r.status == .ok)
            #expect(html.contains("12.000,00 kr.")) // 4 × 2.400 + 2 × 1.200
            #expect(html.contains("Trinprofil"))
            #expect(html.contains("030380-XXXX"))
            #expect(!html.contains("0303803333"))
            #expect(html.contains("sats afviger"))
            // The whole reconciliation as a workbook, with the full CPR number, audit-logged.
            let x = try await client.execute(uri: "/beskaeftigelse/afstemning.xlsx?aar=2024", method: .get, headers: headers(jar))
            #expect(x.status == .ok)
            let sheet = try Workbook(x.body).sheet(1)
            #expect(sheet.contains("030380-3333") && sheet.contains("2024-W06"), "\(sheet.prefix(2000))")
            _ = try await f.store.createUser(
                username: "bo", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["BUF"])
            let bo = try await WebSDETests.logIn(client, as: "bo")
            #expect(
                try await client.execute(uri: "/beskaeftigelse/afstemning.xlsx?aar=2024", method: .get, headers: headers(bo)).status == .forbidden)
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 20)
        #expect(audit.contains { $0.action == AuditAction.export.rawValue && ($0.purpose ?? "").contains("Ydelsesrefusion 2024: 6 linjer") })
        try await f.store.close()
    }
}
