import HjemtagStore
import Hummingbird

/// Loads the session into the context for every request. A session whose user has since been
/// deactivated (on the web or by `hjemtag bruger deaktiver`, another process) counts as none: the
/// user is asked to log in, which they no longer can.
struct SessionLoader: RouterMiddleware {
    typealias Context = AppContext
    let sessions: SessionManager
    let store: any Store

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        if let session = await sessions.load(request), try await store.user(named: session.username)?.active == true {
            context.session = session
        }
        return try await next(request, context)
    }
}
