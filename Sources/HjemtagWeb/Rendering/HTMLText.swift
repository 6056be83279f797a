import Foundation

/// Text placed in HTML outside the templates (charts, explanation trees), escaped for element
/// content and double- or single-quoted attributes. One pass over the UTF-8 bytes: a drill-down
/// escapes hundreds of strings, and Foundation's search-and-replace made it the page's largest cost.
enum HTMLText {
    static func escaped(_ s: String) -> String {
        let utf8 = s.utf8
        // Over the bytes in place where the string has them so (a native string does): the view's
        // own iteration was 5 % of the findings list under load (issue 22 § 4, `perf record`).
        guard utf8.withContiguousStorageIfAvailable({ $0.contains(where: special) }) ?? utf8.contains(where: special) else { return s }
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

    /// The bytes that are escaped: `&`, `<`, `>`, `"` and `'`.
    static func special(_ byte: UInt8) -> Bool { byte == 0x26 || byte == 0x3C || byte == 0x3E || byte == 0x22 || byte == 0x27 }
}
