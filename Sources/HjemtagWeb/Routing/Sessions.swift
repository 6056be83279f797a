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

/// Slows down password guessing without letting anyone lock another's account. Failures are
/// counted per user name and source (the client's address); after three, each further attempt
/// from that source for that name must wait twice as long as the last (1, 2, 4 … seconds, at
/// most 15 minutes). Another source, the real user at their own desk, is not held up, and a
/// success clears the count.
actor LoginThrottle {
    struct Key: Hashable { let username: String, source: String }
    struct Record {
        var failures: Int
        var nextAllowed: Date
    }
    private var records: [Key: Record] = [:]
    let freeFailures: Int
    let maximumDelay: TimeInterval

    init(freeFailures: Int = 3, maximumDelay: TimeInterval = 15 * 60) {
        self.freeFailures = freeFailures
        self.maximumDelay = maximumDelay
    }

    static func key(_ username: String, _ source: String) -> Key { Key(username: username.lowercased(), source: source) }

    /// How long this source must still wait before trying this name again; nil when it may try.
    func wait(_ username: String, from source: String, now: Date = Date()) -> TimeInterval? {
        guard let r = records[Self.key(username, source)], r.nextAllowed > now else { return nil }
        return r.nextAllowed.timeIntervalSince(now)
    }

    /// Records a failure; returns the wait now imposed (0 while failures are free).
    @discardableResult
    func failed(_ username: String, from source: String, now: Date = Date()) -> TimeInterval {
        let key = Self.key(username, source)
        var r = records[key] ?? Record(failures: 0, nextAllowed: now)
        r.failures += 1
        let over = r.failures - freeFailures
        let delay = over > 0 ? min(pow(2, Double(over - 1)), maximumDelay) : 0
        r.nextAllowed = now.addingTimeInterval(delay)
        records[key] = r
        return delay
    }

    func succeeded(_ username: String, from source: String) { records[Self.key(username, source)] = nil }
}

enum Token {
    /// 32 random bytes as URL-safe hex.
    static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", rng.next()) }.joined()
    }
}
