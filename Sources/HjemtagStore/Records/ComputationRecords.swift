import Foundation
import HjemtagCore

/// What a stored result was computed from: the imports of the kinds its scheme reads, the
/// municipality's parameter entries in force for the scheme, how many retention deletions had
/// run, and the settings the scheme reads. Compared with the same taken now, it says whether the
/// result is still the one the data and rates give.
public struct ComputationInputs: Codable, Hashable, Sendable {
    public var imports: [Int]
    public var parameterEntries: [Int]
    public var deletions: Int
    public var settings: [String: String]
    /// What SDE's check for costs claimed twice read from mellemkommunal's claims (a fingerprint;
    /// nil for the other schemes, and where no claim counted): another scheme's results, which
    /// no import or setting shows the change of.
    public var passedOnClaims: Int64?

    public init(imports: [Int], parameterEntries: [Int], deletions: Int, settings: [String: String], passedOnClaims: Int64? = nil) {
        self.imports = imports
        self.parameterEntries = parameterEntries
        self.deletions = deletions
        self.settings = settings
        self.passedOnClaims = passedOnClaims
    }
}

/// The latest computation of a scheme (and year, for the schemes computed by year).
public struct StoredComputation: Sendable, Hashable {
    public var scheme: Scheme
    /// Nil for the schemes computed for every year at once (mellemkommunal, resultattilskud, moms).
    public var year: Int?
    public var computedAt: String
    public var computedBy: String
    public var inputs: ComputationInputs

    public init(scheme: Scheme, year: Int?, computedAt: String, computedBy: String, inputs: ComputationInputs) {
        self.scheme = scheme
        self.year = year
        self.computedAt = computedAt
        self.computedBy = computedBy
        self.inputs = inputs
    }
}
