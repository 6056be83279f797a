import Foundation
import HjemtagCore

/// The robot's findings of every scheme, with their handling.
public protocol FindingStore: Sendable {
    /// Stores a scheme's findings for a year. A finding seen before keeps its status and note;
    /// one no longer found is kept but marked inactive.
    func replaceFindings(scheme: Scheme, year: Int, _ findings: [Finding]) async throws
    /// Findings, largest amount first; `nil` means every scheme or year.
    func findings(scheme: Scheme?, year: Int?, includeInactive: Bool) async throws -> [StoredFinding]
    /// Active findings summed by direction; `nil` means every scheme or year.
    func findingTotals(scheme: Scheme?, year: Int?) async throws -> FindingTotals
    /// The active findings' totals of every scheme with findings, in one read (the worklist).
    func findingTotalsPerScheme() async throws -> [Scheme: FindingTotals]
    /// One finding, or nil.
    func finding(id: Int) async throws -> StoredFinding?
    /// The findings a query lets through, sorted as it asks: `limit` of them from `offset`, with
    /// the totals of all of them.
    func findings(_ query: FindingQuery, limit: Int, offset: Int) async throws -> FindingSelection
    /// The first `limit` findings a query lets through, sorted as it asks, without the totals
    /// (the worklist's "since the last pass").
    func findingPage(_ query: FindingQuery, limit: Int) async throws -> [StoredFinding]
    /// Changes each of these findings' status (with the note) and assignment in one transaction,
    /// recording who did what in their history and the audit log: all of them or none.
    func changeFindings(ids: [Int], _ change: FindingChange, by: String) async throws
    /// A finding's history, oldest first.
    func findingEvents(findingID: Int) async throws -> [FindingEvent]
}

extension FindingStore {
    /// Sets one finding's status and note, recording who did it.
    public func setFindingStatus(id: Int, status: FindingStatus, note: String?, by: String) async throws {
        try await changeFindings(ids: [id], FindingChange(status: status, note: note), by: by)
    }
}
