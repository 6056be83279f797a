import Foundation
import HjemtagCore
import HjemtagStore
import Hummingbird
import HummingbirdBcrypt

/// The login form's content: its own double-submit token, and why the last attempt failed.
struct LoginContent: PageContent {
    static let template = Template.login
    var csrf: String
    var error: String?
}

/// Logging in and out. The login form is protected by a double-submit token (a cookie and a
/// hidden field that must match): there is no session yet to hold one.
struct LoginPages: Sendable {
    let store: any Store
    let views: Views
    let sessions: SessionManager
    let throttle: LoginThrottle
    static let csrfCookie = "hjemtag_login_csrf"
    /// Verified against when the name is unknown, at the cost `bruger opret` uses.
    static let unknownUserHash = Bcrypt.hash("ingen bruger med det navn", cost: Password.hashCost)

    struct Form: Decodable {
        var brugernavn: String
        var adgangskode: String
        var csrf: String
    }

    func form(_ request: Request, _ context: AppContext) async throws -> Response {
        if context.session != nil { return Redirect.to(Route.dashboard.path()) }
        return try loginForm(error: nil, request: request, context: context)
    }

    func loginForm(error: String?, request: Request, context: AppContext, status: HTTPResponse.Status = .ok) throws -> Response {
        let token = Token.random()
        let page = Page("Log ind", section: nil, LoginContent(csrf: token, error: error), status: status)
        var response = try views.render(page, session: nil).response(from: request, context: context)
        response.setCookie(
            Cookie(
                name: Self.csrfCookie, value: token, path: Route.login.path(),
                secure: sessions.configuration.secureCookies, httpOnly: true, sameSite: .strict))
        return response
    }

    func login(_ request: Request, _ context: AppContext) async throws -> Response {
        let form = try await request.form(Form.self, context: context)
        guard let formCookie = request.cookies[Self.csrfCookie]?.value, formCookie == form.csrf else {
            return try loginForm(error: "Formularen var udløbet. Prøv igen.", request: request, context: context, status: .forbidden)
        }
        let source = context.source(of: request, trusting: sessions.configuration.trustedProxies)
        if let wait = await throttle.wait(form.brugernavn, from: source) {
            let seconds = Int(wait.rounded(.up))
            try await store.appendAudit(
                username: form.brugernavn, action: .loginDelayed, cpr: nil, page: Route.login.path(),
                purpose: "for mange forkerte forsøg fra \(source); venter \(seconds) s")
            return try loginForm(
                error: "For mange forkerte forsøg. Vent \(DanishFormat.count(seconds, "sekund", "sekunder")) og prøv igen.", request: request,
                context: context,
                status: .tooManyRequests)
        }
        let user = try await store.user(named: form.brugernavn)
        // An unknown name costs the same bcrypt work as a known one: the answer's time does not
        // tell whether the name exists.
        let verified = Bcrypt.verify(form.adgangskode, hash: user?.passwordHash ?? Self.unknownUserHash)
        guard let user, user.active, verified else {
            let delay = await throttle.failed(form.brugernavn, from: source)
            try await store.appendAudit(
                username: form.brugernavn, action: .loginRefused, cpr: nil, page: Route.login.path(),
                purpose: "forkert brugernavn eller adgangskode fra \(source)" + (delay > 0 ? "; næste forsøg om \(Int(delay)) s" : ""))
            return try loginForm(error: "Forkert brugernavn eller adgangskode.", request: request, context: context, status: .unauthorized)
        }
        await throttle.succeeded(form.brugernavn, from: source)
        let session = WebSession(userID: user.id, username: user.username, role: user.role, departments: user.departments, csrfToken: Token.random())
        let cookie = try await sessions.start(session)
        try await store.appendAudit(username: user.username, action: .login, cpr: nil, page: Route.login.path(), purpose: nil)
        var response = Redirect.to(Route.dashboard.path())
        response.setCookie(cookie)
        return response
    }

    func logout(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let cookie = try await sessions.end(request)
        try await store.appendAudit(username: session.username, action: .logout, cpr: nil, page: Route.logout.path(), purpose: nil)
        var response = Redirect.to(Route.loginPage.path())
        response.setCookie(cookie)
        return response
    }
}
