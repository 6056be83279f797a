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

/// Every route, asked by every role: the roles the issue names, written out here independently of
/// `Access.allows`, so a change to the table that lets a role see more fails this test.
@Suite("Access: every route for every role, pages, API and exports", .serialized)
struct AccessMatrixTests {
    enum Who: String, CaseIterable { case ada, anna, bo, sofie, rita }
    static let all = Set(Who.allCases)
    static let finance: Set<Who> = [.ada, .anna]
    static let auditLog: Set<Who> = [.ada, .rita]
    static let notCaseworkers: Set<Who> = [.ada, .anna, .rita]

    /// Who may ask each route, written out here independently of `Access.allows` and of
    /// `Route.permission`. The switch has no default: a route added without an entry here does
    /// not compile, so it cannot go unasked.
    static func allowed(_ route: Route) -> Set<Who> {
        switch route {
        case .health, .stylesheet, .favicon, .letterStylesheet, .reportStylesheet, .loginPage, .login: return all
        case .logout, .dashboard, .imports, .parameters, .exportParameters, .sde, .staircase, .intermunicipal, .resultGrant, .vat, .vatJournal,
            .exportVAT,
            .budget, .exportBudget, .forecast, .findings, .searchFindings, .exportFindings, .exportParametersXLSX, .passwordPage, .changePassword,
            .help,
            .importTemplate, .apiStatus,
            .apiImports, .apiParameters,
            .apiFindings:
            return all
        // The subject, the claim and the citizen have expenses in SOF only: the BUF caseworker is refused.
        case .sdeSubject, .intermunicipalPerson, .intermunicipalClaim, .claimLetter, .finding: return [.ada, .anna, .sofie, .rita]
        case .upload, .compute, .runRobot, .jobs, .job: return finance
        case .mappings, .uploadMapping, .submitMapping, .exportMapping, .importMapping, .deleteMapping: return finance
        case .scenario, .scenarioUpload, .takeForecast: return finance
        case .auditLog, .searchAuditLog, .exportAuditLog, .apiAudit: return auditLog
        // Without the confirmation box the administrator's POST deletes nothing.
        case .setParameter, .withdrawParameter, .importParameters, .retention, .applyRetention: return [.ada]
        case .settings, .saveSettings, .users, .createUser, .changeUser: return [.ada]
        case .exportIntermunicipal, .exportResultGrant, .exportSDE, .exportReconciliation, .evidencePack, .steeringReport, .claimEvidencePack,
            .findingEvidencePack:
            return notCaseworkers
        // The auditor never changes; the BUF caseworker cannot see the SOF citizen's cases.
        case .markPassivity, .setClaimStatus, .setFindingStatus, .assignFinding, .decidePayment: return [.ada, .anna, .sofie]
        // A bulk change names its findings in the form: the role check refuses the auditor before
        // it is read, and a form that names none is refused as incomplete, for anyone else.
        case .bulkFindings: return [.ada, .anna, .bo, .sofie]
        }
    }

    /// The route's path with a real subject, finding, claim or citizen of the fixture.
    struct Targets { let subject: Int, finding: Int, claim: Int, person: Int }

    static func path(_ route: Route, _ t: Targets) -> String {
        switch route {
        case .sdeSubject: return route.path(t.subject)
        case .setFindingStatus, .finding, .assignFinding, .decidePayment: return route.path(t.finding)
        // No job has run in the fixture: the page answers 404 to those who may ask it.
        case .job: return route.path(1)
        case .intermunicipalClaim, .setClaimStatus, .claimLetter: return route.path(t.claim)
        case .intermunicipalPerson, .markPassivity: return route.path(t.person)
        default: return route.path()
        }
    }

    /// Every route, logging out last (it ends the session the others are asked with).
    static let routes = Route.allCases.filter { $0 != .logout } + [.logout]

    /// The SDE fixture (anna økonomi, bo sagsbehandler BUF, rita revisor; SDE 2021 for a SOF
    /// citizen), an administrator, a SOF caseworker, and a SOF citizen's mellemkommunal claim.
    static func fixture() async throws -> (WebFixture, Targets) {
        let f = try await WebSDETests.fixture()
        _ = try await f.store.createUser(
            username: "ada", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: Role.administrator, departments: [])
        _ = try await f.store.createUser(
            username: "sofie", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: Role.sagsbehandler, departments: ["SOF"])
        let files: [(ImportKind, String, String)] = [
            (
                .residence, "ophold.csv",
                "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n"
                    + "030380-3333;2015-01-01;2025-02-28;265;EGEN_BOLIG;;;\n030380-3333;2025-03-01;;350;SEL108;Lejre Bo;265;SEL-108\n"
            ),
            (
                .postings, "forsoergelse.csv",
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
                    + "2025-03-28;10000,00;5.57.73;030380-3333;LAS-25;2025-03-01;2025-03-31;SOF\n"
            ),
        ]
        for (kind, name, text) in files {
            let url = f.dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            _ = try await ImportRunner().run(kind: kind, file: url, importedBy: "test", into: f.store)
        }
        try await IntermunicipalService(store: f.store).run(by: "test", today: Day(year: 2026, month: 11, day: 23)!)
        let run = try #require(try await f.store.latestSDERun(year: 2021))
        let claim = try #require(try await f.store.claims(direction: .outgoing, includeInactive: false).first)
        let targets = Targets(
            subject: try #require(try await f.store.sdeSubjects(runID: run.id).first).id,
            finding: try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first).id,
            claim: claim.id, person: try #require(try await f.store.residenceEpisodes(cpr: claim.draft.cpr).map(\.id).min()))
        return (f, targets)
    }

