/// A robot result: something a person should act on, with the money at stake. Findings are
/// symmetric: money the municipality owes back is reported as plainly as money to claim.
public struct Finding: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Codable, CaseIterable {
        /// Money the municipality can claim.
        case claim = "hjemtag"
        /// Money the municipality has taken and must pay back.
        case payBack = "tilbagebetal"
        /// No amount to move, but something to check.
        case check = "undersoeg"

        public var danishName: String {
            switch self {
            case .claim: return "kan hjemtages"
            case .payBack: return "skal betales tilbage"
            case .check: return "bør undersøges"
            }
        }
    }

    public var scheme: Scheme
    public var year: Int
    public var kind: String
    /// Stable across runs, so a caseworker's status survives a recomputation.
    public var subjectKey: String
    public var cprs: [CPR]
    public var amount: Money
    public var direction: Direction
    public var text: String

    public init(scheme: Scheme, year: Int, kind: String, subjectKey: String, cprs: [CPR], amount: Money, direction: Direction, text: String) {
        self.scheme = scheme
        self.year = year
        self.kind = kind
        self.subjectKey = subjectKey
        self.cprs = cprs
        self.amount = amount
        self.direction = direction
        self.text = text
    }
}

/// Where a finding stands in the caseworker's handling.
public enum FindingStatus: String, Sendable, Codable, CaseIterable {
    case new = "ny"
    case investigating = "undersoeges"
    case recovered = "hjemtaget"
    case rejected = "afvist"

    public var danishName: String {
        switch self {
        case .new: return "ny"
        case .investigating: return "undersøges"
        case .recovered: return "hjemtaget"
        case .rejected: return "afvist"
        }
    }

    public init?(parsing text: String) {
        let key = ColumnName.normalise(text)
        guard let s = FindingStatus.allCases.first(where: { ColumnName.normalise($0.rawValue) == key || ColumnName.normalise($0.danishName) == key })
        else { return nil }
        self = s
    }
}
