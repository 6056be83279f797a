import Foundation
import HjemtagStore
import Hummingbird
import Logging

/// Builds the web application over a store. Tests call this with an SQLite store and drive it
/// through Hummingbird's router test client.
public func buildApplication(
    store: any Store, configuration: WebConfiguration = .init(),
    logger: Logger = Logger(label: "hjemtag.web")
) async throws -> some ApplicationProtocol {
    let views = try await Views.load()
    let sessions = SessionManager(configuration: configuration)
    let router = Router(context: AppContext.self)
    router.middlewares.add(LogRequestsMiddleware(.info))
    router.middlewares.add(SecurityHeaders())
    router.middlewares.add(SessionLoader(sessions: sessions, store: store))
    router.middlewares.add(ErrorPages(views: views, store: store, logger: logger))
    let handlers = RouteHandlers(
        store: store, views: views, sessions: sessions, throttle: LoginThrottle(), today: configuration.today, inbox: configuration.inbox)
    WebRoutes(handlers: handlers, views: views).register(on: router)
    return Application(
        router: router,
        configuration: .init(
            address: .hostname(configuration.host, port: configuration.port),
            serverName: "Hjemtag"), logger: logger)
}
