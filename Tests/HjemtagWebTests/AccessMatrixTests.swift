import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Testing
import HjemtagCore
import HjemtagImport
@testable import HjemtagStore
@testable import HjemtagWeb

/// Every route, asked by every role: the roles the issue names, written out here independently of
/// `Access.allows`, so a change to the table that lets a role see more fails this test.
@Suite("Access: every route for every role, pages, API and exports", .serialized)
struct AccessMatrixTests {
    enum Who: String, CaseIterable { case ada, anna, bo, sofie, rita }
    static let all = Set(Who.allCases)
    static let finance: Set<Who> = [.ada, .anna]
    static let auditLog: Set<Who> = [.ada, .rita]
    static let notCaseworkers: Set<Who> = [.ada, .anna, .rita]

    struct Route { let method: HTTPRequest.Method; let path: String; let allowed: Set<Who> }

    static func routes(subject: Int, finding: Int) -> [Route] {
        [
            Route(method: .get, path: "/", allowed: all),
            Route(method: .get, path: "/importer", allowed: all),
            Route(method: .get, path: "/parametre", allowed: all),
            Route(method: .get, path: "/sde", allowed: all),
            // The subject has expenses in SOF only: the BUF caseworker is refused.
            Route(method: .get, path: "/sde/emne/\(subject)", allowed: [.ada, .anna, .sofie, .rita]),
            Route(method: .post, path: "/importer", allowed: finance),
            Route(method: .post, path: "/sde/beregn", allowed: finance),
            Route(method: .get, path: "/revision", allowed: auditLog),
            Route(method: .post, path: "/revision", allowed: auditLog),
            Route(method: .get, path: "/revision/eksport", allowed: auditLog),
            Route(method: .post, path: "/parametre", allowed: [.ada]),
            Route(method: .get, path: "/opbevaring", allowed: [.ada]),
            // Without the confirmation box the administrator's POST deletes nothing (400).
            Route(method: .post, path: "/opbevaring", allowed: [.ada]),
            Route(method: .get, path: "/beskaeftigelse", allowed: all),
            Route(method: .get, path: "/mellemkommunal", allowed: all),
            Route(method: .post, path: "/mellemkommunal/beregn", allowed: finance),
            Route(method: .get, path: "/mellemkommunal/eksport.xlsx", allowed: notCaseworkers),
            Route(method: .get, path: "/resultattilskud", allowed: all),
            Route(method: .get, path: "/resultattilskud/eksport.xlsx", allowed: notCaseworkers),
            Route(method: .get, path: "/moms", allowed: all),
            Route(method: .get, path: "/budget", allowed: all),
            Route(method: .get, path: "/budget/eksport.xlsx", allowed: all),
            Route(method: .get, path: "/fund", allowed: all),
            // A finding about the SOF citizen: the auditor never changes, the BUF caseworker cannot see it.
            Route(method: .post, path: "/fund/\(finding)/status", allowed: [.ada, .anna, .sofie]),
            Route(method: .get, path: "/api/v1/status", allowed: all),
            Route(method: .get, path: "/api/v1/imports", allowed: all),
            Route(method: .get, path: "/api/v1/parameters", allowed: all),
            Route(method: .get, path: "/api/v1/findings", allowed: all),
            Route(method: .get, path: "/api/v1/audit", allowed: auditLog),
        ]
    }

    static func fixture() async throws -> WebFixture {
        let f = try await WebSDETests.fixture() // anna (økonomi), bo (sagsbehandler BUF), rita (revisor), SDE 2021 for a SOF citizen
        _ = try await f.store.createUser(username: "ada", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: Role.administrator, departments: [])
        _ = try await f.store.createUser(username: "sofie", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: Role.sagsbehandler, departments: ["SOF"])
        return f
    }

