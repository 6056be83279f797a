import Foundation
import HjemtagStore
import Hummingbird
import HummingbirdAuth

/// Sessions in server memory (hummingbird-auth's SessionStorage on a memory driver): a
/// restart logs everyone out, which is acceptable for one server and keeps no token on disk.
struct SessionManager: Sendable {
    static let cookieName = "hjemtag_session"
    let storage: SessionStorage<WebSession>
    let configuration: WebConfiguration

    init(configuration: WebConfiguration) {
        self.configuration = configuration
        storage = SessionStorage(
            MemoryPersistDriver(),
            configuration: SessionStorageConfiguration(
                sessionCookieParameters: SessionCookieParameters(
                    name: SessionManager.cookieName, path: "/",
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
    struct Record {
        var failures: Int
        var lockedUntil: Date?
    }
    private var records: [String: Record] = [:]
    let maxFailures: Int
    let lockout: TimeInterval

    init(maxFailures: Int = 5, lockout: TimeInterval = 15 * 60) {
        self.maxFailures = maxFailures
        self.lockout = lockout
    }

    func isLocked(_ username: String, now: Date = Date()) -> Bool {
        guard let until = records[username.lowercased()]?.lockedUntil else { return false }
        return until > now
    }

    func failed(_ username: String, now: Date = Date()) {
        var r = records[username.lowercased()] ?? Record(failures: 0, lockedUntil: nil)
        r.failures += 1
        if r.failures >= maxFailures {
            r.lockedUntil = now.addingTimeInterval(lockout)
            r.failures = 0
        }
        records[username.lowercased()] = r
    }

    func succeeded(_ username: String) { records[username.lowercased()] = nil }
}

enum Token {
    /// 32 random bytes as URL-safe hex.
    static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", rng.next()) }.joined()
    }
}
