import Hummingbird

/// Loads the session into the context for every request.
struct SessionLoader: RouterMiddleware {
    typealias Context = AppContext
    let sessions: SessionManager

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var context = context
        context.session = await sessions.load(request)
        return try await next(request, context)
    }
}