    @Test("Each role reaches what it may and is refused (403) the rest; without a session pages redirect and the API answers 401")
    func matrix() async throws {
        let (f, targets) = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            for route in Self.routes where route.permission != nil {
                let path = Self.path(route, targets)
                let r = try await client.execute(
                    uri: path, method: route.method, headers: headers([:], form: route.method == .post),
                    body: formBody(["csrf": "x"]))
                if route.isAPI {
                    #expect(r.status == .unauthorized, "\(route.method) \(path) without a session")
                } else {
                    #expect(r.status == .seeOther && r.headers[.location] == "/login", "\(route.method) \(path) without a session")
                }
            }
            for who in Who.allCases {
                let jar = try await WebSDETests.logIn(client, as: who.rawValue)
                let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(jar)).body)
                let csrf = try #require(hiddenCSRF(home))
                for route in Self.routes {
                    let path = Self.path(route, targets)
                    // With the right CSRF token, a 403 can only be the role check.
                    let r = try await client.execute(
                        uri: path, method: route.method, headers: headers(jar, form: route.method == .post),
                        body: formBody(["csrf": csrf]))
                    if Self.allowed(route).contains(who) {
                        #expect(
                            r.status != .forbidden && r.status != .unauthorized && r.status.code < 500,
                            "\(who) should reach \(route.method) \(path), got \(r.status.code)")
                    } else {
                        #expect(r.status == .forbidden, "\(who) should be refused \(route.method) \(path), got \(r.status.code)")
                    }
                }
            }
        }
        // Nothing a refused request asked for happened: the finding and the claim are unchanged.
        #expect(try #require(try await f.store.finding(id: targets.finding)).status == .new)
        #expect(try #require(try await f.store.claim(id: targets.claim)).status == .identified)
        try await f.store.close()
    }

    @Test("Every POST with a wrong or missing form token is refused (403) for every role, before anything is done")
    func wrongTokenOnEveryPost() async throws {
        let (f, targets) = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let before = (
            imports: try await f.store.imports().count, parameters: try await f.store.storedParameterValues().count,
            audit: try await f.store.auditEntries(cpr: nil, username: nil, limit: 10_000).count
        )
        let posts = Self.routes.filter { $0.method == .post && $0.permission != nil }
        #expect(posts.count >= 10)
        try await app.test(.router) { client in
            for who in Who.allCases {
                let jar = try await WebSDETests.logIn(client, as: who.rawValue)
                for route in posts {
                    let path = Self.path(route, targets)
                    // A form that would do something, but for the token.
                    let fields = [
                        "status": "afvist", "note": "forsøg", "aar": "2021", "fra": "2025-03-01", "grund": "en grund på mere end ti tegn",
                        "id": "sde.graense.t1", "vaerdi": "1", "kilde": "https://example.org", "bekraeft": "ja",
                    ]
                    for token in ["forkert", ""] {
                        var form = fields
                        if !token.isEmpty { form["csrf"] = token }
                        let r = try await client.execute(uri: path, method: .post, headers: headers(jar, form: true), body: formBody(form))
                        #expect(r.status == .forbidden, "\(who) \(path) with token '\(token)': \(r.status.code)")
                        if Self.allowed(route).contains(who) {
                            #expect(String(buffer: r.body).contains("CSRF"), "\(who) \(path): the refusal names the form token")
                        }
                    }
                }
            }
        }
        #expect(try #require(try await f.store.finding(id: targets.finding)).status == .new)
        #expect(try #require(try await f.store.claim(id: targets.claim)).status == .identified)
        #expect(try await f.store.imports().count == before.imports)
        #expect(try await f.store.storedParameterValues().count == before.parameters)
        #expect(try await f.store.passivityMarks().isEmpty)
        // Only the logins of this test and the refusals were written to the audit log: no deletion, no change.
        let audit = try await f.store.auditEntries(cpr: nil, username: nil, limit: 10_000)
        let written = audit.dropLast(before.audit)
        #expect(written.allSatisfy { $0.action == "login" || $0.action == "adgang nægtet" })
        #expect(written.filter { $0.action == "adgang nægtet" }.count == posts.count * Who.allCases.count * 2)
        try await f.store.close()
    }

    @Test("A caseworker changes only findings about their own citizens: not moms findings, not findings that name no citizen")
    func caseworkerChangesOnlyTheirFindings() async throws {
        let (f, targets) = try await Self.fixture()
        try await f.store.replaceFindings(
            scheme: .vat, year: 2021,
            [
                Finding(
                    scheme: .vat, year: 2021, kind: "momsrefusion_mangler", subjectKey: "bilag-1", cprs: [], amount: Money(kroner: 500),
                    direction: .claim, text: "Bilag 1")
            ])
        var sde = try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).map(\.finding)
        sde.append(
            Finding(
                scheme: .sde, year: 2021, kind: "uden_cpr", subjectKey: "bilag-9", cprs: [], amount: Money(kroner: 900), direction: .check,
                text: "Bilag 9"))
        try await f.store.replaceFindings(scheme: .sde, year: 2021, sde)
        let all = try await f.store.findings(scheme: nil, year: nil, includeInactive: false)
        let vat = try #require(all.first { $0.finding.scheme == .vat }).id
        let noCitizen = try #require(all.first { $0.finding.kind == "uden_cpr" }).id
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let sofie = try await WebSDETests.logIn(client, as: "sofie")
            let list = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(sofie)).body)
            #expect(list.contains("action=\"/fund/\(targets.finding)/status\""))
            #expect(!list.contains("action=\"/fund/\(vat)/status\"") && !list.contains("action=\"/fund/\(noCitizen)/status\""))
            let csrf = try #require(hiddenCSRF(list))
            for id in [vat, noCitizen] {
                let r = try await client.execute(
                    uri: "/fund/\(id)/status", method: .post, headers: headers(sofie, form: true),
                    body: formBody(["csrf": csrf, "status": "afvist"]))
                #expect(r.status == .forbidden && String(buffer: r.body).contains("ændres af økonomi eller en administrator"))
            }
            let own = try await client.execute(
                uri: "/fund/\(targets.finding)/status", method: .post, headers: headers(sofie, form: true),
                body: formBody(["csrf": csrf, "status": "undersoeges"]))
            #expect(own.status == .seeOther)
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let annaList = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(anna)).body)
            #expect(annaList.contains("action=\"/fund/\(vat)/status\""))
        }
        #expect(try await f.store.finding(id: vat)?.status == .new)
        #expect(try await f.store.finding(id: noCitizen)?.status == .new)
        #expect(try await f.store.finding(id: targets.finding)?.status == .investigating)
        try await f.store.close()
    }

    @Test("Lists and the API hide other departments' citizens from a caseworker; the menu hides the audit log")
    func listsFollowDepartments() async throws {
        let (f, _) = try await Self.fixture()
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
        let (f, _) = try await Self.fixture() // postings from January 2022 (anna's fixture) and all of 2021 (SDE)
        let old = f.dir.appendingPathComponent("posteringer-2019.csv")
        try "dato;beloeb;funktion;cpr;paragraf;forvaltning\n2019-05-31;4000,00;5.38.50;050519-5555;SEL-108;SOF\n".write(
            to: old, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: old, importedBy: "test", into: f.store)
        try await f.store.setSetting(RetentionRule.settingKey, "5")
        let app = try await buildApplication(store: f.store)
        let before = try await f.store.postingCount()
        try await app.test(.router) { client in
            let ada = try await WebSDETests.logIn(client, as: "ada")
            let page = String(buffer: try await client.execute(uri: "/opbevaring", method: .get, headers: headers(ada)).body)
            #expect(page.contains("Opbevaringsperiode: <strong>5 år</strong>") && page.contains("Ville blive slettet"))
            let csrf = try #require(hiddenCSRF(page))
            let unconfirmed = try await client.execute(
                uri: "/opbevaring", method: .post, headers: headers(ada, form: true), body: formBody(["csrf": csrf]))
            #expect(unconfirmed.status == .badRequest)
            #expect(try await f.store.postingCount() == before)
            let done = try await client.execute(
                uri: "/opbevaring", method: .post, headers: headers(ada, form: true), body: formBody(["csrf": csrf, "bekraeft": "ja"]))
            #expect(done.status == .ok && String(buffer: done.body).contains("Sletningen er gennemført"))
        }
        // Run on or after 2026 with 5 years, the cut-off is 1.1.2021 or later: the 2019 posting is gone.
        #expect(try await f.store.postings(cpr: CPR(parsing: "0505195555")).isEmpty)
        #expect(try await f.store.postingCount() == before - 1 - (RetentionRule(years: 5).cutoff(today: .today).year > 2021 ? 12 : 0))
        #expect(try await f.store.auditEntries(cpr: nil, username: "ada", limit: 5).contains { $0.action == "sletning" })
        try await f.store.close()
    }
}
