import Foundation
import HjemtagCore
import Hummingbird

extension Request {
    /// Decodes an `application/x-www-form-urlencoded` body.
    func form<T: Decodable>(_ type: T.Type, context: AppContext) async throws -> T {
        let buffer = try await body.collect(upTo: 1 << 20)
        do {
            return try URLEncodedFormDecoder().decode(T.self, from: String(buffer: buffer))
        } catch {
            throw HTTPError(.badRequest, message: "Formularen er ufuldstændig.")
        }
    }
}

/// The check every form POST passes before its handler runs: the form's `csrf` field must be the
/// session's token. The body is collected first and kept in the request (a multipart form in the
/// context), so the handler reads the same form again.
enum CSRF {
    struct TokenOnly: Decodable { var csrf: String? }

    static let refusal = HTTPError(.forbidden, message: "Formularen er ugyldig eller udløbet (CSRF). Genindlæs siden og prøv igen.")

    static func check(_ request: inout Request, _ context: inout AppContext, expected: String) async throws {
        let contentType = request.headers[.contentType] ?? ""
        let token: String?
        if contentType.lowercased().hasPrefix("multipart/form-data") {
            // Read as it arrives, the file part straight to disk: memory does not grow with the file.
            let form: MultipartForm
            do {
                form = try await MultipartForm.read(contentType: contentType, body: request.body, limit: context.maxUploadSize)
            } catch MultipartForm.Failure.tooLarge {
                throw HTTPError(.contentTooLarge, message: "Filen er for stor: højst \(DanishFormat.bytes(context.maxUploadSize)).")
            } catch {
                throw HTTPError(.badRequest, message: "Upload-formularen kunne ikke læses.")
            }
            token = form.text("csrf")
            guard let token, Self.equal(token, expected) else {
                form.discard()
                throw refusal
            }
            context.multipartForm = form
            return
        } else {
            let body = try await request.collectBody(upTo: 1 << 20)
            token = (try? URLEncodedFormDecoder().decode(TokenOnly.self, from: String(buffer: body)))?.csrf
        }
        guard let token, Self.equal(token, expected) else { throw refusal }
    }

    /// Compares in time independent of where the strings differ.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
