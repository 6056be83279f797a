import Foundation
import HjemtagStore
import Hummingbird
import Logging

struct ErrorContent: PageContent {
    static let template = Template.error
    var message: String
    /// For a server error: the reference of its line in the log.
    var reference: String?
    var signedIn: Bool
}

/// Turns every error a route throws into an answer in the user's terms: for a page, a Danish HTML
/// page in the layout (with the navigation when signed in); for the JSON API, a JSON object; and
/// for an error that is not an HTTP answer (a database failure, a bug), a 500 whose cause is
/// logged with a reference the page shows. It sits inside `SecurityHeaders`, so every answer it
/// makes carries the security headers.
struct ErrorPages: RouterMiddleware {
    typealias Context = AppContext
    let views: Views
    let store: any Store
    let logger: Logger

    struct APIError: Codable {
        let status: Int
        let fejl: String
    }

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            let message = error.body ?? Self.message(for: error.status)
            // A refused attempt is part of the trail: who asked for what they may not do.
            if error.status == .forbidden, let session = context.session {
                try? await store.appendAudit(username: session.username, action: .refused, page: request.uri.path, purpose: message)
            }
            return try answer(request, context, status: error.status, message: message, reference: nil)
        } catch {
            let reference = String(UUID().uuidString.prefix(8)).lowercased()
            // The path carries no CPR number (no route does); the error's description is the
            // store's or the rules' own, which never quote one either.
            logger.error("serverfejl \(reference) på \(request.method) \(request.uri.path): \(String(describing: error))")
            return try answer(
                request, context, status: .internalServerError,
                message: "Der opstod en fejl på serveren, og siden kunne ikke vises.", reference: reference)
        }
    }

    func answer(_ request: Request, _ context: AppContext, status: HTTPResponse.Status, message: String, reference: String?) throws -> Response {
        if request.uri.path.hasPrefix("/api/") {
            let body = try JSONEncoder().encode(APIError(status: Int(status.code), fejl: message + (reference.map { " (reference \($0))" } ?? "")))
            return Response(
                status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(data: body)))
        }
        let page = Page(
            Self.title(for: status), section: nil, ErrorContent(message: message, reference: reference, signedIn: context.session != nil),
            status: status)
        return try views.render(page, session: context.session).response(from: request, context: context)
    }

    static func title(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 400: return "Forkert forespørgsel"
        case 401: return "Log ind først"
        case 403: return "Ingen adgang"
        case 404: return "Siden findes ikke"
        case 409: return "Kan ikke gennemføres"
        case 413: return "Filen er for stor"
        case 422: return "Kan ikke beregnes"
        case 500...: return "Serverfejl"
        default: return "Fejl"
        }
    }

    static func message(for status: HTTPResponse.Status) -> String {
        switch status.code {
        case 404: return "Der findes ingen side med den adresse."
        case 405: return "Adressen kan ikke bruges sådan."
        case 413: return "Filen er større end serveren tager imod."
        default: return "Forespørgslen kunne ikke gennemføres."
        }
    }
}
