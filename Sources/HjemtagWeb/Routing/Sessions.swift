import Foundation
import Hummingbird
import HummingbirdAuth
import HTTPTypes
import HjemtagStore

/// Sessions in server memory (hummingbird-auth's SessionStorage on a memory driver): a
/// restart logs everyone out, which is acceptable for one server and keeps no token on disk.
struct SessionManager: Sendable {
    static let cookieName = "hjemtag_session"
    let storage: SessionStorage<WebSession>
    let configuration: WebConfiguration

    init(configuration: WebConfiguration) {
        self.configuration = configuration
        storage = SessionStorage(MemoryPersistDriver(), configuration: SessionStorageConfiguration(
            sessionCookieParameters: SessionCookieParameters(name: SessionManager.cookieName, path: "/",
                                                             secure: configuration.secureCookies, sameSite: .strict),
            keyPrefix: "hjemtag."))
    }

    func load(_ request: Request) async -> WebSession? {
        try? await storage.load(request: request)
    }

    func start(_ session: WebSession) async throws -> Cookie {
        try await storage.save(session: session, expiresIn: configuration.sessionLifetime)
    }

    func end(_ request: Request) async throws -> Cookie {
        try await storage.delete(request: request)
    }
}

/// Counts failed logins per user name and refuses further attempts for a while after five.
actor LoginThrottle {
    struct Record { var failures: Int; var lockedUntil: Date? }
    private var records: [String: Record] = [:]
    let maxFailures: Int
    let lockout: TimeInterval

    init(maxFailures: Int = 5, lockout: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures; self.lockout = lockout
    }

    func isLocked(_ username: String, now: Date = Date()) -> Bool {
        guard let until = records[username.lowercased()]?.lockedUntil else { return false }
        return until > now
    }

    func failed(_ username: String, now: Date = Date()) {
        var r = records[username.lowercased()] ?? Record(failures: 0, lockedUntil: nil)
        r.failures += 1
        if r.failures >= maxFailures { r.lockedUntil = now.addingTimeInterval(lockout); r.failures = 0 }
        records[username.lowercased()] = r
    }

    func succeeded(_ username: String) { records[username.lowercased()] = nil }
}

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

/// Headers that close common holes: no inline scripts or styles from elsewhere, no framing,
/// no MIME sniffing, no referrer leaking a path.
struct SecurityHeaders: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = Response(status: error.status, headers: [.contentType: "text/plain; charset=utf-8"],
                                body: .init(byteBuffer: ByteBuffer(string: error.body ?? "Fejl")))
        }
        response.headers[.contentSecurityPolicy] = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        response.headers[HTTPField.Name("X-Frame-Options")!] = "DENY"
        response.headers[HTTPField.Name("X-Content-Type-Options")!] = "nosniff"
        response.headers[HTTPField.Name("Referrer-Policy")!] = "no-referrer"
        if response.headers[.cacheControl] == nil { response.headers[.cacheControl] = "no-store" }
        return response
    }
}
