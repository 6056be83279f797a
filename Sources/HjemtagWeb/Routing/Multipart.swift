import Foundation

/// A minimal `multipart/form-data` reader for the upload form: text fields and one or more files.
/// Hummingbird has no multipart support built in, and a browser upload needs it.
struct MultipartForm {
    struct Part {
        var name: String
        var fileName: String?
        var data: Data
    }
    var parts: [Part]

    func text(_ name: String) -> String? {
        parts.first { $0.name == name && $0.fileName == nil }.map { String(decoding: $0.data, as: UTF8.self) }
    }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.fileName != nil } }

    enum Failure: Error { case notMultipart, malformed }

    init(contentType: String, body: Data) throws {
        guard contentType.lowercased().hasPrefix("multipart/form-data"),
            let b = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
            !b.isEmpty
        else { throw Failure.notMultipart }
        let delimiter = Data("--\(b)".utf8)
        let crlf = Data("\r\n".utf8)
        let headerEnd = Data("\r\n\r\n".utf8)
        var parts: [Part] = []
        var searchFrom = body.startIndex
        guard var start = body.range(of: delimiter, in: searchFrom..<body.endIndex)?.upperBound else { throw Failure.malformed }
        while true {
            // After a delimiter: "--" ends the body; otherwise CRLF, headers, CRLFCRLF, content, CRLF, next delimiter.
            if body[start...].starts(with: Data("--".utf8)) { break }
            guard body[start...].starts(with: crlf) else { throw Failure.malformed }
            start += 2
            guard let hEnd = body.range(of: headerEnd, in: start..<body.endIndex) else { throw Failure.malformed }
            let headers = String(decoding: body[start..<hEnd.lowerBound], as: UTF8.self)
            searchFrom = hEnd.upperBound
            guard let next = body.range(of: crlf + delimiter, in: searchFrom..<body.endIndex) else { throw Failure.malformed }
            let content = body[searchFrom..<next.lowerBound]
            var name = ""
            var fileName: String?
            for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
                for item in line.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                    if item.hasPrefix("name=") { name = item.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                    if item.hasPrefix("filename=") { fileName = item.dropFirst(9).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                }
            }
            parts.append(Part(name: name, fileName: fileName, data: Data(content)))
            start = next.upperBound
        }
        self.parts = parts
    }
}
