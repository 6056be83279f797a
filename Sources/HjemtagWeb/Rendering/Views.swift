import Foundation
import HjemtagCore
import HjemtagStore
import Hummingbird
import Mustache
import Synchronization

/// Renders the bundled Mustache templates. Mustache escapes every `{{value}}` by default, so data
/// from files cannot inject markup. Every template is found when the server starts: a missing one
/// stops the start, never a page at request time.
struct Views: Sendable {
    let library: MustacheLibrary

    struct MissingTemplates: Error, CustomStringConvertible {
        let names: [String]
        var description: String { "skabelonerne mangler i programmet: \(names.joined(separator: ", "))" }
    }

    struct UnreadableTemplate: Error, CustomStringConvertible {
        let file: String, reason: String
        var description: String { "skabelonen \(file) kan ikke læses: \(reason)" }
    }

    static func load() async throws -> Views {
        guard let dir = Bundle.module.url(forResource: "templates", withExtension: nil) else { throw MissingTemplates(names: ["templates/"]) }
        MustacheContentTypes.register(EscapedHTML(), named: EscapedHTML.name)
        var library = MustacheLibrary()
        for file in try FileManager.default.contentsOfDirectory(atPath: dir.path) where file.hasSuffix(".mustache") {
            let text = try String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            // Every template escapes with `EscapedHTML`: the pragma sets it for the template and
            // for the layout and parts it renders.
            do { try library.register("{{% CONTENT_TYPE: \(EscapedHTML.name)}}\n" + text, named: String(file.dropLast(".mustache".count))) } catch {
                throw UnreadableTemplate(file: file, reason: "\(error)")
            }
        }
        let missing = (Template.allCases.map(\.rawValue) + ["layout"]).filter { library.getTemplate(named: $0) == nil }
        guard missing.isEmpty else { throw MissingTemplates(names: missing) }
        return Views(library: library)
    }

    /// A page in the layout, for the signed-in user (or none, on the login page).
    func render(_ page: Page, session: WebSession?) -> HTML {
        let template = type(of: page.content).template.rawValue
        // Every template was found at start-up, so render cannot miss one.
        let frame = PageFrame(page: page, session: session)
        let html = library.render(frame, withTemplate: template) ?? ""
        return HTML(SplicedHTML.splice(html, frame.fields.values.compactMap { $0 as? SplicedHTML }), status: page.status)
    }

    /// A part of a page rendered on its own (escaped like any template), to be placed with
    /// `{{{…}}}`: a long table that is the same for every viewer can then be rendered once.
    func fragment(_ template: Template, _ content: Any) -> String {
        library.render(content, withTemplate: template.rawValue) ?? ""
    }
}

/// HTML escaping for every `{{value}}`, the same five characters as Mustache's own, in one pass
/// over the UTF-8 bytes and without a copy when there is nothing to escape: Mustache's walks the
/// text by grapheme cluster with a dictionary look-up each, a tenth of the worklist under load at
/// Copenhagen's size (issue 22 § 4).
struct EscapedHTML: MustacheContentType {
    static let name = "HJEMTAG_HTML"
    func escapeText(_ text: String) -> String { HTMLText.escaped(text) }
}

/// The navigation, the same on every page: a route per entry, shown to the roles its route admits.
enum Navigation {
    static let entries: [(route: Route, title: String)] = [
        (.dashboard, "Arbejdsliste"),
        (.sde, Scheme.sde.shortTitle),
        (.staircase, Scheme.staircase.shortTitle),
        (.intermunicipal, Scheme.intermunicipal.shortTitle),
        (.resultGrant, Scheme.resultGrant.shortTitle),
        (.vat, Scheme.vat.shortTitle),
        (.budget, Scheme.budget.shortTitle),
        (.findings, "Fund"),
        (.auditLog, "Logning"),
        (.imports, "Importer"),
        (.jobs, "Job"),
        (.parameters, "Parametre"),
        (.settings, "Indstillinger"),
        (.users, "Brugere"),
        (.help, "Hjælp"),
    ]

    /// The list items for a role with `current` marked, as HTML: the same for every user of the
    /// role on every page of a section, so made once for each and kept (every page shows them, and
    /// rendering fifteen items through Mustache on each was part of every page's time, issue 22 § 4).
    static func items(for role: Role, current: Route?) -> String {
        let key = NavigationKey(role: role, current: current)
        if let known = made.withLock({ $0[key] }) { return known }
        var html = ""
        for entry in entries where entry.route.permission.map({ Access.allows(role, $0) }) ?? true {
            html += "      <li><a href=\"\(HTMLText.escaped(entry.route.path()))\""
            if entry.route == current { html += " aria-current=\"page\" class=\"current\"" }
            html += ">\(HTMLText.escaped(entry.title))</a></li>\n"
        }
        made.withLock { $0[key] = html }
        return html
    }

    private struct NavigationKey: Hashable { let role: Role, current: Route? }
    private static let made = Mutex<[NavigationKey: String]>([:])
}
