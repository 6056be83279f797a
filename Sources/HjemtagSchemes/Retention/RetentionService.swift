import Foundation
import HjemtagCore
import HjemtagStore

/// The retention rule as a use case: what it deletes, and what the kept years need kept in its
/// place. The staircase counts weeks from a person's history (finansieringsloven §§ 5-6), so the
/// benefit payments before the cut-off go only with each person's counters at the cut-off kept:
/// every kept year computes exactly as before the deletion.
public struct RetentionService: Sendable {
    let store: any Store
    public init(store: any Store) { self.store = store }

    /// Sets the retention period and writes it to the audit log, for the CLI and the web alike.
    public func setPeriod(_ rule: RetentionRule, by user: String, page: String) async throws {
        try await store.setSetting(RetentionRule.settingKey, String(rule.years))
        try await store.appendAudit(username: user, action: .setting, cpr: nil, page: page, purpose: "opbevaringsperiode sat til \(rule.years) år")
    }

    /// Previews (or with `apply`, performs) the deletion for the rule on `today`.
    public func run(_ rule: RetentionRule, today: Day, apply: Bool, by user: String) async throws -> RetentionReport {
        try await run(before: rule.cutoff(today: today), apply: apply, by: user)
    }

    /// The same for a cut-off day.
    public func run(before cutoff: Day, apply: Bool, by user: String) async throws -> RetentionReport {
        let carries = try await StaircaseService(store: store).calculator(from: cutoff, to: cutoff).carries(at: cutoff)
        return try await store.retention(before: cutoff, apply: apply, by: user, keeping: carries)
    }
}
