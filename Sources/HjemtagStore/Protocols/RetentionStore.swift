import Foundation
import HjemtagCore

/// The retention rule for person-level data.
public protocol RetentionStore: Sendable {
    /// The configured rule, or nil when none is set.
    func retentionRule() async throws -> RetentionRule?
    /// What the rule deletes before `cutoff` (with `apply`, deletes it), in one transaction, with
    /// the staircase counters the kept years need in place of the deleted benefit history
    /// (`RetentionService` in HjemtagSchemes works them out).
    func retention(before cutoff: Day, apply: Bool, by username: String, keeping carries: [StaircaseCarry]) async throws -> RetentionReport
}
