import Foundation
import Hummingbird
import HummingbirdBcrypt
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore
import Logging

/// Builds the web application over a store. Tests call this with an in-memory SQLite store and
/// drive it through Hummingbird's router test client.
public func buildApplication(store: any Store, configuration: WebConfiguration = .init(),
                             logger: Logger = Logger(label: "hjemtag.web")) async throws -> some ApplicationProtocol {
    let views = try await Views.load()
    let sessions = SessionManager(configuration: configuration)
    let router = Router(context: AppContext.self)
    router.middlewares.add(LogRequestsMiddleware(.info))
    router.middlewares.add(SecurityHeaders())
    router.middlewares.add(SessionLoader(sessions: sessions))
    WebRoutes(store: store, views: views, sessions: sessions, throttle: LoginThrottle(), today: configuration.today).register(on: router)
    APIRoutes(store: store).register(on: router.group("api/v1"))
    return Application(router: router, configuration: .init(address: .hostname(configuration.host, port: configuration.port),
                                                            serverName: "Hjemtag"), logger: logger)
}

struct LoginForm: Decodable {
    var brugernavn: String
    var adgangskode: String
    var csrf: String
}

struct CSRFForm: Decodable {
    var csrf: String
}

extension Request {
    /// Decodes an `application/x-www-form-urlencoded` body.
    func form<T: Decodable>(_ type: T.Type, context: AppContext) async throws -> T {
        let buffer = try await body.collect(upTo: 1 << 20)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "Formularen er ufuldstændig.")
        }
    }
}

/// The JSON API's guard: no session → 401, a role without the permission → 403 (the pages'
/// wrappers do the same with a redirect to the login page).
@discardableResult
func requireSession(_ context: AppContext, _ permission: Permission) throws -> WebSession {
    guard let s = context.session else { throw HTTPError(.unauthorized, message: "Log ind først.") }
    try Access.require(permission, s)
    return s
}

struct WebRoutes: Sendable {
    let store: any Store
    let views: Views
    let sessions: SessionManager
    let throttle: LoginThrottle
    let today: @Sendable () -> Day
    static let loginCSRFCookie = "hjemtag_login_csrf"

