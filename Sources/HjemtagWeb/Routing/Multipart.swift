import Foundation
import NIOCore

/// A `multipart/form-data` upload, read as it arrives: text fields are kept (small, at most 64 KiB
/// each), a file part goes straight to a private temporary file, so the server's memory does not
/// grow with the file (a 200 MB upload peaked at 549 MB when the body was collected first).
/// `discard()` removes the files; every handler that takes a form calls it when done.
struct MultipartForm: Sendable {
    struct Part: Sendable {
        var name: String
        var fileName: String?
        /// A text field's value.
        var text: String?
        /// A file part's content on disk, and its size.
        var file: URL?
        var size: Int
    }
    var parts: [Part]
    /// The private directory holding the file parts.
    let directory: URL

    func text(_ name: String) -> String? { parts.first { $0.name == name && $0.fileName == nil }?.text }

    func file(_ name: String) -> Part? { parts.first { $0.name == name && $0.fileName != nil } }

    /// Removes the uploaded files.
    func discard() { try? FileManager.default.removeItem(at: directory) }

    enum Failure: Error, Equatable { case notMultipart, malformed, tooLarge }

    static let textLimit = 64 << 10
    static let headerLimit = 16 << 10

    /// Reads the body chunk by chunk. Refuses a body over `limit` bytes, a malformed body, or a
    /// content type without a boundary; on a refusal nothing is left on disk.
    static func read(
        contentType: String, body: some AsyncSequence<ByteBuffer, any Error>, limit: Int,
        in parent: URL = FileManager.default.temporaryDirectory
    ) async throws -> MultipartForm {
        guard contentType.lowercased().hasPrefix("multipart/form-data"), contentType.contains("boundary="),
            let b = contentType.components(separatedBy: "boundary=").last?.trimmingCharacters(in: CharacterSet(charactersIn: "\" ")),
            !b.isEmpty
        else { throw Failure.notMultipart }
        let directory = parent.appendingPathComponent("hjemtag-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var reader = MultipartReader(boundary: b, directory: directory)
        do {
            var total = 0
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= limit else { throw Failure.tooLarge }
                try chunk.withUnsafeReadableBytes { try reader.feed($0) }
            }
            return MultipartForm(parts: try reader.finish(), directory: directory)
        } catch {
            reader.close()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }
}

/// The parser behind `MultipartForm.read`: a state machine over the bytes, holding back only as
/// many bytes as a delimiter could straddle between two chunks.
struct MultipartReader {
    private enum State { case preamble, afterDelimiter, headers, content, done }

    private let delimiter: [UInt8] // CRLF "--" boundary
    private let directory: URL
    private var state = State.preamble
    private var pending: [UInt8] = []
    private var parts: [MultipartForm.Part] = []
    private var current: MultipartForm.Part?
    private var text: [UInt8] = []
    private var sink: FileHandle?

    init(boundary: String, directory: URL) {
        delimiter = Array("\r\n--\(boundary)".utf8)
        self.directory = directory
        // The first delimiter has no CRLF before it: read the body as if it had.
        pending = [13, 10]
    }

    mutating func feed(_ bytes: UnsafeRawBufferPointer) throws {
        pending.append(contentsOf: bytes)
        try advance()
    }

    mutating func finish() throws -> [MultipartForm.Part] {
        try advance()
        close()
        guard state == .done else { throw MultipartForm.Failure.malformed }
        return parts
    }

    mutating func close() {
        try? sink?.close()
        sink = nil
    }

    private mutating func advance() throws {
        while true {
            switch state {
            case .preamble:
                guard let i = find(delimiter, in: pending) else {
                    pending.removeFirst(max(0, pending.count - delimiter.count))
                    return
                }
                pending.removeFirst(i + delimiter.count)
                state = .afterDelimiter
            case .afterDelimiter:
                guard pending.count >= 2 else { return }
                if pending[0] == 45 && pending[1] == 45 { // "--": the last delimiter
                    state = .done
                    pending.removeAll()
                    return
                }
                guard pending[0] == 13 && pending[1] == 10 else { throw MultipartForm.Failure.malformed }
                pending.removeFirst(2)
                state = .headers
            case .headers:
                guard let end = find([13, 10, 13, 10], in: pending) else {
                    if pending.count > MultipartForm.headerLimit { throw MultipartForm.Failure.malformed }
                    return
                }
                try begin(headers: String(decoding: pending[..<end], as: UTF8.self))
                pending.removeFirst(end + 4)
                state = .content
            case .content:
                if let i = find(delimiter, in: pending) {
                    try write(pending[..<i])
                    pending.removeFirst(i + delimiter.count)
                    try end()
                    state = .afterDelimiter
                } else {
                    // Everything but what could be the start of a delimiter split across chunks.
                    let keep = min(pending.count, delimiter.count - 1)
                    try write(pending[..<(pending.count - keep)])
                    pending.removeFirst(pending.count - keep)
                    return
                }
            case .done:
                pending.removeAll()
                return
            }
        }
    }

    private mutating func begin(headers: String) throws {
        var name = ""
        var fileName: String?
        for line in headers.components(separatedBy: "\r\n") where line.lowercased().hasPrefix("content-disposition") {
            for item in line.components(separatedBy: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if item.hasPrefix("name=") { name = item.dropFirst(5).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                if item.hasPrefix("filename=") { fileName = item.dropFirst(9).trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
            }
        }
        var part = MultipartForm.Part(name: name, fileName: fileName, text: nil, file: nil, size: 0)
        if fileName != nil {
            let url = directory.appendingPathComponent("del-\(parts.count)")
            guard FileManager.default.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw MultipartForm.Failure.malformed
            }
            sink = try FileHandle(forWritingTo: url)
            part.file = url
        }
        current = part
        text = []
    }

    private mutating func write(_ bytes: ArraySlice<UInt8>) throws {
        guard !bytes.isEmpty, current != nil else { return }
        current!.size += bytes.count
        if let sink {
            try sink.write(contentsOf: bytes)
        } else {
            guard text.count + bytes.count <= MultipartForm.textLimit else { throw MultipartForm.Failure.tooLarge }
            text.append(contentsOf: bytes)
        }
    }

    private mutating func end() throws {
        guard var part = current else { throw MultipartForm.Failure.malformed }
        if sink != nil {
            close()
        } else {
            part.text = String(decoding: text, as: UTF8.self)
        }
        parts.append(part)
        current = nil
    }

    /// The first place `needle` starts in `haystack`.
    private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count, let first = needle.first else { return nil }
        return haystack.withUnsafeBufferPointer { h in
            needle.withUnsafeBufferPointer { n in
                var i = 0
                let last = h.count - n.count
                while i <= last {
                    // Jump to the next candidate first byte with memchr, then compare the rest.
                    guard let p = memchr(h.baseAddress! + i, Int32(first), last - i + 1) else { return nil }
                    i = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - h.baseAddress!
                    if memcmp(h.baseAddress! + i, n.baseAddress!, n.count) == 0 { return i }
                    i += 1
                }
                return nil
            }
        }
    }
}
