import Foundation
import Mustache

/// A long fragment of HTML written by hand (a list's rows), placed into the page after the
/// template has rendered: the template only sees a short marker. Passed through Mustache, a
/// 200-row findings list (205 kB) was copied and counted character by character, a quarter of
/// the page under load (issue 22 § 4, `perf record`).
struct SplicedHTML: Sendable, MustacheCustomRenderable {
    let html: String
    /// Unique per fragment, so two fragments on one page cannot change places.
    let marker = "<!--hjemtag-fragment-\(UUID().uuidString)-->"

    init(_ html: String) { self.html = html }

    var renderText: String { marker }
    var isNull: Bool { false }

    /// `rendered` with each fragment's marker replaced by the fragment; a marker the template did
    /// not place leaves nothing.
    static func splice(_ rendered: String, _ fragments: [SplicedHTML]) -> String {
        guard !fragments.isEmpty else { return rendered }
        var out = rendered
        for f in fragments {
            if let at = out.range(of: f.marker) { out.replaceSubrange(at, with: f.html) }
        }
        return out
    }
}
