import HjemtagStore
import Hummingbird

/// Loads the session into the context for every request. A session whose user has since been
/// deactivated (on the web or by `hjemtag bruger deaktiver`, another process) counts as none: the
/// user is asked to log in, which they no longer can. A page (GET) is read as one view of the
/// store (`oneView`): it read the settings and lists that say whether a result is stale 20-40
/// times a view (issue 22 § 4).
struct SessionLoader: RouterMiddleware {
    typealias Context = AppContext
    let sessions: SessionManager
    let store: any Store

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard request.method == .get || request.method == .head else { return try await load(request, context: context, next: next) }
        return try await store.oneView { try await load(request, context: context, next: next) }
    }

    private func load(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let session = await sessions.load(request), try await store.user(named: session.username)?.active == true {
            context.session = session
        }
        return try await next(request, context)
    }
}
