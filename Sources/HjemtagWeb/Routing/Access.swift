import HjemtagCore
import HjemtagStore
import Hummingbird

/// What a request asks to do. Every route names one; `Access.allows` is the one table that says
/// which role may do it, for pages, the JSON API and exports alike.
enum Permission: String, Sendable, CaseIterable {
    /// Pages and lists; person-level rows are further limited by `Access.canSee`.
    case read
    /// Exports that list every citizen regardless of department.
    case exportAllPersons
    /// Imports and computations that write new results.
    case runComputations
    /// Changing the status of a finding or a claim, marking passivity.
    case changeCases
    /// Reading and exporting the audit log.
    case readAuditLog
    /// Entering parameter values.
    case setParameters
    /// Deleting person-level data under the retention rule.
    case applyRetention
    /// The municipality's settings and the users.
    case administer

    /// The Danish refusal, naming what the role cannot do.
    var refusal: String {
        switch self {
        case .read: return "Log ind først."
        case .exportAllPersons: return "Eksport af alle borgere kræver rollen økonomi, revisor eller administrator."
        case .runComputations: return "Kun økonomi og administrator kan importere og starte beregninger."
        case .changeCases: return "Revisorrollen kan læse, men ikke ændre sager, krav og fund."
        case .readAuditLog: return "Kun administrator og revisor kan se og eksportere logningen."
        case .setParameters: return "Kun administratorer kan indtaste parametre."
        case .applyRetention: return "Kun administratorer kan slette data efter opbevaringsreglen."
        case .administer: return "Kun administratorer kan ændre indstillinger og brugere."
        }
    }
}

/// Who may see and do what: one place for pages, API and exports.
enum Access {
    static func allows(_ role: Role, _ permission: Permission) -> Bool {
        switch (permission, role) {
        case (.read, _): return true
        case (.exportAllPersons, .sagsbehandler): return false
        case (.exportAllPersons, _): return true
        case (.runComputations, .administrator), (.runComputations, .okonomi): return true
        case (.runComputations, _): return false
        case (.changeCases, .revisor): return false
        case (.changeCases, _): return true
        case (.readAuditLog, .administrator), (.readAuditLog, .revisor): return true
        case (.readAuditLog, _): return false
        case (.setParameters, .administrator), (.applyRetention, .administrator), (.administer, .administrator): return true
        case (.setParameters, _), (.applyRetention, _), (.administer, _): return false
        }
    }

    static func allows(_ session: WebSession, _ permission: Permission) -> Bool { allows(session.role, permission) }

    /// Throws the 403 the route's wrapper answers with.
    static func require(_ permission: Permission, _ session: WebSession) throws {
        guard allows(session, permission) else { throw HTTPError(.forbidden, message: permission.refusal) }
    }

    /// A caseworker sees only subjects with expenses in one of their departments; the other
    /// roles see all departments.
    static func canSee(departments: some Collection<String>, _ session: WebSession) -> Bool {
        guard session.role == .sagsbehandler else { return true }
        return departments.contains { session.departments.contains($0) }
    }

    /// A caseworker sees a citizen only when the citizen has postings in one of their departments.
    static func canSee(_ cpr: CPR, _ session: WebSession, store: any Store) async throws -> Bool {
        guard session.role == .sagsbehandler else { return true }
        return canSee(departments: try await store.departments(of: cpr), session)
    }

    /// A finding about persons is visible to a caseworker when one of them is; a finding about the
    /// ledger alone (VAT) names no person.
    static func canSee(_ finding: Finding, _ session: WebSession, store: any Store) async throws -> Bool {
        if finding.cprs.isEmpty { return true }
        for cpr in finding.cprs where try await canSee(cpr, session, store: store) { return true }
        return false
    }

    /// Who may change a finding's status: økonomi and the administrator any finding; a
    /// caseworker only one about citizens they may see. A finding that names no citizen (the
    /// ledger's: moms, a posting without CPR) is økonomi's to handle.
    static func canChange(_ finding: Finding, _ session: WebSession, sight: PersonSight) -> Bool {
        guard allows(session, .changeCases) else { return false }
        guard session.role == .sagsbehandler else { return true }
        return finding.scheme != .vat && !finding.cprs.isEmpty && sight.allows(finding)
    }

    /// The refusal for a caseworker asked to change a finding that is not theirs.
    static let notTheirFinding = HTTPError(
        .forbidden,
        message: "Fund uden en borger, og momsfund, ændres af økonomi eller en administrator; en sagsbehandler ændrer fund om sine egne borgere.")

    /// The same rule for a whole list: the citizens the session may see, read once.
    static func sight(_ session: WebSession, store: any Store) async throws -> PersonSight {
        guard session.role == .sagsbehandler else { return PersonSight(persons: nil) }
        return PersonSight(persons: try await store.persons(inDepartments: session.departments))
    }

    /// The refusal for a person or subject outside the caseworker's departments.
    static let outsideDepartments = HTTPError(.forbidden, message: "Du har ikke adgang til borgere uden for dine forvaltninger.")

    static func requireSight(_ cpr: CPR, _ session: WebSession, store: any Store) async throws {
        guard try await canSee(cpr, session, store: store) else { throw outsideDepartments }
    }
}

/// The citizens one session may see, for filtering a list without a query per row.
struct PersonSight: Sendable {
    /// `nil`: every citizen.
    let persons: Set<CPR>?

    func allows(_ cpr: CPR) -> Bool { persons?.contains(cpr) ?? true }

    func allows(_ finding: Finding) -> Bool {
        finding.cprs.isEmpty || finding.cprs.contains(where: allows)
    }
}
