import HjemtagCore
import HjemtagStore
import Mustache

/// The object a page is rendered with: the layout's names (title, the signed-in user, the
/// navigation, the routes, the notice of stale results, the reload interval) and then the page's content, looked up by its property names. The
/// layout's names come first, so a page cannot shadow them.
struct PageFrame: MustacheParent {
    // Looked up by name without reflection: Mirror's look-ups were the larger part of an SDE
    // drill-down's rendering under load.
    struct User: Sendable, MustacheParent {
        let username: String, role: String, csrf: String
        func child(named name: String) -> Any? {
            switch name {
            case "username": return username
            case "role": return role
            case "csrf": return csrf
            default: return nil
            }
        }
    }
    let title: String
    let user: User?
    /// The navigation's items, made once per role and section (`Navigation.items`).
    let nav: String?
    let content: any PageContent
    /// The content's properties by name, read once: a template looks up a page's names from
    /// inside every row of its lists, and reflecting the content each time was a sixth of a
    /// findings page of 200 rows.
    let fields: [String: Any]
    let stale: String?
    let refresh: Int?
    let guide: Guide?

    /// A scheme's guide as the layout shows it.
    struct Guide: Sendable { let what: String, files: String, href: String }

    init(page: Page, session: WebSession?) {
        title = page.title
        content = page.content
        fields = Reflected.fields(of: page.content)
        stale = page.stale
        refresh = page.refresh
        guide = page.guide.map { s in
            Guide(
                what: SchemeGuide.what(s),
                files: SchemeGuide.files(s).map { "\($0.rawValue) (\(SchemeGuide.source($0)))" }.joined(separator: "; "),
                href: Route.help.path() + "#" + s.rawValue)
        }
        if let session {
            user = User(username: session.username, role: session.role.danishName, csrf: session.csrfToken)
            nav = Navigation.items(for: session.role, current: page.section)
        } else {
            user = nil
            nav = nil
        }
    }

    func child(named name: String) -> Any? {
        switch name {
        case "title": return title
        case "user": return user
        case "nav": return nav
        case "stale": return stale
        case "refresh": return refresh
        case "guide": return guide
        case "route": return RouteTable()
        // A form on any page posts the session's token; the login page has its own.
        case "csrf": return fields[name] ?? user?.csrf
        default: return fields[name]
        }
    }
}

/// Every parameterless route's path by its case name, for templates: `{{route.logout}}`.
struct RouteTable: MustacheParent {
    func child(named name: String) -> Any? { Route.byName[name]?.path() }
}

/// A page content's stored properties, read by reflection once per page.
enum Reflected {
    /// Every stored property by name, optionals unwrapped and nil ones left out.
    static func fields(of object: Any) -> [String: Any] {
        var out: [String: Any] = [:]
        for child in Mirror(reflecting: object).children {
            guard let label = child.label else { continue }
            let inner = Mirror(reflecting: child.value)
            if inner.displayStyle == .optional {
                if let value = inner.children.first?.value { out[label] = value }
            } else {
                out[label] = child.value
            }
        }
        return out
    }
}
