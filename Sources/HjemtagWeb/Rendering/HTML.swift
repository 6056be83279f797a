import Foundation
import HjemtagExport
import Hummingbird

struct HTML: ResponseGenerator {
    let body: String
    var status: HTTPResponse.Status = .ok

    init(_ body: String, status: HTTPResponse.Status = .ok) {
        self.body = body
        self.status = status
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

enum Redirect {
    /// See other: after a form, the browser asks for the route's page.
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
