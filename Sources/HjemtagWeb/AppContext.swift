import Foundation
import HjemtagStore
import Hummingbird

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

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        session = nil
        multipartForm = nil
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
