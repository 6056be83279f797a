import Foundation
import HjemtagCore

/// The record of which inputs each stored result was computed from (`ComputationLedger` in
/// HjemtagSchemes takes the inputs and compares them).
public protocol ComputationStore: Sendable {
    /// Keeps the scheme's (and year's) latest computation, replacing the one before.
    func recordComputation(_ computation: StoredComputation) async throws
    /// Every scheme's latest computations.
    func computations() async throws -> [StoredComputation]
    /// How many deletions under the retention rule have removed rows: a result computed before
    /// one may rest on rows that are gone.
    func retentionDeletions() async throws -> Int
}
