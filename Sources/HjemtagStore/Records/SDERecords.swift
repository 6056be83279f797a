import Foundation
import HjemtagCore

/// One month of a stored subject or run.
/// An SDE forecast as taken (issue 21 § 1): one scenario's months, the year's refund and its
/// departments, with the day the ledger was known to.
public struct StoredSDEForecast: Sendable, Codable, Hashable {
    public var id: Int
    public var year: Int
    public var asOf: Day
    public var scenario: String
    public var takenAt: String
    public var takenBy: String
    public var totalRefund: Money
    public var months: [MonthFigure]
    public var departments: [String: Money]

    public init(
        id: Int = 0, year: Int, asOf: Day, scenario: String, takenAt: String = "", takenBy: String, totalRefund: Money, months: [MonthFigure],
        departments: [String: Money]
    ) {
        self.id = id
        self.year = year
        self.asOf = asOf
        self.scenario = scenario
        self.takenAt = takenAt
        self.takenBy = takenBy
        self.totalRefund = totalRefund
        self.months = months
        self.departments = departments
    }
}

public struct MonthFigure: Sendable, Codable, Hashable {
    public var month: Month
    public var eligible: Money
    public var refund: Money
    public var covered: Bool

    public init(month: Month, eligible: Money, refund: Money, covered: Bool = true) {
        self.month = month
        self.eligible = eligible
        self.refund = refund
        self.covered = covered
    }
}

/// A stored SDE computation for a year: totals for the pages and the parameters it used.
public struct StoredSDERun: Sendable, Codable {
    public var id: Int
    public var year: Int
    public var computedAt: String
    public var computedBy: String
    public var totalRefund: Money
    public var totalEligible: Money
    public var subjectCount: Int
    /// Refund by tier rate (`"25"`, `"50"`, `"75"`).
    public var tierRefunds: [String: Money]
    public var months: [MonthFigure]
    /// Refund allocated to departments by their share of each subject's eligible expense.
    public var departmentRefunds: [String: Money]
    public var parameters: [ParameterReference]
    /// Moved by every computation of the year, which keeps the run's id (and its subjects' ids):
    /// what a page keeps of a run is kept for its id and revision.
    public var revision: Int

    public init(
        id: Int = 0, year: Int, computedAt: String = "", computedBy: String, totalRefund: Money, totalEligible: Money,
        subjectCount: Int, tierRefunds: [String: Money], months: [MonthFigure], departmentRefunds: [String: Money],
        parameters: [ParameterReference], revision: Int = 0
    ) {
        self.id = id
        self.revision = revision
        self.year = year
        self.computedAt = computedAt
        self.computedBy = computedBy
        self.totalRefund = totalRefund
        self.totalEligible = totalEligible
        self.subjectCount = subjectCount
        self.tierRefunds = tierRefunds
        self.months = months
        self.departmentRefunds = departmentRefunds
        self.parameters = parameters
    }
}

public struct StoredSDESubject: Sendable, Codable {
    public var id: Int
    public var key: String
    public var kind: String
    public var cprs: [CPR]
    public var eligible: Money
    public var refund: Money
    public var claimed: Money
    public var track: String
    public var months: [MonthFigure]
    public var departments: [String: Money]

    public init(
        id: Int = 0, key: String, kind: String, cprs: [CPR], eligible: Money, refund: Money, claimed: Money, track: String,
        months: [MonthFigure], departments: [String: Money]
    ) {
        self.id = id
        self.key = key
        self.kind = kind
        self.cprs = cprs
        self.eligible = eligible
        self.refund = refund
        self.claimed = claimed
        self.track = track
        self.months = months
        self.departments = departments
    }
}
