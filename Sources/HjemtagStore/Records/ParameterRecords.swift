import Foundation
import HjemtagCore

/// A value the municipality entered for a parameter (table `parameter_values`).
public struct StoredParameterValue: Sendable, Hashable {
    public var parameterID: String
    public var value: DatedValue
    public init(parameterID: String, value: DatedValue) {
        self.parameterID = parameterID
        self.value = value
    }
}
