import HjemtagCore
import Hummingbird

/// Every URL the web answers, in one place. The router registers exactly these (`WebRoutes`),
/// pages and templates take their paths from here (`{{route.name}}` for a path without a
/// parameter), and the access-matrix test asks each of them as every role, so a route added
/// without an entry there fails the test.
enum Route: String, CaseIterable, Sendable {
    case health, stylesheet, favicon, letterStylesheet, reportStylesheet, steeringReport
    case loginPage, login, logout
    case dashboard
    case imports, upload, importTemplate, help
    case mappings, uploadMapping, submitMapping, exportMapping, importMapping, deleteMapping
    case parameters, setParameter, withdrawParameter, importParameters, exportParameters, exportParametersXLSX
    case auditLog, searchAuditLog, exportAuditLog
    case retention, applyRetention
    case sde, sdeSubject, exportSDE, evidencePack
    case staircase, exportReconciliation
    case intermunicipal, intermunicipalPerson, intermunicipalClaim, markPassivity, setClaimStatus, claimLetter
    case exportIntermunicipal, claimEvidencePack, findingEvidencePack
    case resultGrant, exportResultGrant
    case vat, vatJournal, exportVAT
    case budget, exportBudget, scenario, scenarioUpload, forecast, takeForecast
    case compute, runRobot, jobs, job
    case settings, saveSettings, users, createUser, changeUser, passwordPage, changePassword
    case exportFindings
    case findings, searchFindings, finding, setFindingStatus, assignFinding, bulkFindings, decidePayment
    case apiStatus, apiImports, apiParameters, apiFindings, apiAudit

    var method: HTTPRequest.Method {
        switch self {
        case .saveSettings, .createUser, .changeUser, .changePassword, .runRobot: return .post
        case .uploadMapping, .submitMapping, .importMapping, .deleteMapping, .decidePayment, .scenarioUpload, .takeForecast: return .post
        case .login, .logout, .upload, .setParameter, .withdrawParameter, .importParameters, .searchAuditLog, .applyRetention, .compute,
            .markPassivity, .setClaimStatus, .setFindingStatus, .searchFindings, .assignFinding, .bulkFindings:
            return .post
        default:
            return .get
        }
    }

    /// The path as the router matches it, `:id` or `:key` for the one parameter.
    var pattern: String {
        switch self {
        case .health: return "/health"
        case .stylesheet: return "/static/hjemtag.css"
        case .favicon: return "/favicon.ico"
        case .letterStylesheet: return "/static/brev.css"
        case .reportStylesheet: return "/static/rapport.css"
        case .steeringReport: return "/rapport/styregruppe"
        case .loginPage, .login: return "/login"
        case .logout: return "/logout"
        case .dashboard: return "/"
        case .imports, .upload: return "/importer"
        case .importTemplate: return "/importer/skabelon.csv"
        case .mappings: return "/kortlaegning"
        case .uploadMapping: return "/kortlaegning/fil"
        case .submitMapping: return "/kortlaegning/ny"
        case .exportMapping: return "/kortlaegning/eksport.json"
        case .importMapping: return "/kortlaegning/import"
        case .deleteMapping: return "/kortlaegning/slet"
        case .help: return "/hjaelp"
        case .parameters, .setParameter: return "/parametre"
        case .withdrawParameter: return "/parametre/:id/tilbagetraek"
        case .importParameters: return "/parametre/import"
        case .exportParameters: return "/parametre/eksport.csv"
        case .exportParametersXLSX: return "/parametre/eksport.xlsx"
        case .auditLog, .searchAuditLog: return "/revision"
        case .exportAuditLog: return "/revision/eksport"
        case .retention, .applyRetention: return "/opbevaring"
        case .sde: return "/sde"
        case .sdeSubject: return "/sde/emne/:id"
        case .exportSDE: return "/sde/eksport.xlsx"
        case .evidencePack: return "/sde/revisionspakke.zip"
        case .staircase: return "/beskaeftigelse"
        case .exportReconciliation: return "/beskaeftigelse/afstemning.xlsx"
        case .intermunicipal: return "/mellemkommunal"
        case .intermunicipalPerson: return "/mellemkommunal/borger/:key"
        case .intermunicipalClaim: return "/mellemkommunal/krav/:id"
        case .markPassivity: return "/mellemkommunal/borger/:key/passivitet"
        case .setClaimStatus: return "/mellemkommunal/krav/:id/status"
        case .claimLetter: return "/mellemkommunal/krav/:id/brev"
        case .exportIntermunicipal: return "/mellemkommunal/eksport.xlsx"
        case .claimEvidencePack: return "/mellemkommunal/revisionspakke.zip"
        case .findingEvidencePack: return "/fund/revisionspakke.zip"
        case .resultGrant: return "/resultattilskud"
        case .exportResultGrant: return "/resultattilskud/eksport.xlsx"
        case .vat: return "/moms"
        case .vatJournal: return "/moms/rettelsesjournal.csv"
        case .exportVAT: return "/moms/eksport.xlsx"
        case .budget: return "/budget"
        case .exportBudget: return "/budget/eksport.xlsx"
        case .scenario, .scenarioUpload: return "/budget/scenarie"
        case .forecast, .takeForecast: return "/prognose"
        case .compute: return "/beregn"
        case .settings, .saveSettings: return "/indstillinger"
        case .users, .createUser: return "/brugere"
        case .changeUser: return "/brugere/:id"
        case .passwordPage, .changePassword: return "/adgangskode"
        case .runRobot: return "/robot/koer"
        case .jobs: return "/job"
        case .job: return "/job/:id"
        case .findings: return "/fund"
        case .exportFindings: return "/fund/eksport"
        case .searchFindings: return "/fund/soeg"
        case .bulkFindings: return "/fund/masse"
        case .finding: return "/fund/:id"
        case .setFindingStatus: return "/fund/:id/status"
        case .assignFinding: return "/fund/:id/tildel"
        case .decidePayment: return "/fund/:id/betaling"
        case .apiStatus: return "/api/v1/status"
        case .apiImports: return "/api/v1/imports"
        case .apiParameters: return "/api/v1/parameters"
        case .apiFindings: return "/api/v1/findings"
        case .apiAudit: return "/api/v1/audit"
        }
    }

