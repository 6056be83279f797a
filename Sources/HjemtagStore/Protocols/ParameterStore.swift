import Foundation
import HjemtagCore

/// The municipality's own entries of rule parameters (a year's SDE limits, say).
public protocol ParameterStore: Sendable {
    /// Every entered value, in the order entered.
    func storedParameterValues() async throws -> [StoredParameterValue]
    /// Stores an entered value; validated by the caller against the parameter's definition.
    func addParameterValue(_ id: String, _ value: DatedValue) async throws
}

extension ParameterStore {
    /// The shipped parameters with the municipality's own entries applied.
    public func parameterSet() async throws -> ParameterSet {
        var set = try ParameterSet.bundled()
        for stored in try await storedParameterValues() {
            try set.apply(override: stored.value, to: stored.parameterID)
        }
        return set
    }
}
