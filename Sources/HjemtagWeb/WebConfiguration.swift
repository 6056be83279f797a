import Foundation
import HjemtagCore

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
    /// Reverse proxies whose `X-Forwarded-For` names the client (nginx in front, on this machine).
    public var trustedProxies: Set<String>
    /// The robot's inbox (`serve --indbakke`): a pass can then be started from the worklist.
    public var inbox: URL?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = false, sessionLifetime: Duration = .seconds(8 * 3600),
        today: @escaping @Sendable () -> Day = { .today }, trustedProxies: Set<String> = ["127.0.0.1", "::1"], inbox: URL? = nil
    ) {
        self.inbox = inbox
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.today = today
        self.trustedProxies = trustedProxies
    }
}
