import Foundation
import HjemtagCore
import Hummingbird
import HjemtagStore

/// What the server knows of a logged-in user: kept in the session store, never in the URL.
public struct WebSession: Codable, Sendable {
    public var userID: Int
    public var username: String
    public var role: Role
    public var departments: [String]
    /// Sent with every form and checked on every POST (CSRF protection).
    public var csrfToken: String
}

public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var session: WebSession?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        session = nil
    }

    /// Ledger files can be large; the default of 2 MB is too small for an import upload.
    public var maxUploadSize: Int { 512 * 1024 * 1024 }

    /// The API's JSON with its keys sorted: the same answer is the same bytes, so a client (or a
    /// test) can compare two answers.
    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return encoder
    }
}

/// Settings for the web application.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// Set when the server sits behind TLS: session cookies get the Secure flag.
    public var secureCookies: Bool
    public var sessionLifetime: Duration
    /// The day deadlines, windows and letters are judged on: the real today, or a fixed day in
    /// tests, so a page shows the same on every day it is asked.
    public var today: @Sendable () -> Day

    public init(host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, sessionLifetime: Duration = .seconds(8 * 3600),
                today: @escaping @Sendable () -> Day = { .today }) {
        self.host = host; self.port = port; self.secureCookies = secureCookies; self.sessionLifetime = sessionLifetime; self.today = today
    }
}

enum Token {
    /// 32 random bytes as URL-safe hex.
    static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%016llx", rng.next()) }.joined()
    }
}
