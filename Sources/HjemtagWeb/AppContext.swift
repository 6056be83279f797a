import Foundation
import HTTPTypes
import HjemtagStore
import Hummingbird
import NIOCore

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
    /// A multipart form (the upload) as the POST check read it, so it is parsed once.
    var multipartForm: MultipartForm?
    /// The address the connection comes from (a reverse proxy's, behind one).
    let peer: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        session = nil
        multipartForm = nil
        peer = source.channel.remoteAddress?.ipAddress ?? "ukendt"
    }

    /// The client's address: the connection's, or, when it comes from a trusted reverse proxy,
    /// the address the proxy appended last to `X-Forwarded-For` (earlier entries are the
    /// client's own word and are not trusted).
    func source(of request: Request, trusting proxies: Set<String>) -> String {
        guard proxies.contains(peer), let forwarded = request.headers[HTTPField.Name("X-Forwarded-For")!] else { return peer }
        return forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? peer
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
