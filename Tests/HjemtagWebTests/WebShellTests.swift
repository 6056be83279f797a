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

@Suite("Web shell: login, imports page, API, headers", .serialized)
struct WebShellTests {
    @Test func healthAndRedirect() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/health", method: .get) { #expect($0.status == .ok) }
                try await client.execute(uri: "/importer", method: .get) { r in
                    #expect(r.status == .seeOther)
                    #expect(r.headers[.location] == "/login")
                }
                try await client.execute(uri: "/api/v1/imports", method: .get) { #expect($0.status == .unauthorized) }
            }
        }
    }

    @Test("Wrong password is refused; the right one logs in and shows the imports page")
    func login() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                let (wrong, _) = try await logIn(client, password: "forkert-forkert")
                #expect(wrong.status == .unauthorized)
                #expect(String(buffer: wrong.body).contains("Forkert brugernavn eller adgangskode"))

                let (ok, jar) = try await logIn(client)
                #expect(ok.status == .seeOther)
                let setCookie = ok.headers[values: .setCookie].joined(separator: " | ")
                #expect(setCookie.contains("hjemtag_session="))
                #expect(setCookie.contains("HttpOnly"))
                #expect(setCookie.contains("SameSite=Strict"))

                try await client.execute(uri: "/importer", method: .get, headers: headers(jar)) { r in
                    #expect(r.status == .ok)
                    let html = String(buffer: r.body)
                    #expect(html.contains("posteringer-jan.csv"))
                    #expect(html.contains("<h1>Importer</h1>"))
                    #expect(!html.contains("0101901234") && !html.contains("010190-1234"))
                }
                try await client.execute(uri: "/api/v1/imports", method: .get, headers: headers(jar)) { r in
                    #expect(r.status == .ok)
                    let list = try JSONDecoder().decode([ImportSummary].self, from: Data(buffer: r.body))
                    #expect(list.map(\.fileName) == ["posteringer-jan.csv"])
                }
                try await client.execute(uri: "/", method: .get, headers: headers(jar)) { r in
                    let html = String(buffer: r.body)
                    #expect(html.contains("Lejre Kommune (350)"))
                    for title in [
                        "Særligt dyre enkeltsager", "Beskæftigelse", "Mellemkommunal", "Resultattilskud", "Momsrefusion", "Budget og afregning",
                    ] {
                        #expect(html.contains(title))
                    }
                }
            }
            #expect(try await f.store.auditEntries(cpr: nil, username: "anna", limit: 10).map(\.action).contains("login"))
        }
    }

    @Test("A login form without its CSRF cookie is refused; logout needs the session's CSRF token")
    func csrf() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                let forged = try await client.execute(
                    uri: "/login", method: .post, headers: headers([:], form: true),
                    body: formBody(["brugernavn": "anna", "adgangskode": WebFixture.password, "csrf": "gæt"]))
                #expect(forged.status == .forbidden)
                let (_, jar) = try await logIn(client)
                let bad = try await client.execute(
                    uri: "/logout", method: .post, headers: headers(jar, form: true), body: formBody(["csrf": "forkert"]))
                #expect(bad.status == .forbidden)
                let page = try await client.execute(uri: "/", method: .get, headers: headers(jar))
                let token = try #require(hiddenCSRF(String(buffer: page.body)))
                let out = try await client.execute(uri: "/logout", method: .post, headers: headers(jar, form: true), body: formBody(["csrf": token]))
                #expect(out.status == .seeOther)
                let after = try await client.execute(uri: "/", method: .get, headers: headers(cookieHeader(out, keeping: jar)))
                #expect(after.status == .seeOther)
            }
        }
    }

    @Test("Wrong passwords slow that source down for that name, not the user elsewhere; every refusal and wait is in the audit log")
    func throttle() async throws {
        try await WebFixture.with { f in
            // The test client has no address of its own: let X-Forwarded-For name two sources.
            let app = try await buildApplication(store: f.store, configuration: WebConfiguration(trustedProxies: ["ukendt"]))
            try await app.test(.router) { client in
                func attempt(_ password: String, from source: String) async throws -> TestResponse {
                    let page = try await client.execute(uri: "/login", method: .get)
                    let jar = cookieHeader(page)
                    let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
                    var h = headers(jar, form: true)
                    h[HTTPField.Name("X-Forwarded-For")!] = "10.9.9.9, \(source)"
                    return try await client.execute(
                        uri: "/login", method: .post, headers: h, body: formBody(["brugernavn": "anna", "adgangskode": password, "csrf": csrf]))
                }
                for _ in 0..<4 { #expect(try await attempt("forkert-forkert", from: "192.0.2.66").status == .unauthorized) }
                let held = try await attempt(WebFixture.password, from: "192.0.2.66")
                #expect(held.status == .tooManyRequests && String(buffer: held.body).contains("Vent 1 sekund og prøv igen"))
                // The real user, at another address, is not held up.
                #expect(try await attempt(WebFixture.password, from: "192.0.2.10").status == .seeOther)
            }
            let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 20).map(\.action)
            #expect(audit.filter { $0 == "login afvist" }.count == 4 && audit.contains("login udsat") && audit.first == "login")
        }
    }

    @Test("The wait doubles after the third failure, up to 15 minutes, and a success clears it")
    func growingDelay() async throws {
        let throttle = LoginThrottle()
        let t0 = Date(timeIntervalSince1970: 1_000_000)
        var delays: [TimeInterval] = []
        for i in 0..<14 { delays.append(await throttle.failed("Anna", from: "a", now: t0.addingTimeInterval(Double(i) * 10_000))) }
        #expect(delays == [0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900])
        #expect(await throttle.wait("anna", from: "a", now: t0.addingTimeInterval(13 * 10_000 + 899)) != nil)
        #expect(await throttle.wait("anna", from: "b", now: t0.addingTimeInterval(13 * 10_000 + 1)) == nil)
        await throttle.succeeded("anna", from: "a")
        #expect(await throttle.wait("anna", from: "a", now: t0.addingTimeInterval(13 * 10_000 + 1)) == nil)
    }

    @Test("Security headers on every response")
    func securityHeaders() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                try await client.execute(uri: "/login", method: .get) { r in
                    let csp = r.headers[.contentSecurityPolicy] ?? ""
                    #expect(csp.contains("default-src 'self'"))
                    #expect(csp.contains("script-src 'self'"))
                    #expect(!csp.contains("unsafe-inline"))
                    #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
                    #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff")
                }
            }
        }
    }

    @Test("No CPR number reaches a log line or a URL while a user works")
    func noCPRInLogsOrURLs() async throws {
        try await WebFixture.with { f in
            let capture = LogCapture()
            let logger = Logger(label: "test") { _ in CapturingLogHandler(capture: capture) }
            let app = try await buildApplication(store: f.store, logger: logger)
            try await app.test(.router) { client in
                let (_, jar) = try await logIn(client)
                for path in ["/", "/importer", "/parametre", "/sde", "/api/v1/imports", "/api/v1/status"] {
                    let r = try await client.execute(uri: path, method: .get, headers: headers(jar))
                    let body = String(buffer: r.body)
                    #expect(!body.contains("0101901234"))
                    // Links on the pages never carry a 10-digit number.
                    #expect(body.range(of: #"href="[^"]*\d{10}"#, options: .regularExpression) == nil)
                }
            }
            #expect(!capture.all.isEmpty)
            #expect(capture.all.allSatisfy { !$0.contains("0101901234") && !$0.contains("010190-1234") })
        }
    }
}
