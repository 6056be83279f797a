import Foundation
import HjemtagCore

/// A scheme's active findings for a year, summed.
public struct FindingTotals: Sendable, Hashable {
    public var claim = Money.zero
    public var payBack = Money.zero
    public var count = 0
    public init() {}

    /// The same sums over a list already read (a caseworker's own findings).
    public init(summing findings: [StoredFinding]) {
        count = findings.count
        for f in findings {
            switch f.finding.direction {
            case .claim: claim = claim + f.finding.amount
            case .payBack: payBack = payBack + f.finding.amount
            case .check: break
            }
        }
    }
}

public struct StoredFinding: Sendable, Codable {
    public var id: Int
    public var finding: Finding
    public var status: FindingStatus
    public var note: String?
    public var updatedBy: String?
    public var updatedAt: String
    /// False once a later computation no longer finds it (kept for its history and status).
    public var active: Bool
    public var createdAt: String
    /// The user who is to handle it, if someone is.
    public var assignedTo: String?

    public init(
        id: Int, finding: Finding, status: FindingStatus, note: String?, updatedBy: String?, updatedAt: String, active: Bool = true,
        createdAt: String = "", assignedTo: String? = nil
    ) {
        self.createdAt = createdAt
        self.assignedTo = assignedTo
        self.id = id
        self.finding = finding
        self.status = status
        self.note = note
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.active = active
    }
}

/// One change to a finding's handling: a status set (with its note) or an assignment.
public struct FindingEvent: Sendable, Codable, Hashable {
    public enum Change: Sendable, Codable, Hashable {
        case status(from: FindingStatus?, to: FindingStatus)
        /// `nil`: no longer assigned to anyone.
        case assignment(to: String?)
    }
    public var at: String
    public var username: String
    public var change: Change
    public var note: String?

    public init(at: String, username: String, change: Change, note: String?) {
        self.at = at
        self.username = username
        self.change = change
        self.note = note
    }
}

/// The column a list of findings is sorted by.
public enum FindingOrder: String, Sendable, CaseIterable {
    case amount, id, scheme, year, kind, direction, status, assignee, updated
}

/// Which findings a list shows, and in what order. Every filter that is nil lets everything
/// through.
public struct FindingQuery: Sendable, Hashable {
    public var scheme: Scheme?
    public var year: Int?
    public var status: FindingStatus?
    public var direction: Finding.Direction?
    /// Only findings about this citizen.
    public var cpr: CPR?
    /// Only findings assigned to this user; the empty string: assigned to nobody.
    public var assignee: String?
    /// The amount's bounds, both included.
    public var minimum: Money?
    public var maximum: Money?
    /// Only findings about one of these citizens (a department's, a caseworker's sight).
    public var persons: Set<CPR>?
    /// Whether findings that name no citizen (moms, postings without CPR) pass `persons`.
    public var includeUnnamed = true
    public var order = FindingOrder.amount
    public var descending = true
    public var includeInactive = false
    /// Only findings changed at or after this moment (`updated_at`, ISO 8601).
    public var updatedSince: String?

    public init(scheme: Scheme? = nil, year: Int? = nil) {
        self.scheme = scheme
        self.year = year
    }

    /// Whether the query asks only what the kept totals per scheme, year, direction and status answer.
    public var isAnsweredByTotals: Bool {
        cpr == nil && assignee == nil && minimum == nil && maximum == nil && persons == nil && !includeInactive
            && updatedSince == nil
    }

    /// Whether a finding passes the filters that are read in Swift rather than the database.
    public func admits(_ f: StoredFinding) -> Bool {
        if let cpr, !f.finding.cprs.contains(cpr) { return false }
        guard let persons else { return true }
        if f.finding.cprs.isEmpty { return includeUnnamed }
        return f.finding.cprs.contains(where: persons.contains)
    }
}

/// A page of findings with the totals and count of every finding the query lets through.
public struct FindingSelection: Sendable {
    public var findings: [StoredFinding]
    public var totals: FindingTotals

    public init(findings: [StoredFinding], totals: FindingTotals) {
        self.findings = findings
        self.totals = totals
    }
}

/// What a user changes on one or more findings; nil keeps what is there.
public struct FindingChange: Sendable, Hashable {
    public enum Assignee: Sendable, Hashable {
        case nobody
        case user(String)

        public var username: String? {
            if case .user(let name) = self { return name }
            return nil
        }
    }
    public var status: FindingStatus?
    /// Saved with the status; a change of assignment alone keeps the finding's note.
    public var note: String?
    public var assignee: Assignee?

    public init(status: FindingStatus? = nil, note: String? = nil, assignee: Assignee? = nil) {
        self.status = status
        self.note = note
        self.assignee = assignee
    }
}
