import Crypto
import Foundation

/// What we know of a file before parsing it: its SHA-256 (to refuse a second import of the
/// same bytes), its size and its character encoding.
public struct FileFingerprint: Sendable, Hashable {
    public var sha256: String
    public var size: Int
    public var encoding: TextEncoding

    public static func compute(url: URL) throws -> FileFingerprint {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ImportError.unreadable(file: url.lastPathComponent, reason: "filen findes ikke eller må ikke læses")
        }
        defer { try? handle.close() }
        var hasher = SHA256()
        var validator = UTF8Validator()
        var size = 0
        var first = true
        var bom = false
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            if first { bom = chunk.starts(with: [0xEF, 0xBB, 0xBF]); first = false }
            hasher.update(data: chunk)
            chunk.withUnsafeBytes { validator.feed($0) }
            size += chunk.count
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let encoding: TextEncoding = validator.complete ? (bom ? .utf8BOM : .utf8) : .windows1252
        return FileFingerprint(sha256: digest, size: size, encoding: encoding)
    }
}
