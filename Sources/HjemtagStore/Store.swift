import Foundation
import HjemtagCore
import HjemtagImport

/// Roles (issue: security). Enforced in one place by the web's access policy.
public enum Role: String, Sendable, Codable, CaseIterable {
    case administrator
    case okonomi = "oekonomi"
    case sagsbehandler
    case revisor

    public var danishName: String {
        switch self {
        case .administrator: return "administrator"
        case .okonomi: return "økonomi"
        case .sagsbehandler: return "sagsbehandler"
        case .revisor: return "revisor"
        }
    }

    /// Accepts `økonomi` as well as `oekonomi`.
    public init?(parsing text: String) {
        let key = ColumnName.normalise(text)
        guard let r = Role.allCases.first(where: { ColumnName.normalise($0.rawValue) == key || ColumnName.normalise($0.danishName) == key }) else { return nil }
        self = r
    }
}

public struct User: Sendable, Codable, Hashable {
    public var id: Int
    public var username: String
    public var passwordHash: String
    public var role: Role
    /// Forvaltninger a sagsbehandler may see.
    public var departments: [String]
    public var active: Bool
}

public struct AuditEntry: Sendable, Codable, Hashable {
    public var id: Int
    public var at: String
    public var username: String
    public var action: String
    public var cpr: String?
    public var page: String?
    public var purpose: String?
}

public struct StoredParameterValue: Sendable, Hashable {
    public var parameterID: String
    public var value: DatedValue
}

/// Everything the application asks of its store. The web and CLI see only this protocol and
/// domain types, never SQL.
public protocol Store: ImportDestination {
    var backendName: String { get }
    func migrate() async throws -> [String]
    func appliedMigrations() async throws -> [String]

    func setting(_ key: String) async throws -> String?
    func setSetting(_ key: String, _ value: String) async throws

    func imports() async throws -> [ImportSummary]
    func archivedFile(importID: Int) async throws -> Data?
    func postingCount() async throws -> Int
    func postings(cpr: CPR) async throws -> [Posting]
    /// Streams every posting, in storage order, without holding them all in memory.
    func forEachPosting(_ body: @escaping @Sendable (Posting) -> Void) async throws

    func createUser(username: String, passwordHash: String, role: Role, departments: [String]) async throws -> User
    func user(named: String) async throws -> User?
    func users() async throws -> [User]

    func appendAudit(username: String, action: String, cpr: CPR?, page: String?, purpose: String?) async throws
    func auditEntries(cpr: CPR?, username: String?, limit: Int) async throws -> [AuditEntry]

    /// The departments with postings about the citizen (kept by the import).
    func departments(of cpr: CPR) async throws -> Set<String>
    /// The citizens with postings in any of the departments.
    func persons(inDepartments departments: [String]) async throws -> Set<CPR>

    func households() async throws -> [HouseholdMembership]
    func households(sharingWith cpr: CPR) async throws -> [HouseholdMembership]
    func benefitPayments() async throws -> [BenefitPayment]
    func subsidisedPeriods() async throws -> [SubsidisedPeriod]
    /// YR rows whose week lies in the range.
    func yrRows(from: Day, to: Day) async throws -> [YRRow]

    /// Stores a computation; it replaces earlier runs for the same year.
    func saveSDERun(_ run: StoredSDERun, subjects: [StoredSDESubject]) async throws -> Int
    func latestSDERun(year: Int?) async throws -> StoredSDERun?
    func sdeSubjects(runID: Int) async throws -> [StoredSDESubject]
    func sdeSubject(id: Int) async throws -> StoredSDESubject?
    func sdeRefundSubjects(runID: Int, limit: Int, visible: (@Sendable (StoredSDESubject) -> Bool)?) async throws -> (subjects: [StoredSDESubject], count: Int)

    /// Stores a scheme's findings for a year. A finding seen before keeps its status and note;
    /// one no longer found is kept but marked inactive.
    func replaceFindings(scheme: String, year: Int, _ findings: [Finding]) async throws
    func findings(scheme: String?, year: Int?, includeInactive: Bool) async throws -> [StoredFinding]
    /// One page of the active findings, largest amount first.
    func findings(scheme: String?, year: Int?, limit: Int, offset: Int) async throws -> [StoredFinding]
    /// Active findings summed by direction; `nil` means every scheme or year.
    func findingTotals(scheme: String?, year: Int?) async throws -> FindingTotals
    func finding(id: Int) async throws -> StoredFinding?
    func setFindingStatus(id: Int, status: FindingStatus, note: String?, by: String) async throws

    // Mellemkommunal refusion
    func residenceEpisodes() async throws -> [StoredEpisode]
    func residenceEpisodes(cpr: CPR) async throws -> [StoredEpisode]
    func residenceEpisode(id: Int) async throws -> StoredEpisode?
    func incomingClaims() async throws -> [IncomingClaim]
    func pensionGrants() async throws -> [PensionGrant]
    func passivityMarks() async throws -> [PassivityMark]
    func addPassivityMark(_ mark: PassivityMark) async throws
    func mergeClaims(_ drafts: [ClaimDraft], by: String) async throws
    func claims(direction: ClaimDirection?, includeInactive: Bool) async throws -> [StoredClaim]
    func claim(id: Int) async throws -> StoredClaim?
    func setClaimStatus(id: Int, to status: ClaimStatus, note: String?, by: String) async throws
    func claimEvents(claimID: Int) async throws -> [ClaimEvent]

    /// Budget tables: the newest import of each wins.
    func budgetRows(_ table: BudgetRow.Table) async throws -> [BudgetRow]
    func integrationRows() async throws -> [IntegrationRow]
    func positiveList() async throws -> [PositiveListEntry]
    func vatRegistrations() async throws -> [VATRegistration]

    func storedParameterValues() async throws -> [StoredParameterValue]
    func addParameterValue(_ id: String, _ value: DatedValue) async throws

    /// The retention rule: the configured years, and what it deletes (or, without `apply`, would).
    func retentionRule() async throws -> RetentionRule?
    func retention(before cutoff: Day, apply: Bool, by username: String) async throws -> RetentionReport

    func close() async throws
}

public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(String)
    case notMigrated
    case duplicateUser(String)

    public var description: String {
        switch self {
        case .cannotOpen(let why): return "kan ikke åbne databasen: \(why)"
        case .notMigrated: return "databasen er ikke oprettet endnu; kør: hjemtag migrate --kommune KODE"
        case .duplicateUser(let name): return "brugeren '\(name)' findes allerede"
        }
    }
}

extension Store {
    /// The municipality the store belongs to (`hjemtag migrate --kommune 350`).
    public func ownMunicipality() async throws -> Kommune? {
        guard let code = try await setting("kommune") else { return nil }
        return Kommune.byCode(code)
    }

    /// The shipped parameters with the municipality's own entries applied.
    public func parameterSet() async throws -> ParameterSet {
        var set = try ParameterSet.bundled()
        for stored in try await storedParameterValues() {
            try set.apply(override: stored.value, to: stored.parameterID)
        }
        return set
    }
}
