import Foundation
import HjemtagCore

/// Mellemkommunal refusion: residence episodes, claims received and raised, and their life.
public protocol IntermunicipalStore: Sendable {
    /// Every residence episode, by citizen and start: the `ophold` file's, and for the citizens it
    /// does not cover those EG Sensum's cases and services or OS2bos's payments give.
    func residenceEpisodes() async throws -> [StoredEpisode]
    /// EG Sensum's latest deliveries (citizens, cases, services, providers).
    func sensum() async throws -> Sensum.Delivery
    /// One citizen's residence episodes, by start.
    func residenceEpisodes(cpr: CPR) async throws -> [StoredEpisode]
    /// One episode, or nil.
    func residenceEpisode(id: Int) async throws -> StoredEpisode?
    /// Claims other municipalities have sent us.
    func incomingClaims() async throws -> [IncomingClaim]
    /// Førtidspension grants (the R10 rule).
    func pensionGrants() async throws -> [PensionGrant]
    /// A caseworker's passivity findings.
    func passivityMarks() async throws -> [PassivityMark]
    /// Stores a passivity finding.
    func addPassivityMark(_ mark: PassivityMark) async throws
    /// Merges the robot's claims with the saved ones: a claim keeps its status and history.
    func mergeClaims(_ drafts: [ClaimDraft], by: String) async throws
    /// Claims in one direction or both, active ones unless `includeInactive`.
    func claims(direction: ClaimDirection?, includeInactive: Bool) async throws -> [StoredClaim]
    /// The active claims, both directions, each valued on `day` (kept until a claim changes or
    /// another day is asked for).
    func valuedClaims(on day: Day) async throws -> ValuedClaims
    /// What SDE's check for costs claimed twice reads from the active claims (kept until a claim changes).
    func passedOnClaims() async throws -> PassedOnClaims
    /// One claim, or nil.
    func claim(id: Int) async throws -> StoredClaim?
    /// Moves a claim along its life; refuses transitions the lifecycle does not allow.
    func setClaimStatus(id: Int, to status: ClaimStatus, note: String?, by: String) async throws
    /// A claim's history, oldest first.
    func claimEvents(claimID: Int) async throws -> [ClaimEvent]
}