    @Test("Each role reaches what it may and is refused (403) the rest; without a session pages redirect and the API answers 401")
    func matrix() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let run = try #require(try await f.store.latestSDERun(year: 2021))
        let subject = try #require(try await f.store.sdeSubjects(runID: run.id).first).id
        let finding = try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first).id
        let routes = Self.routes(subject: subject, finding: finding)
        try await app.test(.router) { client in
            for route in routes {
                let r = try await client.execute(uri: route.path, method: route.method, headers: headers([:], form: route.method == .post),
                                                 body: formBody(["csrf": "x"]))
                if route.path.hasPrefix("/api/") {
                    #expect(r.status == .unauthorized, "\(route.method) \(route.path) without a session")
                } else {
                    #expect(r.status == .seeOther && r.headers[.location] == "/login", "\(route.method) \(route.path) without a session")
                }
            }
            for who in Who.allCases {
                let jar = try await WebSDETests.logIn(client, as: who.rawValue)
                let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(jar)).body)
                let csrf = try #require(hiddenCSRF(home))
                for route in routes {
                    // With the right CSRF token, a 403 can only be the role check.
                    let r = try await client.execute(uri: route.path, method: route.method, headers: headers(jar, form: route.method == .post),
                                                     body: formBody(["csrf": csrf]))
                    if route.allowed.contains(who) {
                        #expect(r.status != .forbidden && r.status != .unauthorized && r.status.code < 500,
                                "\(who) should reach \(route.method) \(route.path), got \(r.status.code)")
                    } else {
                        #expect(r.status == .forbidden, "\(who) should be refused \(route.method) \(route.path), got \(r.status.code)")
                    }
                }
            }
        }
        // Nothing a refused request asked for happened: the finding is unchanged (allowed ones sent no status).
        let unchanged = try #require(try await f.store.finding(id: finding))
        #expect(unchanged.status == .new)
        try await f.store.close()
    }

    @Test("Lists and the API hide other departments' citizens from a caseworker; the menu hides the audit log")
    func listsFollowDepartments() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let sofie = try await WebSDETests.logIn(client, as: "sofie")
            let boAPI = String(buffer: try await client.execute(uri: "/api/v1/findings", method: .get, headers: headers(bo)).body)
            let sofieAPI = String(buffer: try await client.execute(uri: "/api/v1/findings", method: .get, headers: headers(sofie)).body)
            #expect(boAPI == "[]")
            #expect(sofieAPI.contains("020270-XXXX") && !sofieAPI.contains("2222"))
            let boList = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(bo)).body)
            let sofieList = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(sofie)).body)
            #expect(!boList.contains("020270-XXXX") && sofieList.contains("020270-XXXX"))
            let boHome = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(bo)).body)
            #expect(!boHome.contains("href=\"/revision\""))
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let audit = String(buffer: try await client.execute(uri: "/api/v1/audit", method: .get, headers: headers(rita)).body)
            #expect(audit.contains("\"action\":\"login\"") && !audit.contains("2222"))
        }
        try await f.store.close()
    }

    @Test("The administrator's retention page previews the deletion and deletes only when confirmed; the deletion is logged")
    func retentionPage() async throws {
        let f = try await Self.fixture() // postings from January 2022 (anna's fixture) and all of 2021 (SDE)
        let old = f.dir.appendingPathComponent("posteringer-2019.csv")
        try "dato;beloeb;funktion;cpr;paragraf;forvaltning\n2019-05-31;4000,00;5.38.50;050519-5555;SEL-108;SOF\n".write(to: old, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: old, importedBy: "test", into: f.store)
        try await f.store.setSetting(RetentionRule.settingKey, "5")
        let app = try await buildApplication(store: f.store)
        let before = try await f.store.postingCount()
        try await app.test(.router) { client in
            let ada = try await WebSDETests.logIn(client, as: "ada")
            let page = String(buffer: try await client.execute(uri: "/opbevaring", method: .get, headers: headers(ada)).body)
            #expect(page.contains("Opbevaringsperiode: <strong>5 år</strong>") && page.contains("Ville blive slettet"))
            let csrf = try #require(hiddenCSRF(page))
            let unconfirmed = try await client.execute(uri: "/opbevaring", method: .post, headers: headers(ada, form: true), body: formBody(["csrf": csrf]))
            #expect(unconfirmed.status == .badRequest)
            #expect(try await f.store.postingCount() == before)
            let done = try await client.execute(uri: "/opbevaring", method: .post, headers: headers(ada, form: true), body: formBody(["csrf": csrf, "bekraeft": "ja"]))
            #expect(done.status == .ok && String(buffer: done.body).contains("Sletningen er gennemført"))
        }
        // Run on or after 2026 with 5 years, the cut-off is 1.1.2021 or later: the 2019 posting is gone.
        #expect(try await f.store.postings(cpr: CPR(parsing: "0505195555")).isEmpty)
        #expect(try await f.store.postingCount() == before - 1 - (RetentionRule(years: 5).cutoff(today: .today).year > 2021 ? 12 : 0))
        #expect(try await f.store.auditEntries(cpr: nil, username: "web:ada", limit: 5).first?.action == "sletning")
        try await f.store.close()
    }
}
