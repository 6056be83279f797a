import Foundation
import HjemtagCore

/// The retention rule: person-level data older than a configured number of years is deleted, in
/// one transaction, and the deletion is itself written to the audit log (GDPR art. 5, stk. 1,
/// litra e: no longer than necessary).
///
/// "Older than N years" is counted in whole financial years, as the five-year rule for accounting
/// material counts ("5 år fra udgangen af det regnskabsår, materialet vedrører", bogføringsloven,
/// LBK 648/2006 § 10, which municipal accounting regulations follow): on any day of 2026 with
/// N = 5, data about 2020 and earlier may go, so the cut-off is 1.1.2021. Fewer than five years
/// is refused: the postings are accounting material, and claims can be reopened within that time.
public struct RetentionRule: Sendable, Hashable {
    public static let settingKey = "opbevaring_aar"
    public static let minimumYears = 5
    public static let source = "https://www.retsinformation.dk/eli/lta/2006/648"

    public let years: Int

    public init(years: Int) throws {
        guard years >= Self.minimumYears, years <= 100 else { throw RetentionError.tooShort(years) }
        self.years = years
    }

    /// The first day that is kept.
    public func cutoff(today: Day) -> Day { Day(year: today.year - years, month: 1, day: 1)! }
}

public enum RetentionError: Error, CustomStringConvertible, Equatable {
    case tooShort(Int)
    case notConfigured

    public var description: String {
        switch self {
        case .tooShort(let n):
            return
                "Opbevaringsperioden skal være mellem \(RetentionRule.minimumYears) og 100 år (ikke \(n)): regnskabsmateriale skal gemmes i 5 år fra regnskabsårets udgang (bogføringslovens femårsregel)."
        case .notConfigured:
            return "Der er ikke sat en opbevaringsperiode. Sæt den med: hjemtag opbevaring --aar N (mindst \(RetentionRule.minimumYears))."
        }
    }
}

/// What the rule deletes (or would delete): rows per kind of data, and archived files emptied.
public struct RetentionReport: Sendable, Codable, Hashable {
    public struct Line: Sendable, Codable, Hashable {
        public var what: String
        public var rows: Int
        public init(what: String, rows: Int) {
            self.what = what
            self.rows = rows
        }
    }
    public var cutoff: Day
    public var applied: Bool
    public var lines: [Line]
    /// Citizens whose staircase counters at the cut-off are kept in place of their deleted benefit
    /// history, so the kept years compute as before.
    public var keptCounters = 0
    public var total: Int { lines.reduce(0) { $0 + $1.rows } }
    public init(cutoff: Day, applied: Bool, lines: [Line]) {
        self.cutoff = cutoff
        self.applied = applied
        self.lines = lines
    }
}
