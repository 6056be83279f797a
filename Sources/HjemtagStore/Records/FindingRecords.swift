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

    public init(
        id: Int, finding: Finding, status: FindingStatus, note: String?, updatedBy: String?, updatedAt: String, active: Bool = true,
        createdAt: String = ""
    ) {
        self.createdAt = createdAt
        self.id = id
        self.finding = finding
        self.status = status
        self.note = note
        self.updatedBy = updatedBy
        self.updatedAt = updatedAt
        self.active = active
    }
}