    func register(on router: Router<AppContext>) {
        router.get("health") { _, _ in
            Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
        }
        router.get("static/hjemtag.css") { _, _ in
            let url = Bundle.module.url(forResource: "static", withExtension: nil)!.appendingPathComponent("hjemtag.css")
            let css = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            var r = Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: css)))
            r.headers[.cacheControl] = "max-age=3600"
            return r
        }
        router.get("favicon.ico") { _, _ in
            let url = Bundle.module.url(forResource: "static", withExtension: nil)!.appendingPathComponent("favicon.svg")
            var r = Response(status: .ok, headers: [.contentType: "image/svg+xml"],
                             body: .init(byteBuffer: ByteBuffer(data: (try? Data(contentsOf: url)) ?? Data())))
            r.headers[.cacheControl] = "max-age=86400"
            return r
        }
        router.get("login", use: loginPage)
        router.post("login", use: login)
        router.post("logout", use: logout)
        router.get("/", use: page(.read) { request, context, session in try await dashboard(session) })
        router.get("importer", use: page(.read) { _, _, session in try await importsPage(session) })
        router.get("parametre", use: page(.read) { _, _, session in try await parametersPage(session) })
        let sde = SDEPages(store: store, views: views)
        router.get("sde", use: page(.read) { request, _, session in try await sde.overview(request, session) })
        router.get("sde/emne/:id", use: page(.read) { request, context, session in try await sde.subject(request, context, session) })
        let admin = AdminPages(store: store, views: views, today: today)
        router.post("importer", use: action(.runComputations, admin.upload))
        router.post("sde/beregn", use: action(.runComputations, admin.computeSDE))
        router.get("revision", use: page(.readAuditLog) { request, context, session in try await admin.auditLog(request, context, session) })
        router.post("parametre", use: action(.setParameters, admin.setParameter))
        router.post("revision", use: page(.readAuditLog) { request, context, session in try await admin.auditLog(request, context, session) })
        router.get("revision/eksport", use: action(.readAuditLog, admin.exportAuditLog))
        router.get("opbevaring", use: page(.applyRetention) { request, context, session in try await admin.retention(request, context, session) })
        router.post("opbevaring", use: page(.applyRetention) { request, context, session in try await admin.retention(request, context, session) })
        let staircase = StaircasePages(store: store, views: views, today: today)
        router.get("beskaeftigelse", use: page(.read) { request, _, session in try await staircase.overview(request, session) })
        let moves = IntermunicipalPages(store: store, views: views, today: today)
        router.get("mellemkommunal", use: page(.read) { request, _, session in try await moves.overview(request, session) })
        router.get("mellemkommunal/borger/:key", use: page(.read) { request, context, session in try await moves.person(request, context, session) })
        router.get("mellemkommunal/krav/:id", use: page(.read) { request, context, session in try await moves.claim(request, context, session) })
        router.post("mellemkommunal/beregn", use: action(.runComputations, moves.compute))
        router.post("mellemkommunal/borger/:key/passivitet", use: action(.changeCases, moves.markPassivity))
        router.post("mellemkommunal/krav/:id/status", use: action(.changeCases, moves.setStatus))
        router.get("mellemkommunal/krav/:id/brev", use: action(.read, moves.letter))
        router.get("mellemkommunal/eksport.xlsx", use: action(.exportAllPersons, moves.export))
        router.get("static/brev.css") { _, _ in
            var r = Response(status: .ok, headers: [.contentType: "text/css; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: ClaimLetter.css)))
            r.headers[.cacheControl] = "max-age=3600"
            return r
        }
        let grants = ResultGrantPages(store: store, views: views, today: today)
        router.get("resultattilskud", use: page(.read) { request, _, session in try await grants.page(request, session) })
        router.get("resultattilskud/eksport.xlsx", use: action(.exportAllPersons, grants.export))
        let vat = VATPages(store: store, views: views, today: today)
        router.get("moms", use: page(.read) { request, _, session in try await vat.page(request, session) })
        router.get("moms/rettelsesjournal.csv", use: action(.read, vat.export))
        router.get("moms/eksport.xlsx", use: action(.read, vat.export))
        let budget = BudgetPages(store: store, views: views)
        router.get("budget", use: page(.read) { request, _, session in try await budget.page(request, session) })
        router.get("budget/eksport.xlsx", use: action(.read, budget.export))
        let findings = FindingPages(store: store, views: views)
        router.get("fund", use: page(.read) { request, _, session in try await findings.list(request, session) })
        router.post("fund/:id/status", use: action(.changeCases, findings.setStatus))
    }

    /// Wraps a handler that answers with its own response (a form post, a download): no session → to
    /// the login page; a role without the route's permission → 403, before the handler runs.
    func action(_ permission: Permission, _ body: @escaping @Sendable (Request, AppContext, WebSession) async throws -> Response) -> @Sendable (Request, AppContext) async throws -> Response {
        { request, context in
            guard let session = context.session else { return Redirect.to("/login") }
            try Access.require(permission, session)
            return try await body(request, context, session)
        }
    }

    /// Wraps a page handler the same way.
    func page(_ permission: Permission, _ body: @escaping @Sendable (Request, AppContext, WebSession) async throws -> HTML) -> @Sendable (Request, AppContext) async throws -> Response {
        action(permission) { request, context, session in try await body(request, context, session).response(from: request, context: context) }
    }

    @Sendable func loginPage(_ request: Request, context: AppContext) async throws -> Response {
        if context.session != nil { return Redirect.to("/") }
        return try loginForm(error: nil, request: request, context: context)
    }

    func loginForm(error: String?, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        // Double-submit token for the login form: a cookie and a hidden field that must match.
        let token = Token.random()
        var content: [String: Any] = ["csrf": token]
        if let error { content["error"] = error }
        var response = try HTML(views.page("login", title: "Log ind", session: nil, content).body, status: status)
            .response(from: request, context: context)
        response.setCookie(Cookie(name: WebRoutes.loginCSRFCookie, value: token, path: "/login",
                                  secure: sessions.configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    @Sendable func login(_ request: Request, context: AppContext) async throws -> Response {
        let form = try await request.form(LoginForm.self, context: context)
        guard let formCookie = request.cookies[WebRoutes.loginCSRFCookie]?.value, formCookie == form.csrf else {
            return try loginForm(error: "Formularen var udløbet. Prøv igen.", request: request, context: context, status: .forbidden)
        }
        if await throttle.isLocked(form.brugernavn) {
            return try loginForm(error: "For mange forkerte forsøg. Vent 15 minutter og prøv igen.", request: request, context: context, status: .tooManyRequests)
        }
        guard let user = try await store.user(named: form.brugernavn), user.active,
              Bcrypt.verify(form.adgangskode, hash: user.passwordHash) else {
            await throttle.failed(form.brugernavn)
            return try loginForm(error: "Forkert brugernavn eller adgangskode.", request: request, context: context, status: .unauthorized)
        }
        await throttle.succeeded(form.brugernavn)
        let session = WebSession(userID: user.id, username: user.username, role: user.role, departments: user.departments, csrfToken: Token.random())
        let cookie = try await sessions.start(session)
        try await store.appendAudit(username: user.username, action: "login", cpr: nil, page: "/login", purpose: nil)
        var response = Redirect.to("/")
        response.setCookie(cookie)
        return response
    }

    @Sendable func logout(_ request: Request, context: AppContext) async throws -> Response {
        guard let session = context.session else { return Redirect.to("/login") }
        let form = try await request.form(CSRFForm.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        let cookie = try await sessions.end(request)
        try await store.appendAudit(username: session.username, action: "logout", cpr: nil, page: "/logout", purpose: nil)
        var response = Redirect.to("/login")
        response.setCookie(cookie)
        return response
    }

    func dashboard(_ session: WebSession) async throws -> HTML {
        let imports = try await store.imports()
        let kommune = try await store.ownMunicipality()
        return views.page("dashboard", title: "Oversigt", session: session, active: "oversigt", [
            "kommune": kommune.map { "\($0.name) Kommune (\($0.codeText))" } ?? "ikke sat (kør hjemtag migrate --kommune KODE)",
            "import_count": Danish.integer(imports.count),
            "posting_count": Danish.integer(try await store.postingCount()),
            "schemes": SchemePage.all.values.sorted { $0.order < $1.order }.map { ["title": $0.title, "path": $0.path, "law": $0.law] },
        ])
    }

    func importsPage(_ session: WebSession) async throws -> HTML {
        let rows: [[String: Any]] = try await store.imports().reversed().map { i in
            ["id": i.id, "kind": i.kind, "file": i.fileName, "rows": Danish.integer(i.rowCount), "size": Danish.bytes(i.size),
             "encoding": i.encoding, "by": i.importedBy, "at": Danish.timestamp(i.importedAt), "sha": String(i.sha256.prefix(16))]
        }
        return views.page("imports", title: "Importer", session: session, active: "importer", [
            "imports": rows, "empty": rows.isEmpty, "can_upload": Access.allows(session, .runComputations), "csrf": session.csrfToken,
            "kinds": ImportKind.allCases.map(\.rawValue)])
    }

    func parametersPage(_ session: WebSession) async throws -> HTML {
        let set = try await store.parameterSet()
        var rows: [[String: Any]] = []
        for d in set.definitions.values.sorted(by: { $0.id < $1.id }) {
            for v in d.values.sorted(by: { $0.from < $1.from }) {
                rows.append(["id": d.id, "title": d.title, "value": Danish.parameterValue(v.value, unit: d.unit), "period": v.periodText,
                             "source": v.source, "checked": v.checked.danish, "note": v.note ?? "", "entered": v.enteredBy != nil])
            }
        }
        return views.page("parameters", title: "Parametre", session: session, active: "parametre", [
            "rows": rows, "is_admin": Access.allows(session, .setParameters), "can_retain": Access.allows(session, .applyRetention), "csrf": session.csrfToken,
            "ids": set.definitions.keys.sorted()])
    }

}

/// The schemes as the dashboard lists them: title, page, law and the files each reads.
struct SchemePage: Sendable {
    let key: Scheme, path: String, title: String, law: String, inputs: [String], order: Int

    static let all: [Scheme: SchemePage] = Dictionary(uniqueKeysWithValues: [
        SchemePage(key: .sde, path: "/sde", title: "Særligt dyre enkeltsager", law: "Serviceloven § 176, barnets lov § 198, BEK om den centrale refusionsordning",
                   inputs: ["posteringer", "os2bos-betalinger", "husstande"], order: 1),
        SchemePage(key: .staircase, path: "/beskaeftigelse", title: "Beskæftigelse: refusionstrappen", law: "Lov om kommunernes finansiering af visse offentlige ydelser §§ 3, 5, 6",
                   inputs: ["ydelser", "stoettet-beskaeftigelse", "yr-beregning"], order: 2),
        SchemePage(key: .intermunicipal, path: "/mellemkommunal", title: "Mellemkommunal refusion", law: "Retssikkerhedsloven §§ 9, 9 a, 9 c",
                   inputs: ["ophold", "krav", "posteringer"], order: 3),
        SchemePage(key: .resultGrant, path: "/resultattilskud", title: "Resultattilskud", law: "Integrationsloven § 45; BEK om statsrefusion og tilskud §§ 11-12",
                   inputs: ["integration"], order: 4),
        SchemePage(key: .vat, path: "/moms", title: "Momsrefusion", law: "Lov 497/2006; BEK 891/2025; positivlisten",
                   inputs: ["posteringer", "positivliste", "momsregistrering"], order: 5),
        SchemePage(key: .budget, path: "/budget", title: "Budget og afregning", law: "BEK om statsrefusion og tilskud kap. 9",
                   inputs: ["initiativer", "businesscase", "indtaegtsbudget"], order: 6),
    ].map { ($0.key, $0) })
}
