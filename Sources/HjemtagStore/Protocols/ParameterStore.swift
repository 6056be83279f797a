import Foundation
import HjemtagCore
import HjemtagImport

/// The municipality's own entries of rule parameters (a year's SDE limits, say), versioned: a
/// correction supersedes an entry and a withdrawal ends one, and both stay in the history.
public protocol ParameterStore: Sendable {
    /// Every entry ever made, in the order entered, with its state.
    func storedParameterValues() async throws -> [StoredParameterValue]
    /// Stores entries in one transaction, each superseding the entry in force for exactly its
    /// parameter and period, with a line in the audit log per entry (`origin` says where they
    /// came from: the web, the CLI, a parameter file). Validate with `enterParameterValues`.
    func addParameterValues(_ entries: [ParameterEntry], by: String, origin: String) async throws -> [StoredParameterValue]
    /// Ends an entry in force, with who and why, and a line in the audit log.
    func withdrawParameterValue(entry: Int, by: String, reason: String) async throws -> StoredParameterValue
    /// The years each scheme has stored data for: the years whose parameters `parametre tjek` checks.
    func dataYears() async throws -> [Scheme: ClosedRange<Int>]
}

extension ParameterStore {
    /// The shipped parameters with the entries in force applied.
    public func parameterSet() async throws -> ParameterSet { try ParameterSet.applying(try await storedParameterValues()) }

    /// `parametre tjek` for every year with data, on `today`. The worklist shows it on every view,
    /// where it was a twentieth of the page under load at Copenhagen's size (issue 22 § 4): the
    /// last check is kept with the whole of what it was made from (the entries, the data years,
    /// the day), compared whole, so no entry, import or deletion by any process can be missed.
    public func parameterCheck(today: Day) async throws -> [ParameterCheckProblem] {
        let inputs = ParameterCheckInputs(entries: try await storedParameterValues(), years: try await dataYears(), today: today)
        return try await ParameterCheckInputs.last.value(at: inputs) {
            try ParameterSet.applying(inputs.entries).check(years: inputs.years, today: today)
        }
    }

    /// Checks entries against every rule (each in turn, on the set the earlier ones make) and
    /// stores them all, or refuses with the first broken rule and stores none. Entries read from
    /// a parameter file are refused with the file, line and column, like any import.
    @discardableResult
    public func enterParameterValues(
        _ entries: [ParameterEntry], by user: String, origin: String, file: String? = nil
    ) async throws -> [StoredParameterValue] {
        var set = try await parameterSet()
        for e in entries {
            do throws(ParameterEntryError) { set = try set.entering(e.value, for: e.parameterID) } catch {
                guard let file, let line = e.line else { throw error }
                let column = ParameterFile.columns.firstIndex(of: error.column) ?? 0
                throw ImportError.invalidRows(
                    [ImportProblem(file: file, line: line, column: column + 1, columnName: error.column, reason: error.description)],
                    totalProblems: 1)
            }
        }
        return try await addParameterValues(entries, by: user, origin: origin)
    }

    /// Withdraws an entry in force after checking that the tiers still rise without it.
    @discardableResult
    public func withdrawParameterEntry(_ entry: Int, by user: String, reason: String) async throws -> StoredParameterValue {
        let trimmed = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard trimmed.count >= 10 else { throw ParameterEntryError.reasonMissing }
        guard let stored = try await storedParameterValues().first(where: { $0.entry == entry }) else {
            throw ParameterEntryError.notFound(entry: entry)
        }
        guard stored.isActive else { throw ParameterEntryError.notActive(entry: entry, state: stored.stateText) }
        _ = try await parameterSet().withdrawing(stored.value, from: stored.parameterID)
        return try await withdrawParameterValue(entry: entry, by: user, reason: trimmed)
    }
}

extension ParameterSet {
    /// The shipped parameters with the entries in force among `stored` applied.
    public static func applying(_ stored: [StoredParameterValue]) throws -> ParameterSet {
        var set = try ParameterSet.bundled()
        for entry in stored where entry.isActive { try set.apply(override: entry.value, to: entry.parameterID) }
        return set
    }
}

/// Everything a parameter check is made from: the key the last check is kept at.
struct ParameterCheckInputs: Equatable, Sendable {
    let entries: [StoredParameterValue]
    let years: [Scheme: ClosedRange<Int>]
    let today: Day

    static let last = KeptValue<ParameterCheckInputs, [ParameterCheckProblem]>()
}
