import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// Every list can be taken whole to Excel: the SDE year (beyond the 200 subjects the page shows),
/// the findings with the list's filters, the parameters. Downloads with full CPR numbers are for
/// the roles that may export every citizen, or limited to the caseworker's own, and audit-logged.
@Suite("Downloads: the whole SDE year, the findings with their filters, the parameters", .serialized)
struct DownloadTests {
    /// 205 citizens in SOF, each with 100.000 kr. a month of § 108 in 2021: every one a subject
    /// with a refund (BEK § 3: 25 % of what exceeds the monthly threshold), so the page lists 200.
    static let citizens = 205

    static func fixture() async throws -> WebFixture {
        let f = try await WebFixture.make()
        var lines = ["dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning"]
        for i in 0..<citizens {
            let cpr = "\(zeroPad(i % 28 + 1, 2))\(zeroPad(i / 28 + 1, 2))70-\(1000 + i)"
            for m in 1...12 {
                let month = Month(year: 2021, month: m)
                lines.append("2021-\(zeroPad(m, 2))-28;100000,00;5.38.50;\(cpr);SEL-108;\(month.firstDay.iso);\(month.lastDay.iso);SOF")
            }
        }
        let file = f.dir.appendingPathComponent("mange.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: f.store)
        _ = try await SDEService(store: f.store).run(year: 2021, by: "test")
        _ = try await f.store.createUser(
            username: "bo", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["BUF"])
        return f
    }

    @Test("The SDE page lists 200 and links the workbook of all 205; the caseworker gets neither link nor file")
    func sdeYear() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let page = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            #expect(page.contains("… og 5 emner mere") && page.contains(#"href="/sde/eksport.xlsx?aar=2021""#))
            let x = try await client.execute(uri: "/sde/eksport.xlsx?aar=2021", method: .get, headers: headers(anna))
            #expect(x.status == .ok && x.headers[.contentDisposition] == #"attachment; filename="sde-2021.xlsx""#)
            let book = try Workbook(x.body)
            #expect(try book.rows(1) == Self.citizens + 1)
            #expect(try book.sheet(1).contains("010170-1000") && (try book.sheet(1)).contains("090870-1204"))
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let boPage = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(bo)).body)
            #expect(!boPage.contains("/sde/eksport.xlsx"))
            #expect(try await client.execute(uri: "/sde/eksport.xlsx?aar=2021", method: .get, headers: headers(bo)).status == .forbidden)
            #expect(try await client.execute(uri: "/sde/eksport.xlsx?aar=2019", method: .get, headers: headers(anna)).status == .notFound)
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 20)
        #expect(audit.contains { $0.action == AuditAction.export.rawValue && $0.purpose == "eksport af SDE 2021: 205 emner med CPR" })
        try await f.store.close()
    }

    @Test("The findings download holds every finding the filters let through, not one page; a caseworker's only their own")
    func findings() async throws {
        let f = try await Self.fixture()
        let stored = try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false)
        #expect(stored.count > 0)
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(buffer: try await client.execute(uri: "/fund?ordning=sde&aar=2021", method: .get, headers: headers(anna)).body)
            #expect(list.contains(#"href="/fund/eksport?ordning=sde&amp;aar=2021&amp;format=xlsx""#), "the links keep the filters")
            let csv = try await client.execute(uri: "/fund/eksport?ordning=sde&aar=2021&format=csv", method: .get, headers: headers(anna))
            #expect(csv.status == .ok && csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = String(buffer: csv.body)
            let rows = text.split(whereSeparator: \.isNewline)
            #expect(rows.count == stored.count + 1)
            #expect(rows.first?.contains("Nr.;Ordning;År;Type;CPR-numre;Beløb") == true)
            #expect(text.contains("010170-1000"))
            // A filter that lets nothing through gives the heading alone.
            let none = try await client.execute(uri: "/fund/eksport?ordning=moms&format=csv", method: .get, headers: headers(anna))
            #expect(String(buffer: none.body).split(whereSeparator: \.isNewline).count == 1)
            let xlsx = try await client.execute(uri: "/fund/eksport?ordning=sde&aar=2021&format=xlsx", method: .get, headers: headers(anna))
            #expect(try Workbook(xlsx.body).rows(1) == stored.count + 1)
            #expect(try await client.execute(uri: "/fund/eksport?format=pdf", method: .get, headers: headers(anna)).status == .badRequest)
            // The BUF caseworker sees none of the SOF citizens: the download has the heading only.
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let theirs = try await client.execute(uri: "/fund/eksport?ordning=sde&format=csv", method: .get, headers: headers(bo))
            #expect(theirs.status == .ok && String(buffer: theirs.body).split(whereSeparator: \.isNewline).count == 1)
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 20)
        #expect(
            audit.contains { ($0.purpose ?? "") == "eksport af \(DanishFormat.count(stored.count, "fund", "fund")) med CPR (ordning=sde&aar=2021)" })
        try await f.store.close()
    }

    @Test("The parameters as XLSX carry the same columns as the parameter file")
    func parameters() async throws {
        let f = try await WebFixture.make()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let (_, jar) = try await logIn(client)
            let x = try await client.execute(uri: "/parametre/eksport.xlsx?alle=ja", method: .get, headers: headers(jar))
            #expect(x.status == .ok)
            let sheet = try Workbook(x.body).sheet(1)
            #expect(sheet.contains("parameter") && sheet.contains("kilde") && sheet.contains("sde.graense.t1"))
            let csv = String(buffer: try await client.execute(uri: "/parametre/eksport.csv?alle=ja", method: .get, headers: headers(jar)).body)
            #expect(try Workbook(x.body).rows(1) == csv.split(whereSeparator: \.isNewline).count)
        }
        try await f.store.close()
    }
}
