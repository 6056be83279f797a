import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// The administrator's settings and user administration, and every user's own password, on the
/// web: what the CLI's `indstil`, `opbevaring --aar` and `bruger` do, checked the same way.
@Suite("Web administration: settings, users, one's own password", .serialized)
struct AdminWebTests {
    static func fixture() async throws -> WebFixture {
        let f = try await WebFixture.make()
        _ = try await f.store.createUser(
            username: "ada", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .administrator, departments: [])
        return f
    }

    /// Logs in with a password; nil when the login is refused.
    static func logIn(_ client: some TestClientProtocol, _ user: String, _ password: String) async throws -> [String: String]? {
        let page = try await client.execute(uri: "/login", method: .get)
        let jar = cookieHeader(page)
        let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
        let r = try await client.execute(
            uri: "/login", method: .post, headers: headers(jar, form: true),
            body: formBody(["brugernavn": user, "adgangskode": password, "csrf": csrf]))
        return r.status == .seeOther ? cookieHeader(r, keeping: jar) : nil
    }

    static func post(_ client: some TestClientProtocol, _ path: String, _ jar: [String: String], _ fields: [String: String]) async throws
        -> TestResponse
    {
        let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(jar)).body)
        let csrf = try #require(hiddenCSRF(home))
        return try await client.execute(
            uri: path, method: .post, headers: headers(jar, form: true), body: formBody(fields.merging(["csrf": csrf]) { a, _ in a }))
    }

    static func shownPassword(_ html: String) -> String? {
        guard let r = html.range(of: #"<code id="ny-adgangskode">"#) else { return nil }
        return String(html[r.upperBound...].prefix { $0 != "<" })
    }

    @Test("The administrator creates a user, whose one-time password logs in; a duplicate or a caseworker without a department is refused")
    func createUser() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let ada = try #require(try await Self.logIn(client, "ada", WebFixture.password))
            let created = try await Self.post(
                client, "/brugere", ada,
                ["brugernavn": "sofie", "rolle": "sagsbehandler", "forvaltninger": "SOF, BUF", "email": "sofie@kommune.test"])
            #expect(created.status == .ok)
            let password = try #require(Self.shownPassword(String(buffer: created.body)))
            #expect(password.count == 16)
            #expect(try await Self.logIn(client, "sofie", password) != nil)
            let sofie = try #require(try await f.store.user(named: "sofie"))
            #expect(sofie.role == .sagsbehandler && sofie.departments == ["SOF", "BUF"] && sofie.email == "sofie@kommune.test")
            #expect(try await Self.post(client, "/brugere", ada, ["brugernavn": "sofie", "rolle": "revisor"]).status == .conflict)
            let noDepartment = try await Self.post(client, "/brugere", ada, ["brugernavn": "bent", "rolle": "sagsbehandler"])
            #expect(noDepartment.status == .badRequest && String(buffer: noDepartment.body).contains("mindst én forvaltning"))
            #expect(try await Self.post(client, "/brugere", ada, ["brugernavn": "=HYPERLINK(1)", "rolle": "revisor"]).status == .badRequest)
            #expect(try await f.store.user(named: "bent") == nil)
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "ada", limit: 20)
        #expect(audit.contains { $0.page == "bruger sofie" && $0.purpose == "oprettet med rollen sagsbehandler, forvaltning SOF, BUF" })
        try await f.store.close()
    }

    @Test("Deactivate refuses the login, activate lets it in again, a new password replaces the old; no administrator deactivates themselves")
    func changeUser() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let anna = try #require(try await f.store.user(named: "anna"))
        let adaID = try #require(try await f.store.user(named: "ada")).id
        try await app.test(.router) { client in
            let ada = try #require(try await Self.logIn(client, "ada", WebFixture.password))
            let off = try await Self.post(client, "/brugere/\(anna.id)", ada, ["handling": "deaktiver"])
            #expect(off.status == .seeOther && off.headers[.location] == "/brugere?gemt=deaktiver")
            #expect(try await Self.logIn(client, "anna", WebFixture.password) == nil)
            #expect(try await Self.post(client, "/brugere/\(anna.id)", ada, ["handling": "aktiver"]).status == .seeOther)
            #expect(try await Self.logIn(client, "anna", WebFixture.password) != nil)
            let reset = try await Self.post(client, "/brugere/\(anna.id)", ada, ["handling": "nulstil"])
            let password = try #require(Self.shownPassword(String(buffer: reset.body)))
            #expect(try await Self.logIn(client, "anna", WebFixture.password) == nil)
            #expect(try await Self.logIn(client, "anna", password) != nil)
            #expect(try await Self.post(client, "/brugere/\(anna.id)", ada, ["handling": "email", "email": "ikke en adresse"]).status == .badRequest)
            #expect(try await Self.post(client, "/brugere/\(anna.id)", ada, ["handling": "email", "email": "anna@kommune.test"]).status == .seeOther)
            let me = try await Self.post(client, "/brugere/\(adaID)", ada, ["handling": "deaktiver"])
            #expect(me.status == .badRequest && String(buffer: me.body).contains("ikke deaktivere dig selv"))
            #expect(try await Self.post(client, "/brugere/999", ada, ["handling": "aktiver"]).status == .notFound)
        }
        #expect(try await f.store.user(named: "anna")?.email == "anna@kommune.test")
        #expect(try await f.store.user(named: "ada")?.active == true)
        let audit = try await f.store.auditEntries(cpr: nil, username: "ada", limit: 20).compactMap(\.purpose)
        #expect(audit.contains("deaktiveret") && audit.contains("aktiveret") && audit.contains("ny adgangskode"))
        try await f.store.close()
    }

    @Test("Every user changes their own password: the current one first, the new one twice and long enough, or nothing changes")
    func ownPassword() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try #require(try await Self.logIn(client, "anna", WebFixture.password))
            let new = "et-helt-nyt-kodeord"
            for (fields, message) in [
                (["nuvaerende": "forkert-forkert", "ny": new, "gentag": new], "nuværende adgangskode er forkert"),
                (["nuvaerende": WebFixture.password, "ny": "kort", "gentag": "kort"], "mindst 12 tegn"),
                (["nuvaerende": WebFixture.password, "ny": new, "gentag": new + "x"], "ikke ens"),
            ] {
                let r = try await Self.post(client, "/adgangskode", anna, fields)
                #expect(r.status == .badRequest && String(buffer: r.body).contains(message), "\(message)")
            }
            #expect(try await Self.logIn(client, "anna", WebFixture.password) != nil, "nothing changed")
            let ok = try await Self.post(client, "/adgangskode", anna, ["nuvaerende": WebFixture.password, "ny": new, "gentag": new])
            #expect(ok.status == .seeOther)
            #expect(try await Self.logIn(client, "anna", WebFixture.password) == nil)
            #expect(try await Self.logIn(client, "anna", new) != nil)
        }
        try await f.store.close()
    }

    @Test("Settings are saved as the CLI saves them; one wrong field refuses the whole form and changes nothing")
    func settings() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let ada = try #require(try await Self.logIn(client, "ada", WebFixture.password))
            let saved = try await Self.post(
                client, "/indstillinger", ada,
                [
                    "sde-indtaegtsfunktioner": "5.38.50, 5.38.52", "sde-objektivt-finansierede": "", "moms-momspligtige-funktioner": "",
                    "opbevaring": "10", "skoen_felt": "1", PaymentMatchService.estimateKey: "ja",
                ])
            #expect(saved.status == .seeOther)
            #expect(try await PaymentMatchService.estimates(in: f.store))
            #expect(try await f.store.setting(SDEService.incomeFunctionsSetting) == "5.38.50,5.38.52")
            #expect(try await f.store.retentionRule()?.years == 10)
            let refused = try await Self.post(
                client, "/indstillinger", ada, ["sde-indtaegtsfunktioner": "5.38.50", "moms-momspligtige-funktioner": "5.38.xx", "opbevaring": "6"])
            #expect(refused.status == .badRequest && String(buffer: refused.body).contains("»5.38.xx« er ikke en kontoplanfunktion"))
            let short = try await Self.post(client, "/indstillinger", ada, ["opbevaring": "3"])
            #expect(short.status == .badRequest)
            #expect(try await f.store.setting(SDEService.incomeFunctionsSetting) == "5.38.50,5.38.52")
            #expect(try await f.store.retentionRule()?.years == 10)
            let page = String(buffer: try await client.execute(uri: "/indstillinger?gemt=ja", method: .get, headers: headers(ada)).body)
            #expect(page.contains(#"value="5.38.50, 5.38.52""#) && page.contains(#"value="10""#) && page.contains("Indstillingerne er gemt."))
            #expect(page.contains(#"name="os2bos-planlagte-som-skoen" value="ja" checked"#))
            // Unticked, the box is not sent; the form's marker says it was there: the estimate is switched off.
            _ = try await Self.post(client, "/indstillinger", ada, ["opbevaring": "10", "skoen_felt": "1"])
            #expect(try await PaymentMatchService.estimates(in: f.store) == false)
        }
        let audit = try await f.store.auditEntries(cpr: nil, username: "ada", limit: 20).compactMap(\.purpose)
        #expect(audit.contains("sde-indtaegtsfunktioner = 5.38.50,5.38.52") && audit.contains("opbevaringsperiode sat til 10 år"))
        #expect(audit.contains("os2bos-planlagte-som-skoen = ja") && audit.contains("os2bos-planlagte-som-skoen = nej"))
        #expect(!audit.contains { $0.hasPrefix("sde-objektivt-finansierede") }, "an unchanged setting writes no line")
        try await f.store.close()
    }
}
