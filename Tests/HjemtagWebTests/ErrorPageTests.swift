import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagStore
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

@testable import HjemtagSQLStore
@testable import HjemtagWeb

/// Whatever goes wrong, the user gets a Danish page in the layout (or JSON from the API), and
/// every such answer carries the security headers.
@Suite("Error pages: unknown address, refusal, server error; pages and API", .serialized)
struct ErrorPageTests {
    static func expectSecurityHeaders(_ r: TestResponse, _ what: String) {
        #expect(r.headers[.contentSecurityPolicy]?.contains("default-src 'self'") == true, "\(what): CSP")
        #expect(r.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(what): X-Frame-Options")
        #expect(r.headers[HTTPField.Name("X-Content-Type-Options")!] == "nosniff", "\(what): nosniff")
        #expect(r.headers[.cacheControl] == "no-store", "\(what): no-store")
    }

    @Test("An unknown address is a Danish 404 page, with the navigation when signed in")
    func notFound() async throws {
        try await WebFixture.with { f in
            let app = try await buildApplication(store: f.store)
            try await app.test(.router) { client in
                let anonymous = try await client.execute(uri: "/findes-ikke", method: .get)
                #expect(anonymous.status == .notFound)
                #expect(anonymous.headers[.contentType]?.hasPrefix("text/html") == true)
                let page = String(buffer: anonymous.body)
                #expect(
                    page.contains("<h1>Siden findes ikke</h1>") && page.contains("Der findes ingen side med den adresse.")
                        && page.contains("href=\"/login\""))
                #expect(!page.contains("aria-label=\"Hovedmenu\""))
                Self.expectSecurityHeaders(anonymous, "404")
                let (_, jar) = try await logIn(client)
                let signedIn = try await client.execute(uri: "/sde/emne/999999", method: .get, headers: headers(jar))
                #expect(signedIn.status == .notFound)
                let html = String(buffer: signedIn.body)
                #expect(html.contains("Emnet findes ikke.") && html.contains("aria-label=\"Hovedmenu\"") && html.contains("anna (økonomi)"))
                Self.expectSecurityHeaders(signedIn, "404 signed in")
            }
        }
    }

    @Test("A refusal is a Danish 403 page naming what the role cannot do; the API answers JSON")
    func forbidden() async throws {
        let (f, _) = try await AccessMatrixTests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let export = try await client.execute(uri: "/parametre", method: .post, headers: headers(rita, form: true), body: formBody(["csrf": "x"]))
            #expect(export.status == .forbidden)
            let html = String(buffer: export.body)
            #expect(
                html.contains("<h1>Ingen adgang</h1>") && html.contains("Kun administratorer kan indtaste parametre.")
                    && html.contains("aria-label=\"Hovedmenu\""))
            Self.expectSecurityHeaders(export, "403")
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let api = try await client.execute(uri: "/api/v1/audit", method: .get, headers: headers(bo))
            #expect(api.status == .forbidden)
            #expect(api.headers[.contentType]?.hasPrefix("application/json") == true)
            let json = try JSONDecoder().decode(ErrorPages.APIError.self, from: Data(buffer: api.body))
            #expect(json.status == 403 && json.fejl == "Kun administrator og revisor kan se og eksportere logningen.")
            Self.expectSecurityHeaders(api, "403 API")
            let none = try await client.execute(uri: "/api/v1/status", method: .get)
            #expect(
                none.status == .unauthorized && (try? JSONDecoder().decode(ErrorPages.APIError.self, from: Data(buffer: none.body)))?.status == 401)
        }
        try await f.store.close()
    }

    @Test("A thrown error is a 500 page with a reference; its cause is in the log with the same reference, and the headers are there")
    func serverError() async throws {
        try await WebFixture.with { f in
            let capture = LogCapture()
            let logger = Logger(label: "test") { _ in CapturingLogHandler(capture: capture) }
            try await f.store.replaceFindings(
                scheme: .vat, year: 2021,
                [
                    Finding(
                        scheme: .vat, year: 2021, kind: "momsrefusion_mangler", subjectKey: "bilag-1", cprs: [], amount: Money(kroner: 5),
                        direction: .claim, text: "t")
                ])
            // A row changed outside Hjemtag: the store refuses to read it, and the page says so.
            try await f.store.executeRaw("UPDATE findings SET status = 'glemt'")
            let app = try await buildApplication(store: f.store, logger: logger)
            try await app.test(.router) { client in
                let (_, jar) = try await logIn(client)
                let r = try await client.execute(uri: "/fund", method: .get, headers: headers(jar))
                #expect(r.status == .internalServerError)
                let html = String(buffer: r.body)
                #expect(html.contains("<h1>Serverfejl</h1>") && html.contains("aria-label=\"Hovedmenu\""))
                let reference = try #require(
                    html.range(of: #"<code>[0-9a-f]{8}</code>"#, options: .regularExpression).map { String(html[$0].dropFirst(6).prefix(8)) })
                #expect(!html.contains("glemt"), "the cause is for the log, not the page")
                Self.expectSecurityHeaders(r, "500")
                #expect(capture.all.contains { $0.contains("serverfejl \(reference)") && $0.contains("tabellen findings") && $0.contains("/fund") })
                let api = try await client.execute(uri: "/api/v1/findings", method: .get, headers: headers(jar))
                #expect(api.status == .internalServerError && String(buffer: api.body).contains("\"status\":500"))
                Self.expectSecurityHeaders(api, "500 API")
            }
        }
    }

    @Test("Every template is found when the application is built")
    func templatesAtStart() async throws {
        let views = try await Views.load()
        for template in Template.allCases { #expect(views.library.getTemplate(named: template.rawValue) != nil, "\(template)") }
    }
}
