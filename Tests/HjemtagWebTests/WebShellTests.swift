import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
@testable import HjemtagStore
@testable import HjemtagWeb
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import Testing

/// Keeps every log line so a test can prove no CPR number was logged.
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func add(_ s: String) { lock.lock(); lines.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

struct CapturingLogHandler: LogHandler {
    let capture: LogCapture
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
        capture.add("\(message) \(metadata ?? [:]) \(self.metadata)")
    }
}

struct WebFixture {
    let store: SQLStore
    let dir: URL
    static let password = "korrekt-hest-batteri"

    /// Runs `body` with a fixture and always closes its store.
    static func with(_ body: (WebFixture) async throws -> Void) async throws {
        let f = try await make()
        do { try await body(f) } catch { try? await f.store.close(); throw error }
        try await f.store.close()
    }

    static func make() async throws -> WebFixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-web-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await SQLStore.open(dir.appendingPathComponent("web.sqlite").path)
        _ = try await store.migrate()
        try await store.setSetting("kommune", "350")
        _ = try await store.createUser(username: "anna", passwordHash: Bcrypt.hash(password, cost: 4), role: .okonomi, departments: [])
        let csv = "dato;beloeb;funktion;cpr;paragraf\n2022-01-15;1000,00;5.38.50;010190-1234;SEL-108\n"
        let file = dir.appendingPathComponent("posteringer-jan.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: store)
        return WebFixture(store: store, dir: dir)
    }
}

/// Cookies from `Set-Cookie` headers as a `Cookie` request header.
func cookieHeader(_ response: TestResponse, keeping existing: [String: String] = [:]) -> [String: String] {
    var jar = existing
    for field in response.headers where field.name == .setCookie {
        let pair = field.value.split(separator: ";")[0].split(separator: "=", maxSplits: 1)
        if pair.count == 2 { jar[String(pair[0])] = String(pair[1]) }
    }
    return jar
}

