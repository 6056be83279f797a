import HjemtagCore

extension StoredClaim {
    /// A claim we send that still passes its costs on: neither rejected nor dropped. SDE's check
    /// for costs claimed twice reads these (`DoubleClaimCheck`; BEK om den centrale
    /// refusionsordning § 1 stk. 3).
    public var passesOnCosts: Bool { draft.direction == .outgoing && status != .rejected && status != .dropped }
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
            let service = claim.draft.lines.lazy.filter { $0.category == .service }
            guard let first = service.first?.month.year else { continue }
            // The years in the order met: nearly always one (a claim is one payer's year).
            var years = [first]
            for line in service where !years.contains(line.month.year) { years.append(line.month.year) }
            for year in years {
                var key = keys[year] ?? ContentKey()
                key.add(claim.draft.key)
                key.add(claim.draft.cpr)
                key.add(claim.draft.counterpart)
                for line in service where line.month.year == year {
                    key.add(line.month.index)
                    key.add(line.amount)
                }
                keys[year] = key
            }
        }
        fingerprints = keys.mapValues(\.stored)
    }
}
