import Foundation
import HjemtagCore

/// The retention rule for person-level data.
public protocol RetentionStore: Sendable {
    /// The configured rule, or nil when none is set.
    func retentionRule() async throws -> RetentionRule?
    /// What the rule deletes before `cutoff` (with `apply`, deletes it), in one transaction.
    func retention(before cutoff: Day, apply: Bool, by username: String) async throws -> RetentionReport
}
