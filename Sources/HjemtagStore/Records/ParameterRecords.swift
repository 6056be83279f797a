import Foundation
import HjemtagCore

/// A value the municipality entered for a parameter (table `parameter_values`), with its place in
/// the parameter's history: in force, superseded by a correction, or withdrawn.
public struct StoredParameterValue: Sendable, Hashable {
    /// The entry's number, shown in the history and named by a withdrawal.
    public var entry: Int
    public var parameterID: String
    public var value: DatedValue
    public var enteredAt: String
    /// The entry that corrected this one (same parameter, same period).
    public var supersededBy: Int?
    public var withdrawal: Withdrawal?

    public struct Withdrawal: Sendable, Hashable {
        public var by: String
        public var at: String
        public var reason: String
        public init(by: String, at: String, reason: String) {
            self.by = by
            self.at = at
            self.reason = reason
        }
    }

    public init(
        entry: Int, parameterID: String, value: DatedValue, enteredAt: String = "", supersededBy: Int? = nil, withdrawal: Withdrawal? = nil
    ) {
        self.entry = entry
        self.parameterID = parameterID
        self.value = value
        self.enteredAt = enteredAt
        self.supersededBy = supersededBy
        self.withdrawal = withdrawal
    }

    public var isActive: Bool { supersededBy == nil && withdrawal == nil }

    /// The entry's state in Danish, for the history.
    public var stateText: String {
        if let w = withdrawal { return "tilbagetrukket af \(w.by): \(w.reason)" }
        if let next = supersededBy { return "erstattet af nr. \(next)" }
        return "gældende"
    }
}
