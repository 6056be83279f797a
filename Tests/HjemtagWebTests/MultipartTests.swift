import Foundation
import NIOCore
import Testing

@testable import HjemtagWeb

/// The upload reader takes the body as it arrives, in chunks of any size, and writes file parts
/// to disk: the same form whatever the chunking, refusals that leave nothing behind.
@Suite("Multipart uploads read as they arrive", .serialized)
struct MultipartTests {
    static let boundary = "----hjemtag7MA4YWxkTrZu0gW"

    static func body(file: [UInt8]) -> [UInt8] {
        var b = Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-123\r\n".utf8)
        b += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"type\"\r\n\r\nposteringer\r\n".utf8)
        b += Array(
            "--\(boundary)\r\nContent-Disposition: form-data; name=\"fil\"; filename=\"posteringer.csv\"\r\nContent-Type: text/csv\r\n\r\n".utf8)
        b += file
        b += Array("\r\n--\(boundary)--\r\n".utf8)
        return b
    }

    static func chunks(_ bytes: [UInt8], sizes: (Int) -> Int) -> AsyncThrowingStream<ByteBuffer, any Error> {
        AsyncThrowingStream { c in
            var i = 0
            var n = 0
            while i < bytes.count {
                let size = max(1, sizes(n))
                c.yield(ByteBuffer(bytes: bytes[i..<min(bytes.count, i + size)]))
                i += size
                n += 1
            }
            c.finish()
        }
    }

    static let contentType = "multipart/form-data; boundary=\(boundary)"

    @Test("Every chunking, from one byte at a time up, gives the same fields and the file byte for byte")
    func chunkings() async throws {
        // File content with near-delimiters in it: a CRLF and dashes, the boundary without its CRLF.
        var file = Array("dato;beloeb\r\n2022-01-01;100\r\n--\(Self.boundary.dropLast())x\r\n".utf8)
        var rng = SystemRandomNumberGenerator()
        file += (0..<5_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let body = Self.body(file: file)
        for size in [1, 2, 3, 7, 38, 39, 40, 41, 64, 1_000, 4_096, body.count] {
            let form = try await MultipartForm.read(contentType: Self.contentType, body: Self.chunks(body) { _ in size }, limit: 1 << 20)
            defer { form.discard() }
            #expect(form.text("csrf") == "token-123" && form.text("type") == "posteringer", "chunk \(size)")
            let part = try #require(form.file("fil"))
            #expect(part.fileName == "posteringer.csv" && part.size == file.count)
            #expect(try Data(contentsOf: try #require(part.file)) == Data(file), "chunk \(size)")
        }
        var seeded = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            let form = try await MultipartForm.read(
                contentType: Self.contentType, body: Self.chunks(body) { _ in Int.random(in: 1...200, using: &seeded) }, limit: 1 << 20)
            #expect(try Data(contentsOf: try #require(form.file("fil")?.file)) == Data(file))
            form.discard()
            #expect(!FileManager.default.fileExists(atPath: form.directory.path))
        }
    }

    @Test("A body over the limit, a truncated body and one without a boundary are refused, and nothing is left on disk")
    func refusals() async throws {
        let body = Self.body(file: Array(repeating: 65, count: 10_000))
        // A parent of its own, so other tests' uploads cannot be mistaken for leftovers.
        let parent = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-multipart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: parent) }
        await #expect(throws: MultipartForm.Failure.tooLarge) {
            try await MultipartForm.read(contentType: Self.contentType, body: Self.chunks(body) { _ in 512 }, limit: 5_000, in: parent)
        }
        await #expect(throws: MultipartForm.Failure.malformed) {
            try await MultipartForm.read(
                contentType: Self.contentType, body: Self.chunks(Array(body.dropLast(30))) { _ in 512 }, limit: 1 << 20, in: parent)
        }
        await #expect(throws: MultipartForm.Failure.notMultipart) {
            try await MultipartForm.read(contentType: "multipart/form-data", body: Self.chunks(body) { _ in 512 }, limit: 1 << 20, in: parent)
        }
        // A text field may not pass for a file: at most 64 KiB.
        let huge =
            Array("--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\n".utf8) + Array(repeating: 66, count: 70_000)
            + Array("\r\n--\(Self.boundary)--\r\n".utf8)
        await #expect(throws: MultipartForm.Failure.tooLarge) {
            try await MultipartForm.read(contentType: Self.contentType, body: Self.chunks(huge) { _ in 4_096 }, limit: 1 << 20, in: parent)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).isEmpty)
    }
}
