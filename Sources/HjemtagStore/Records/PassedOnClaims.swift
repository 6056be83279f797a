import HjemtagCore

extension StoredClaim {
    /// A claim we send that still passes its costs on: neither rejected nor dropped. SDE's check
    /// for costs claimed twice reads these (`DoubleClaimCheck`; BEK om den centrale
    /// refusionsordning § 1 stk. 3).
    public var passesOnCosts: Bool { draft.direction == .outgoing && status != .rejected && status != .dropped }

    /// The claim's lines of costs under serviceloven and barnets lov in the year: the only ones in
    /// SDE's test (a claim's costs under § 9 c stk. 1 are not).
    public func serviceLines(in year: Int) -> [ClaimLine] { draft.lines.filter { $0.category == .service && $0.month.year == year } }
}

/// What SDE's check for costs claimed twice reads from the active claims, as one number per
/// year of the service lines passed on: recorded with an SDE year's inputs, so a claim found,
/// changed, rejected or dropped makes that year's result stale and a claim for another year
/// does not (decision 0015). Kept by the store with the claims' version: the staleness check runs
/// on every view of the worklist, the SDE page and the findings list, and going through
/// Copenhagen's 1.649 claims' lines on each halved their requests a second (issue 22 § 4).
public struct PassedOnClaims: Sendable {
    /// By the year of the service lines; a year no claim counts for has none.
    public let fingerprints: [Int: Int64]

    public init(_ claims: [StoredClaim]) {
        var keys: [Int: ContentKey] = [:]
        for claim in claims where claim.passesOnCosts {
            // The years of its service lines, nearly always one (a claim is one payer's year); each
            // year's fingerprint takes the claims in their order whatever order the years are in.
            var years: [Int] = []
            for line in claim.draft.lines where line.category == .service && !years.contains(line.month.year) { years.append(line.month.year) }
            for year in years {
                var key = keys[year] ?? ContentKey()
                key.add(claim.draft.key)
                key.add(claim.draft.cpr)
                key.add(claim.draft.counterpart)
                for line in claim.serviceLines(in: year) {
                    key.add(line.month.index)
                    key.add(line.amount)
                }
                keys[year] = key
            }
        }
        fingerprints = keys.mapValues(\.stored)
    }
}
