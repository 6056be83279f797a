import Mustache
import Synchronization

/// A long fragment of HTML written by hand (a list's rows), placed into the page after the
/// template has rendered: the template only sees a short marker. Passed through Mustache, a
/// 200-row findings list (205 kB) was copied and counted character by character, a quarter of
/// the page under load (issue 22 § 4, `perf record`).
struct SplicedHTML: Sendable, MustacheCustomRenderable {
    let html: String
    /// Unique in the process, so two fragments on one page cannot change places.
    let marker: String

    init(_ html: String) {
        self.html = html
        marker = Self.prefix + String(Self.issued.add(1, ordering: .relaxed).newValue) + "-->"
    }

    var renderText: String { marker }
    var isNull: Bool { false }

    private static let prefix = "<!--hjemtag-fragment-"
    private static let issued = Atomic<Int>(0)

    /// `rendered` with each fragment's marker replaced by the fragment, in one pass over the
    /// rendered bytes (Foundation's `range(of:)` on the grown page cost more than Mustache did);
    /// a marker the template did not place leaves nothing.
    static func splice(_ rendered: String, _ fragments: [SplicedHTML]) -> String {
        guard !fragments.isEmpty else { return rendered }
        let byMarker = Dictionary(fragments.map { ($0.marker, $0.html) }, uniquingKeysWith: { a, _ in a })
        let bytes = Array(rendered.utf8)
        let start = Array(prefix.utf8)
        let end = Array("-->".utf8)
        var out = ""
        out.reserveCapacity(bytes.count + fragments.reduce(0) { $0 + $1.html.utf8.count })
        var i = 0
        var copied = 0
        while i + start.count <= bytes.count {
            guard bytes[i] == start[0], bytes[i..<(i + start.count)].elementsEqual(start),
                let close = (i + start.count..<max(i + start.count, bytes.count - 2)).first(where: { bytes[$0..<($0 + 3)].elementsEqual(end) }),
                let html = byMarker[String(decoding: bytes[i..<(close + 3)], as: UTF8.self)]
            else {
                i += 1
                continue
            }
            out += String(decoding: bytes[copied..<i], as: UTF8.self)
            out += html
            i = close + 3
            copied = i
        }
        out += String(decoding: bytes[copied...], as: UTF8.self)
        return out
    }
}
