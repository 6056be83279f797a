import Foundation
import Hummingbird
import HjemtagCore
import HjemtagExport
import HjemtagStore
import Mustache

/// Renders Mustache templates from the bundled `templates` folder. Mustache escapes every
/// `{{value}}` by default, so data from files cannot inject markup.
struct Views: Sendable {
    let library: MustacheLibrary

    static func load() async throws -> Views {
        guard let dir = Bundle.module.url(forResource: "templates", withExtension: nil) else {
            throw HTTPError(.internalServerError, message: "skabelonerne mangler i programmet")
        }
        return Views(library: try await MustacheLibrary(directory: dir.path))
    }

    func page(_ template: String, title: String, session: WebSession?, active: String = "", _ content: [String: Any] = [:]) -> HTML {
        var object = content
        object["title"] = title
        object["active_" + active] = true
        if let session {
            object["user"] = ["username": session.username, "role": session.role.danishName, "csrf": session.csrfToken]
            object["nav"] = Navigation.items(for: session.role, active: active)
        }
        let html = library.render(object, withTemplate: template) ?? "<!doctype html><title>Fejl</title><p>Siden kunne ikke vises.</p>"
        return HTML(html)
    }

    /// A part of a page rendered on its own (escaped like any template), to be placed with
    /// `{{{…}}}`: a long table that is the same for every viewer can then be rendered once.
    func fragment(_ template: String, _ content: [String: Any]) -> String {
        library.render(content, withTemplate: template) ?? ""
    }
}

/// The scheme navigation, the same on every page.
enum Navigation {
    static let entries: [(key: String, path: String, title: String)] = [
        ("oversigt", "/", "Oversigt"),
        ("sde", "/sde", "Særligt dyre enkeltsager"),
        ("trappe", "/beskaeftigelse", "Beskæftigelse"),
        ("mellemkommunal", "/mellemkommunal", "Mellemkommunal"),
        ("resultattilskud", "/resultattilskud", "Resultattilskud"),
        ("moms", "/moms", "Momsrefusion"),
        ("budget", "/budget", "Budget og afregning"),
        ("fund", "/fund", "Fund"),
        ("revision", "/revision", "Logning"),
        ("importer", "/importer", "Importer"),
        ("parametre", "/parametre", "Parametre"),
    ]

    static func items(for role: Role, active: String) -> [[String: Any]] {
        entries.filter { $0.key != "revision" || Access.allows(role, .readAuditLog) }
            .map { ["path": $0.path, "title": $0.title, "current": $0.key == active] }
    }
}

struct HTML: ResponseGenerator {
    let body: String
    var status: HTTPResponse.Status = .ok

    init(_ body: String, status: HTTPResponse.Status = .ok) { self.body = body; self.status = status }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

enum Redirect {
    static func to(_ path: String) -> Response {
        Response(status: .seeOther, headers: [.location: path])
    }
}

/// A file download: XLSX or Danish CSV, named for the user's disk.
enum Download {
    static func xlsx(_ sheets: [Sheet], name: String) throws -> Response {
        file(ByteBuffer(data: try XLSXWriter.data(sheets)), type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name: name)
    }

    static func csv(_ sheet: Sheet, name: String) -> Response {
        file(ByteBuffer(string: DanishCSV.render(sheet)), type: "text/csv; charset=utf-8", name: name)
    }

    static func file(_ body: ByteBuffer, type: String, name: String) -> Response {
        var r = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: body))
        r.headers[.contentDisposition] = "attachment; filename=\"\(name)\""
        return r
    }
}

/// Text placed in HTML outside the templates (charts, explanation trees), escaped for element
/// content and double- or single-quoted attributes. One pass over the UTF-8 bytes: a drill-down
/// escapes hundreds of strings, and Foundation's search-and-replace made it the page's largest cost.
enum HTMLText {
    static func escaped(_ s: String) -> String {
        let utf8 = s.utf8
        guard utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            switch byte {
            case 0x26: out.append(contentsOf: "&amp;".utf8)
            case 0x3C: out.append(contentsOf: "&lt;".utf8)
            case 0x3E: out.append(contentsOf: "&gt;".utf8)
            case 0x22: out.append(contentsOf: "&quot;".utf8)
            case 0x27: out.append(contentsOf: "&#39;".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