    /// What the route asks to do; nil for the routes anyone may ask (the login form, the
    /// stylesheets, the health check).
    var permission: Permission? {
        switch self {
        case .health, .stylesheet, .favicon, .letterStylesheet, .reportStylesheet, .loginPage, .login: return nil
        // Logging out needs a session, nothing more.
        case .logout: return .read
        case .upload, .compute, .runRobot, .jobs, .job: return .runComputations
        case .mappings, .uploadMapping, .submitMapping, .exportMapping, .importMapping, .deleteMapping: return .runComputations
        // A scenario shows each case's citizen with their costs: finance staff, who value the plan.
        case .scenario, .scenarioUpload, .takeForecast: return .runComputations
        case .setParameter, .withdrawParameter, .importParameters: return .setParameters
        case .auditLog, .searchAuditLog, .exportAuditLog, .apiAudit: return .readAuditLog
        case .retention, .applyRetention: return .applyRetention
        case .settings, .saveSettings, .users, .createUser, .changeUser: return .administer
        case .markPassivity, .setClaimStatus, .setFindingStatus, .assignFinding, .bulkFindings, .decidePayment: return .changeCases
        case .exportIntermunicipal, .exportResultGrant, .exportSDE, .exportReconciliation, .evidencePack, .steeringReport, .claimEvidencePack,
            .findingEvidencePack:
            return .exportAllPersons
        default: return .read
        }
    }

    /// JSON routes answer 401 and errors as JSON; pages redirect to the login page.
    var isAPI: Bool { pattern.hasPrefix("/api/") }

    /// The path with its parameter filled in: `Route.sdeSubject.path(5)` is `/sde/emne/5`.
    func path(_ parameter: Int? = nil) -> String {
        guard let parameter, let cut = Self.cuts[self] else { return pattern }
        return cut.head + String(parameter) + cut.tail
    }

    /// Each pattern with a parameter, cut once around it: a list of 200 findings fills two paths
    /// a row, and cutting the pattern for each (Foundation's search, then a split and a join) was
    /// a sixth of the findings page and a twentieth of the mellemkommunal page under load.
    private static let cuts: [Route: (head: String, tail: String)] = {
        var cuts: [Route: (head: String, tail: String)] = [:]
        for route in allCases {
            let segments = route.pattern.split(separator: "/", omittingEmptySubsequences: false)
            guard let i = segments.firstIndex(where: { $0 == ":id" || $0 == ":key" }) else { continue }
            let tail = segments[(i + 1)...]
            cuts[route] = (segments[..<i].joined(separator: "/") + "/", tail.isEmpty ? "" : "/" + tail.joined(separator: "/"))
        }
        return cuts
    }()

    /// The parameterless routes by name, for `{{route.name}}` in templates.
    static let byName: [String: Route] = Dictionary(uniqueKeysWithValues: allCases.filter { !$0.pattern.contains(":") }.map { ($0.rawValue, $0) })

    /// A scheme's page.
    static func page(of scheme: Scheme) -> Route {
        switch scheme {
        case .sde: return .sde
        case .staircase: return .staircase
        case .intermunicipal: return .intermunicipal
        case .resultGrant: return .resultGrant
        case .vat: return .vat
        case .budget: return .budget
        }
    }
}
