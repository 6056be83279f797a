/// The character encoding a file was read with, detected and reported, never guessed silently.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 med BOM"
    case windows1252 = "Windows-1252"

    /// Windows-1252's 0x80-0x9F block; the rest of the upper half is Latin-1.
    static let cp1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    func decode<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        switch self {
        case .utf8, .utf8BOM:
            return String(decoding: bytes, as: UTF8.self)
        case .windows1252:
            var scalars = String.UnicodeScalarView()
            for b in bytes {
                let v: UInt32 = (b >= 0x80 && b <= 0x9F) ? TextEncoding.cp1252High[Int(b - 0x80)] : UInt32(b)
                scalars.append(Unicode.Scalar(v)!)
            }
            return String(scalars)
        }
    }
}

/// Incremental UTF-8 validity check, so one pass over a large file both hashes it and tells
/// whether it is UTF-8 or a legacy encoding.
struct UTF8Validator {
    private var pending = 0
    private(set) var valid = true
    private(set) var sawHighBytes = false

    mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        guard valid else { return }
        var i = 0
        // Files are nearly all ASCII: step over eight such bytes at a time.
        while i < bytes.count {
            if pending == 0, i + 8 <= bytes.count, bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            let b = bytes[i]
            i += 1
            if pending > 0 {
                if b & 0xC0 != 0x80 {
                    valid = false
                    return
                }
                pending -= 1
            } else if b < 0x80 {
                continue
            } else {
                sawHighBytes = true
                if b & 0xE0 == 0xC0 && b >= 0xC2 {
                    pending = 1
                } else if b & 0xF0 == 0xE0 {
                    pending = 2
                } else if b & 0xF8 == 0xF0 && b <= 0xF4 {
                    pending = 3
                } else {
                    valid = false
                    return
                }
            }
        }
    }

    var complete: Bool { valid && pending == 0 }
}