func headers(_ jar: [String: String], form: Bool = false) -> HTTPFields {
    var h = HTTPFields()
    if !jar.isEmpty { h[.cookie] = jar.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
    if form { h[.contentType] = "application/x-www-form-urlencoded" }
    return h
}

func hiddenCSRF(_ html: String) -> String? {
    guard let r = html.range(of: #"name="csrf" value=""#) else { return nil }
    return String(html[r.upperBound...].prefix { $0 != "\"" })
}

func formBody(_ fields: [String: String]) -> ByteBuffer {
    ByteBuffer(string: fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }.joined(separator: "&"))
}

/// Logs in and returns the cookie jar with the session.
func logIn(_ client: some TestClientProtocol, password: String = WebFixture.password) async throws -> (TestResponse, [String: String]) {
    let page = try await client.execute(uri: "/login", method: .get)
    let jar = cookieHeader(page)
    let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
    let response = try await client.execute(uri: "/login", method: .post, headers: headers(jar, form: true),
                                            body: formBody(["brugernavn": "anna", "adgangskode": password, "csrf": csrf]))
    return (response, cookieHeader(response, keeping: jar))
}

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
                for title in ["Særligt dyre enkeltsager", "Beskæftigelse", "Mellemkommunal", "Resultattilskud", "Momsrefusion", "Budget og afregning"] {
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
            let forged = try await client.execute(uri: "/login", method: .post, headers: headers([:], form: true),
                                                  body: formBody(["brugernavn": "anna", "adgangskode": WebFixture.password, "csrf": "gæt"]))
            #expect(forged.status == .forbidden)
            let (_, jar) = try await logIn(client)
            let bad = try await client.execute(uri: "/logout", method: .post, headers: headers(jar, form: true), body: formBody(["csrf": "forkert"]))
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

    @Test("Five wrong passwords lock the user out for a while, even with the right one")
    func throttle() async throws {
        try await WebFixture.with { f in
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            for _ in 0..<5 { _ = try await logIn(client, password: "forkert-forkert") }
            let (locked, _) = try await logIn(client)
            #expect(locked.status == .tooManyRequests)
        }
        }
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

@Suite("Web SDE pages: masked lists, audited drill-down, roles", .serialized)
struct WebSDETests {
    static func fixture() async throws -> WebFixture {
        let f = try await WebFixture.make()
        let csv = "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n" + (1...12).map {
            "2021-\(zeroPad($0, 2))-28;100000,00;5.38.50;020270-2222;SEL-108;2021-\(zeroPad($0, 2))-01;\(Month(year: 2021, month: $0).lastDay.iso);SOF"
        }.joined(separator: "\n") + "\n"
        let file = f.dir.appendingPathComponent("sde.csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: f.store)
        _ = try await SDEService(store: f.store).run(year: 2021, by: "test")
        _ = try await f.store.createUser(username: "bo", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["BUF"])
        _ = try await f.store.createUser(username: "rita", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .revisor, departments: [])
        return f
    }

    static func logIn(_ client: some TestClientProtocol, as user: String) async throws -> [String: String] {
        let page = try await client.execute(uri: "/login", method: .get)
        let jar = cookieHeader(page)
        let csrf = try #require(hiddenCSRF(String(buffer: page.body)))
        let r = try await client.execute(uri: "/login", method: .post, headers: headers(jar, form: true),
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
            #expect(!list.contains("<form method=\"post\" action=\"/fund/"))
            let token = try #require(hiddenCSRF(list))
            let finding = try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
            let change = try await client.execute(uri: "/fund/\(finding.id)/status", method: .post, headers: headers(rita, form: true),
                                                  body: formBody(["csrf": token, "status": "afvist"]))
            #expect(change.status == .forbidden)
        }
        let unchanged = try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
        #expect(unchanged.status == .new)
        try await f.store.close()
    }
}

@Suite("The findings list pages through every finding", .serialized)
struct FindingListTests {
    @Test("200 findings a page, largest first, totals over all; filters kept in the links; a caseworker pages through their own")
    func paging() async throws {
        let f = try await WebSDETests.fixture()
        // 430 ledger findings of 1 … 430 kr. (no person), next to the SDE run's findings about a SOF citizen.
        let ledger = (1...430).map { i in
            Finding(scheme: .vat, year: 2021, kind: "momsrefusion_mangler", subjectKey: "bilag-\(i)", cprs: [], amount: Money(kroner: Int64(i)), direction: .claim, text: "Bilag \(i)")
        }
        try await f.store.replaceFindings(scheme: .vat, year: 2021, ledger)
        let sde = try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).count
        #expect(sde > 0)
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            func page(_ uri: String, _ jar: [String: String]) async throws -> String {
                String(buffer: try await client.execute(uri: uri, method: .get, headers: headers(jar)).body)
            }
            func rows(_ html: String) -> Int { html.components(separatedBy: "<tr><td class=\"num\">").count - 1 }

            let first = try await page("/fund", anna)
            #expect(rows(first) == 200)
            #expect(first.contains("Viser 1–200 af \(Danish.integer(430 + sde))"))
            #expect(first.contains("href=\"/fund?side=2\">Næste side") && !first.contains("Forrige side"))
            // No finding has a note yet: none shows an empty "Note:" (an empty string opens a Mustache section).
            #expect(!first.contains("Note:"))

            // Filtered to VAT: 430 findings summing to 430 · 431 / 2 = 92.665 kr.; the last page has 30, largest first.
            let vat = try await page("/fund?ordning=moms&aar=2021", anna)
            #expect(vat.contains("92.665,00 kr.") && vat.contains("Viser 1–200 af 430"))
            #expect(vat.contains("href=\"/fund?ordning=moms&amp;aar=2021&amp;side=2\">Næste side"))
            #expect(vat.range(of: "Bilag 430")!.lowerBound < vat.range(of: "Bilag 429")!.lowerBound)
            let last = try await page("/fund?ordning=moms&aar=2021&side=3", anna)
            #expect(rows(last) == 30 && last.contains("Viser 401–430 af 430") && !last.contains("Næste side"))
            #expect(last.contains("Bilag 1<") && !last.contains("Bilag 31<"))
            // A filter that finds nothing says so, not "run a computation".
            let none = try await page("/fund?ordning=moms&aar=2019", anna)
            #expect(none.contains("Ingen fund for den valgte ordning") && !none.contains("Kør en beregning"))
            // A page past the end shows the last page.
            #expect(try await page("/fund?ordning=moms&aar=2021&side=99", anna).contains("Viser 401–430 af 430"))

            // Bo works in BUF: the ledger findings, not the SOF citizen's.
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let his = try await page("/fund", bo)
            #expect(his.contains("Viser 1–200 af 430") && !his.contains("020270-XXXX"))
        }
        try await f.store.close()
    }
}

@Suite("Web employment page", .serialized)
struct WebStaircaseTests {
    @Test("The staircase page shows the year's refund, the step profile and YR differences with masked CPR")
    func page() async throws {
        let f = try await WebFixture.make()
        let ydelser = f.dir.appendingPathComponent("ydelser.csv")
        try (["cpr;ydelse;periode_fra;periode_til;beloeb"] + (1...6).map { w in
            let m = ISOWeek(year: 2024, week: w)!.monday
            return "030380-3333;Kontanthjælp;\(m.iso);\(m.adding(days: 6).iso);3000,00"
        }).joined(separator: "\n").write(to: ydelser, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .benefitPayments, file: ydelser, importedBy: "t", into: f.store)
        let yr = f.dir.appendingPathComponent("yr-ydelsesrefusion-beregning-350-0001-2024-03-01.csv")
        try "Uge;CPR nummer;Ydelse;Beregnet udbetalingsbeløb;Refusionssats;Refusionsbeløb;Medfinansieringssats;Medfinansieringsbeløb\n2024-02-05;0303803333;Kontanthjælp;3000,00;80;2400,00;0;0,00\n"
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
        }
        try await f.store.close()
    }
}

