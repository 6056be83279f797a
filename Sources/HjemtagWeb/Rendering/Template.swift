import HjemtagCore
import HjemtagSchemes
import Hummingbird

/// The Mustache templates, one per page (and the SDE list's rows, rendered on their own). Every
/// case must be a file in `Resources/templates`; `Views.load` refuses to start without one.
enum Template: String, CaseIterable, Sendable {
    case audit, budget, dashboard, error, finding, findings, imports, login, parameters
    case resultGrant = "resultgrant"
    case retention
    case importsResult = "imports_result"
    case scheme, sde
    case sdeRows = "sde_rows"
    case sdeSubject = "sde_subject"
    case staircase, vat
    case intermunicipal
    case job, jobs
    case settings, users, password, help, mappings, scenario, forecast
    case mappingEdit = "mapping_edit"
    case newPassword = "new_password"
    case intermunicipalClaim = "intermunicipal_claim"
    case intermunicipalPerson = "intermunicipal_person"
}

/// What a page shows, by the names its template reads. A page's content is a plain struct built by
/// a function a test can call without HTTP; `Views.render` places it in the layout.
protocol PageContent: Sendable {
    static var template: Template { get }
}

/// A page to answer with: its title, the navigation entry it belongs to, and its content.
struct Page: Sendable {
    var title: String
    /// The navigation entry shown as current; nil for none (the login page, an error page).
    var section: Route?
    var content: any PageContent
    var status: HTTPResponse.Status = .ok
    /// Said at the top of the page, before the content: the stored result shown is no longer the
    /// one its data and rates give (`Staleness`).
    var stale: String?
    /// Seconds after which the browser asks for the page again (a running job's page).
    var refresh: Int?
    /// The scheme whose overview this is: the page opens with what the scheme is, the files it
    /// needs and a link to its help.
    var guide: Scheme?

    init(_ title: String, section: Route?, _ content: any PageContent, status: HTTPResponse.Status = .ok) {
        self.title = title
        self.section = section
        self.content = content
        self.status = status
    }

    /// The page as the overview of a scheme, opening with its guide.
    func guided(_ scheme: Scheme) -> Page {
        var page = self
        page.guide = scheme
        return page
    }

    /// The page with the notice of what has changed under its stored results, if anything has.
    func noting(_ staleness: [Staleness]) -> Page {
        var page = self
        page.stale = staleness.isEmpty ? nil : staleness.map(\.notice).joined(separator: " ")
        return page
    }
}
