import HjemtagCore
import Synchronization

/// The active claims as the store read them at one version, each valued on one day: what each is
/// worth and when its next line runs out. The worklist and the mellemkommunal page show every
/// claim's worth on every view; valuing Copenhagen's 1.649 claims line by line, and copying them
/// to do it, was a sixth of the worklist under load (issue 22 § 4). The store keeps one valuation
/// with the claims' version and the day, so it is made again when a claim changes or the day
/// turns, never otherwise.
public struct ValuedClaims: Sendable {
    public let day: Day
    /// This valuation's number, new for each one the process makes: what is made from one (a
    /// page's rows) can be kept under it, and is not used for the next, whichever store or
    /// process changed the claims.
    public let serial: Int
    private static let serials = Atomic<Int>(0)
    /// In id order, both directions.
    public let claims: [StoredClaim]
    /// `claims[i].value(today: day)`.
    public let values: [ClaimValue]
    /// What each claim still claims (`values[i].claimable`, the lines in time on the day it was
    /// sent or, not sent, on `day`) by the year of the help.
    public let claimableByHelpYear: [[Int: Money]]
    /// For a claim not yet sent (`identified`), its next line deadline (`ClaimRules.nextDeadline`,
    /// possibly before `day`); nil for the others. Our claim's urgency is read from it.
    public let deadlines: [Day?]
    /// The positions of our claims and of the received, in id order.
    public let outgoing: [Int]
    public let incoming: [Int]

    public init(_ claims: [StoredClaim], day: Day) {
        self.day = day
        serial = Self.serials.add(1, ordering: .relaxed).newValue
        self.claims = claims
        var values: [ClaimValue] = []
        var byYear: [[Int: Money]] = []
        var deadlines: [Day?] = []
        var outgoing: [Int] = []
        var incoming: [Int] = []
        values.reserveCapacity(claims.count)
        byYear.reserveCapacity(claims.count)
        deadlines.reserveCapacity(claims.count)
        for i in claims.indices {
            values.append(claims[i].value(today: day))
            let raised = claims[i].raisedOn ?? day
            var years: [Int: Money] = [:]
            for line in claims[i].draft.lines where line.isTimely(on: raised) {
                years[line.month.year, default: .zero] = years[line.month.year, default: .zero] + line.amount
            }
            byYear.append(years)
            deadlines.append(claims[i].status == .identified ? ClaimRules.nextDeadline(claims[i].draft.lines, on: day) : nil)
            if claims[i].draft.direction == .outgoing { outgoing.append(i) } else { incoming.append(i) }
        }
        self.values = values
        claimableByHelpYear = byYear
        self.deadlines = deadlines
        self.outgoing = outgoing
        self.incoming = incoming
    }

    /// `claims[i].nextOpenDeadline(today: day, value: values[i])`, from what is kept.
    public func nextOpenDeadline(_ i: Int) -> Day? {
        guard claims[i].status == .identified, values[i].claimable != .zero, let next = deadlines[i], next >= day else { return nil }
        return next
    }
}
