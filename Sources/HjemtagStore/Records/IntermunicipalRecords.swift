import Foundation
import HjemtagCore

/// A stored residence episode with its row id (the opaque key pages use instead of a CPR number).
public struct StoredEpisode: Sendable, Codable, Hashable {
    public var id: Int
    public var episode: ResidenceEpisode
    public init(id: Int, episode: ResidenceEpisode) {
        self.id = id
        self.episode = episode
    }
}

public enum ClaimDirection: String, Sendable, Codable {
    case outgoing = "ud"
    case incoming = "ind"

    public var danishName: String { self == .outgoing ? "vores krav" : "modtaget krav" }
}

/// A claim as computed by the robot, before the store merges it with its saved status.
public struct ClaimDraft: Sendable, Codable {
    public var direction: ClaimDirection
    public var key: String
    public var cpr: CPR
    public var counterpart: Int
    public var from: Day
    public var to: Day
    public var amount: Money
    public var accepted: Money?
    public var legalBasis: String
    public var deadline: Day?
    public var receivedOn: Day?
    public var reference: String?
    public var verdict: ClaimVerdict.Kind?
    public var reasons: [String]
    public var lines: [ClaimLine]

    public init(
        direction: ClaimDirection, key: String, cpr: CPR, counterpart: Int, from: Day, to: Day, amount: Money, accepted: Money? = nil,
        legalBasis: String, deadline: Day?, receivedOn: Day? = nil, reference: String? = nil, verdict: ClaimVerdict.Kind? = nil,
        reasons: [String] = [], lines: [ClaimLine] = []
    ) {
        self.direction = direction
        self.key = key
        self.cpr = cpr
        self.counterpart = counterpart
        self.from = from
        self.to = to
        self.amount = amount
        self.accepted = accepted
        self.legalBasis = legalBasis
        self.deadline = deadline
        self.receivedOn = receivedOn
        self.reference = reference
        self.verdict = verdict
        self.reasons = reasons
        self.lines = lines
    }

    public var initialStatus: ClaimStatus { direction == .outgoing ? .identified : .received }
}

public struct StoredClaim: Sendable, Codable {
    public var id: Int
    public var draft: ClaimDraft
    public var status: ClaimStatus
    public var active: Bool
    public var updatedAt: String
    /// The day the claim was sent to the paying municipality: the deadline is met for the help it
    /// still covered then. Nil while it has not been sent.
    public var raisedOn: Day?

    public init(id: Int, draft: ClaimDraft, status: ClaimStatus, active: Bool, updatedAt: String, raisedOn: Day? = nil) {
        self.id = id
        self.draft = draft
        self.status = status
        self.active = active
        self.updatedAt = updatedAt
        self.raisedOn = raisedOn
    }
}

public struct ClaimEvent: Sendable, Codable {
    public var at: String
    public var username: String
    public var from: ClaimStatus?
    public var to: ClaimStatus
    public var note: String?

    public init(at: String, username: String, from: ClaimStatus?, to: ClaimStatus, note: String?) {
        self.at = at
        self.username = username
        self.from = from
        self.to = to
        self.note = note
    }
}

public enum ClaimError: Error, Sendable, CustomStringConvertible {
    case notFound(Int)
    case transition(from: ClaimStatus, to: ClaimStatus)

    public var description: String {
        switch self {
        case .notFound(let id): return "krav \(id) findes ikke"
        case .transition(let from, let to):
            let allowed = from.next.map(\.danishName).joined(separator: ", ")
            return "et krav med status '\(from.danishName)' kan ikke ændres til '\(to.danishName)'"
                + (allowed.isEmpty ? " (det er afsluttet)" : " (mulige: \(allowed))")
        }
    }
}

extension StoredClaim {
    /// What the claim is worth: the help claimable on the day it was sent, or, not sent yet, today.
    public func value(today: Day) -> ClaimValue { ClaimValue(draft.lines, raisedOn: raisedOn ?? today) }

    /// The next deadline, on or after `today`, of a claim not yet sent with money still to claim
    /// (`value` is its value today); nil otherwise.
    public func nextOpenDeadline(today: Day, value: ClaimValue) -> Day? {
        guard status == .identified, value.claimable != .zero, let next = ClaimRules.nextDeadline(draft.lines, on: today), next >= today else {
            return nil
        }
        return next
    }
}
