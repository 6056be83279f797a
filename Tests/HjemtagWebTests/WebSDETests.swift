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

@Suite("Web SDE pages: masked lists, audited drill-down, roles", .serialized)
struct WebSDETests {
    static func fixture() async throws -> WebFixture {
        let f = try await WebFixture.make()
        let csv =
            "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
            + (1...12).map {
                "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;020270-2222;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso);SOF"
            }.joined(separator: "\n") + "\n"
        let file = f.dir.appendingPathComponent("sde.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: f.store)
        _ = try await SDEService(store: f.store).run(year: 2021, by: "test")
        _ = try await f.store.createUser(
            username: "bo", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["BUF"])
        _ = try await f.store.createUser(username: "rita", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .revisor, departments: [])
        return f
    }

    static func logIn(_ client: some TestClientProtocol, as user: String) async throws -> [String: String] {
        let page = try await client.execute(uri: "/login", method: .get)
        let jar = cookieHeader(page)
        let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
        let r = try await client.execute(
            uri: "/login", method: .post, headers: headers(jar, form: true),
            body: formBody(["brugernavn": user, "adgangskode": WebFixture.password, "csrf": csrf]))
        #expect(r.status == .seeOther)
        return cookieHeader(r, keeping: jar)
    }

    @Test("The SDE page shows totals, charts and masked CPR; the drill-down shows the full CPR and is audit-logged")
    func pageAndDrillDown() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await Self.logIn(client, as: "anna")
            let page = try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(jar))
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            #expect(html.contains("87.500,00 kr."))
            #expect(html.contains("<svg"))
            #expect(html.contains("020270-XXXX"))
            #expect(!html.contains("0202702222") && !html.contains("020270-2222"))
            let link = try #require(html.range(of: #"/sde/emne/\d+"#, options: .regularExpression).map { String(html[$0]) })
            let drill = try await client.execute(uri: link, method: .get, headers: headers(jar))
            let detail = String(buffer: drill.body)
            #expect(drill.status == .ok)
            #expect(detail.contains("020270-2222"))
            #expect(detail.contains("Månedlig test"))
        }
        let audit = try await f.store.auditEntries(cpr: try CPR(parsing: "0202702222"), username: "anna", limit: 10)
        #expect(audit.map(\.action) == ["vis"])
        #expect(audit.first?.page?.hasPrefix("/sde/emne/") == true)
        try await f.store.close()
    }

    @Test(
        "The drill-down's explanation is kept while nothing under it changes, and computed again when a new posting of the citizen is imported"
    )
    func explanationFollowsTheData() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let run = try #require(try await f.store.latestSDERun(year: 2021))
        let subject = try #require(try await f.store.sdeSubjects(runID: run.id).first)
        try await app.test(.router) { client in
            let jar = try await Self.logIn(client, as: "anna")
            let view = { String(buffer: try await client.execute(uri: "/sde/emne/\(subject.id)", method: .get, headers: headers(jar)).body) }
            let first = try await view()
            #expect(first.contains("Månedlig test") && !first.contains("Forklaringen er beregnet med data"))
            let again = try await view()
            #expect(again == first)
            // 50.000 kr. more in June for the same citizen: the stored run is stale, the explanation is of the data as it is now.
            let more = f.dir.appendingPathComponent("sde-juni.csv")
            try
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n2021-06-15;50000,00;5.38.50;020270-2222;SEL-108;2021-06-01;2021-06-30;SOF\n"
                .write(to: more, atomically: true, encoding: .utf8)
            _ = try await ImportRunner().run(kind: .postings, file: more, importedBy: "test", into: f.store)
            let after = try await view()
            #expect(after.contains("Forklaringen er beregnet med data") && after.contains("(forskel") && !after.contains("(samme beløb)"))
        }
        let audit = try await f.store.auditEntries(cpr: try CPR(parsing: "0202702222"), username: "anna", limit: 10)
        #expect(audit.filter { $0.action == "vis" }.count == 3, "every view is logged, kept or not")
        try await f.store.close()
    }

    @Test("A caseworker sees only their departments; the auditor cannot change findings")
    func roles() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let run = try #require(try await f.store.latestSDERun(year: 2021))
        let subject = try #require(try await f.store.sdeSubjects(runID: run.id).first)
        try await app.test(.router) { client in
            let bo = try await Self.logIn(client, as: "bo")
            let page = String(buffer: try await client.execute(uri: "/sde", method: .get, headers: headers(bo)).body)
            #expect(!page.contains("020270-XXXX"))
            let drill = try await client.execute(uri: "/sde/emne/\(subject.id)", method: .get, headers: headers(bo))
            #expect(drill.status == .forbidden)

            let rita = try await Self.logIn(client, as: "rita")
            let list = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(rita)).body)
            #expect(list.contains("mistet refusion"))
            #expect(!list.contains("/status\"") && !list.contains("id=\"masse\""))
            let token = try #require(hiddenCSRF(list))
            let finding = try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
            let change = try await client.execute(
                uri: "/fund/\(finding.id)/status", method: .post, headers: headers(rita, form: true),
                body: formBody(["csrf": token, "status": "afvist"]))
            #expect(change.status == .forbidden)
        }
        let unchanged = try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
        #expect(unchanged.status == .new)
        try await f.store.close()
    }

    /// The fixture's citizen: 100.000 kr. a month in 2021, 87.500 kr. refund (12 × 25 % × (100.000 −
    /// 850.000/12), serviceloven § 176 stk. 1). 20.000 kr. more in June is 25 % of it, 5.000 kr., more.
    @Test("After a new import the SDE pages say the run is out of date; the drill-down puts the stored and the present figure side by side")
    func staleRun() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let run = try #require(try await f.store.latestSDERun(year: 2021))
        let subject = try #require(try await f.store.sdeSubjects(runID: run.id).first)
        try await app.test(.router) { client in
            let anna = try await Self.logIn(client, as: "anna")
            let fresh = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            #expect(!fresh.contains("class=\"stale\""))
            let june = f.dir.appendingPathComponent("juni.csv")
            try
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n2021-06-15;20000,00;5.38.50;020270-2222;SEL-108;2021-06-01;2021-06-30;SOF\n"
                .write(to: june, atomically: true, encoding: .utf8)
            let added = try await ImportRunner().run(kind: .postings, file: june, importedBy: "anna", into: f.store)
            let page = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            #expect(page.contains("Data eller satser er ændret siden beregningen") && page.contains("ny import nr. \(added.summary.id): juni.csv"))
            #expect(page.contains("87.500,00 kr."), "the cards still show the stored run")
            let drill = String(buffer: try await client.execute(uri: "/sde/emne/\(subject.id)", method: .get, headers: headers(anna)).body)
            #expect(drill.contains("refusion 92.500,00 kr. mod 87.500,00 kr. i den gemte beregning (forskel 5.000,00 kr.)"))
            let overview = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(anna)).body)
            #expect(overview.contains("class=\"stale\""))
            let findings = String(buffer: try await client.execute(uri: "/fund?ordning=sde", method: .get, headers: headers(anna)).body)
            #expect(findings.contains("class=\"stale\""))
            // Computed again: current, and the same subject id still leads to the citizen.
            let jar = anna
            let token = try #require(hiddenCSRF(page))
            let r = try await client.execute(
                uri: "/beregn", method: .post, headers: headers(jar, form: true), body: formBody(["csrf": token, "ordning": "sde", "aar": "2021"]))
            #expect(r.status == .seeOther)
            let job = try await jobPage(client, at: try #require(r.headers[.location]), jar)
            #expect(job.contains("færdig") && job.contains("Særligt dyre enkeltsager 2021: refusion 92.500,00 kr."), "\(job)")
            let current = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            #expect(!current.contains("class=\"stale\"") && current.contains("92.500,00 kr."))
            let same = String(buffer: try await client.execute(uri: "/sde/emne/\(subject.id)", method: .get, headers: headers(anna)).body)
            #expect(same.contains("020270-2222") && !same.contains("class=\"stale\""))
        }
        try await f.store.close()
    }
}