@Suite("Web parameters", .serialized)
struct WebParameterTests {
    @Test("An administrator enters a year's limit with its source; other roles cannot; bad values are refused")
    func enter() async throws {
        let f = try await WebSDETests.fixture()
        _ = try await f.store.createUser(username: "adam", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .administrator, departments: [])
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let adam = try await WebSDETests.logIn(client, as: "adam")
            let page = String(buffer: try await client.execute(uri: "/parametre", method: .get, headers: headers(adam)).body)
            let token = try #require(hiddenCSRF(page))
            let bad = try await client.execute(uri: "/parametre", method: .post, headers: headers(adam, form: true),
                                               body: formBody(["csrf": token, "id": "sde.graense.t1", "fra": "2023-01-01", "til": "2023-12-31", "vaerdi": "otte", "kilde": "https://example.invalid/2023"]))
            #expect(bad.status == .badRequest)
            let ok = try await client.execute(uri: "/parametre", method: .post, headers: headers(adam, form: true),
                                              body: formBody(["csrf": token, "id": "sde.graense.t1", "fra": "2023-01-01", "til": "2023-12-31", "vaerdi": "880.000", "kilde": "https://example.invalid/2023"]))
            #expect(ok.status == .seeOther)
            let anna = try await WebSDETests.logIn(client, as: "anna") // økonomi
            let annaPage = String(buffer: try await client.execute(uri: "/parametre", method: .get, headers: headers(anna)).body)
            #expect(!annaPage.contains("action=\"/parametre\""))
            let refused = try await client.execute(uri: "/parametre", method: .post, headers: headers(anna, form: true),
                                                   body: formBody(["csrf": try #require(hiddenCSRF(annaPage)), "id": "sde.graense.t1", "fra": "2024-01-01", "vaerdi": "1", "kilde": "https://x.invalid"]))
            #expect(refused.status == .forbidden)
        }
        let set = try await f.store.parameterSet()
        #expect(try set.money("sde.graense.t1", on: Day(year: 2023, month: 6, day: 1)!).0 == Money(kroner: 880_000))
        try await f.store.close()
    }
}

@Suite("Web audit log export", .serialized)
struct WebAuditExportTests {
    @Test("The auditor exports the audit log as CSV with the drill-downs; the export is logged; a caseworker is refused")
    func export() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            let link = try #require(list.range(of: #"/sde/emne/\d+"#, options: .regularExpression).map { String(list[$0]) })
            _ = try await client.execute(uri: link, method: .get, headers: headers(anna))
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let csv = try await client.execute(uri: "/revision/eksport", method: .get, headers: headers(rita))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("\u{FEFF}Tidspunkt (UTC);Bruger;Handling;CPR;Side;Formål"))
            #expect(text.contains(";anna;vis;020270-2222;\(link);SDE-opgørelse"))
            let bo = try await WebSDETests.logIn(client, as: "bo")
            #expect(try await client.execute(uri: "/revision/eksport", method: .get, headers: headers(bo)).status == .forbidden)
        }
        #expect(try await f.store.auditEntries(cpr: nil, username: "rita", limit: 10).map(\.action).contains("eksport af logning"))
        try await f.store.close()
    }
}


/// Text written into HTML outside the templates: an explanation text or a parameter source
/// comes from data and must never become markup.
@Suite struct HTMLTextTests {
    @Test func escapesMarkupCharacters() {
        #expect(HTMLText.escaped(#"<a href="x" onclick='y'>Tom & Jerry</a>"#)
                == "&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;")
    }

    @Test func leavesOtherTextAlone() {
        #expect(HTMLText.escaped("Økonomi – § 176, stk. 2: 25 % af 1.234,50 kr.") == "Økonomi – § 176, stk. 2: 25 % af 1.234,50 kr.")
        #expect(HTMLText.escaped("") == "")
        #expect(HTMLText.escaped("æ&ø") == "æ&amp;ø")
    }
}
