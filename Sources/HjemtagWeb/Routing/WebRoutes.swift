import Foundation
import HjemtagCore
import HjemtagStore
import Hummingbird

/// What a route's handler is given and answers with. The route table wraps every handler the
/// same way (`WebRoutes.responder`): session, permission and, for a POST, the form's token are
/// checked before it runs.
enum Handler: Sendable {
    /// Needs no session (the login form, stylesheets, the health check).
    case open(@Sendable (Request, AppContext) async throws -> Response)
    /// A page, rendered in the layout for the session.
    case page(@Sendable (Request, AppContext, WebSession) async throws -> Page)
    /// Answers with its own response: a redirect after a form, a download, JSON.
    case action(@Sendable (Request, AppContext, WebSession) async throws -> Response)
    /// A form that answers with a page or a redirect (a page when what it shows may not be put in
    /// an address, such as a citizen searched for).
    case form(@Sendable (Request, AppContext, WebSession) async throws -> FormAnswer)
}

/// What a form's handler answers with.
enum FormAnswer: Sendable {
    case page(Page)
    case redirect(String)
}

/// Registers every `Route` with its handler (`RouteHandlers.handler(for:)`, an exhaustive switch,
/// so no route exists without one) behind the checks all routes share.
struct WebRoutes: Sendable {
    let handlers: RouteHandlers
    let views: Views

    func register(on router: Router<AppContext>) {
        for route in Route.allCases {
            router.on(RouterPath(route.pattern), method: route.method, use: responder(route, handlers.handler(for: route)))
        }
    }

    /// Without a session a page redirects to the login form and the API answers 401; a role
    /// without the route's permission gets 403; a POST whose form does not carry the session's
    /// token gets 403. All before the handler runs.
    func responder(_ route: Route, _ handler: Handler) -> @Sendable (Request, AppContext) async throws -> Response {
        let views = views
        return { request, context in
            if case .open(let body) = handler { return try await body(request, context) }
            guard let session = context.session else {
                if route.isAPI { throw HTTPError(.unauthorized, message: "Log ind først.") }
                return Redirect.to(Route.loginPage.path())
            }
            if let permission = route.permission { try Access.require(permission, session) }
            var request = request
            var context = context
            if route.method == .post { try await CSRF.check(&request, &context, expected: session.csrfToken) }
            // An uploaded file lives on disk only while its request is answered.
            defer { context.multipartForm?.discard() }
            switch handler {
            case .open(let body):
                return try await body(request, context)
            case .page(let body):
                return try views.render(try await body(request, context, session), session: session).response(from: request, context: context)
            case .action(let body):
                return try await body(request, context, session)
            case .form(let body):
                switch try await body(request, context, session) {
                case .page(let page): return try views.render(page, session: session).response(from: request, context: context)
                case .redirect(let path): return Redirect.to(path)
                }
            }
        }
    }
}
