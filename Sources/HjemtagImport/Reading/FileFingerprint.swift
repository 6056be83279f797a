import Crypto
import Foundation

/// What we know of a file before parsing it: its SHA-256 (to refuse a second import of the
/// same bytes), its size and its character encoding.
public struct FileFingerprint: Sendable, Hashable {
    public var sha256: String
    public var size: Int
    public var encoding: TextEncoding

    /// The SHA-256 of bytes in memory, in hex (an evidence pack's manifest).
    public static func sha256(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }

    public static func compute(url: URL) throws -> FileFingerprint {
        let handle = try ImportError.openForReading(url)
        defer { try? handle.close() }
        var hasher = SHA256()
        var validator = UTF8Validator()
        var size = 0
        var first = true
        var bom = false
        while true {
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            if chunk.isEmpty { break }
            if first {
                bom = chunk.starts(with: [0xEF, 0xBB, 0xBF])
                first = false
            }
            hasher.update(data: chunk)
            chunk.withUnsafeBytes { validator.feed($0) }
            size += chunk.count
        }
        let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
        let encoding: TextEncoding = validator.complete ? (bom ? .utf8BOM : .utf8) : .windows1252
        return FileFingerprint(sha256: digest, size: size, encoding: encoding)
    }
}

extension FileFingerprint {
    /// The encoding of the file's first line alone, for reading its header: recognising a file
    /// needs its column names, and the whole file's checksum and check cost a second pass over a
    /// Copenhagen ledger of 975 MB (1 s of the robot's night) before the import read it again.
    /// A first line longer than 64 KiB, or none, falls back to the whole file.
    public static func headerEncoding(url: URL) throws -> TextEncoding {
        let handle = try ImportError.openForReading(url)
        defer { try? handle.close() }
        let limit = 1 << 16
        let head = try handle.read(upToCount: limit) ?? Data()
        guard let end = head.firstIndex(of: 10) ?? (head.count < limit ? head.endIndex : nil) else {
            return try compute(url: url).encoding
        }
        var validator = UTF8Validator()
        head[head.startIndex..<end].withUnsafeBytes { validator.feed($0) }
        guard validator.complete else { return .windows1252 }
        return head.starts(with: [0xEF, 0xBB, 0xBF]) ? .utf8BOM : .utf8
    }
}

/// What readers of a file in parts need to know, found in one pass over the parts at once: the
/// encoding (valid UTF-8, with or without BOM, or else Windows-1252) and whether a quote
/// character occurs anywhere. No checksum: a calculation straight from a file stores nothing.
public struct FileScan: Sendable, Hashable {
    public var encoding: TextEncoding
    public var hasQuote: Bool

    /// `ranges` begin at line starts (`CSVReader.ranges`), so no UTF-8 sequence spans two.
    public static func scan(url: URL, ranges: [Range<UInt64>]) async throws -> FileScan {
        struct Part: Sendable {
            var valid: Bool
            var quote: Bool
            var bom: Bool
        }
        let parts = try await withThrowingTaskGroup(of: Part.self) { group in
            for range in ranges {
                group.addTask {
                    let handle = try ImportError.openForReading(url)
                    defer { try? handle.close() }
                    try handle.seek(toOffset: range.lowerBound)
                    var validator = UTF8Validator()
                    var left = UInt64(range.count)
                    var quote = false
                    var bom = false
                    var first = range.lowerBound == 0
                    while left > 0, let chunk = try handle.read(upToCount: Int(min(left, 4 << 20))), !chunk.isEmpty {
                        if first {
                            bom = chunk.starts(with: [0xEF, 0xBB, 0xBF])
                            first = false
                        }
                        chunk.withUnsafeBytes { bytes in
                            validator.feed(bytes)
                            if !quote { quote = memchr(bytes.baseAddress!, Int32(UInt8(ascii: "\"")), bytes.count) != nil }
                        }
                        left -= UInt64(chunk.count)
                    }
                    return Part(valid: validator.complete, quote: quote, bom: bom)
                }
            }
            var all: [Part] = []
            for try await part in group { all.append(part) }
            return all
        }
        let utf8 = parts.allSatisfy(\.valid)
        return FileScan(encoding: utf8 ? (parts.contains(where: \.bom) ? .utf8BOM : .utf8) : .windows1252, hasQuote: parts.contains(where: \.quote))
    }
}

extension ImportError {
    /// Opens a file to read, or the refusal every reader gives for a missing or unreadable file.
    static func openForReading(_ url: URL) throws -> FileHandle {
        guard let handle = try? FileHandle(forReadingFrom: url) else {
            throw ImportError.unreadable(file: url.lastPathComponent, reason: "filen findes ikke eller må ikke læses")
        }
        return handle
    }
}
