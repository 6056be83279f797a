import Foundation
import HjemtagCore

/// Who belongs where: households from CPR and the departments each citizen has postings in.
public protocol PeopleStore: Sendable {
    /// The departments with postings about the citizen (kept by the import).
    func departments(of cpr: CPR) async throws -> Set<String>
    /// Every department (forvaltning) some citizen has postings in, by name.
    func departmentNames() async throws -> [String]
    /// The citizens with postings in any of the departments.
    func persons(inDepartments departments: [String]) async throws -> Set<CPR>
    /// Every household membership period from the CPR file.
    func households() async throws -> [HouseholdMembership]
    /// Every membership of the households the citizen has belonged to.
    func households(sharingWith cpr: CPR) async throws -> [HouseholdMembership]
}
