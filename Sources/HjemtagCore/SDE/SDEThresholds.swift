/// The year's limits and rates (serviceloven § 176 stk. 1; before 2021 also § 176 a for children),
/// each with its parameter reference, so every monthly test can say where its numbers came from.
public struct SDETiers: Sendable, Hashable {
    public struct Tier: Sendable, Hashable {
        /// Yearly limit above which `rate` applies.
        public var threshold: Money
        public var rate: Rational
        public var thresholdRef: ParameterReference
        public var rateRef: ParameterReference
    }

    public var tiers: [Tier]
    /// "voksne" / "børn (§ 176 a)" — for explanations.
    public var track: String

    public var firstThreshold: Money { tiers[0].threshold }

    /// Each tier's slice of one month's net eligible expense, in twelfths of an øre: 12 × the part
    /// of the expense between the tier's monthly limit and the next's, (min(12E, T_{k+1}) − T_k)⁺,
    /// so no limit is rounded. The one place the limits are applied; tiers with no slice are left out.
    @inlinable
    public func forEachSlice(_ expense: Money, _ body: (Tier, Int64) -> Void) {
        guard expense.ore > 0 else { return }
        let twelveE = expense.ore * 12
        for (k, tier) in tiers.enumerated() {
            let upper = k + 1 < tiers.count ? min(twelveE, tiers[k + 1].threshold.ore) : twelveE
            let slice = upper - tier.threshold.ore
            if slice > 0 { body(tier, slice) }
        }
    }

    /// The refund for one month's net eligible expense, exactly: Σ rate_k × (min(E, T_{k+1}/12) − T_k/12)⁺,
    /// that is Σ rate_k × slice_k / 12 in the twelfths of `forEachSlice`.
    public func monthlyRefund(_ expense: Money) -> Rational {
        var total = Rational.zero
        forEachSlice(expense) { tier, slice in total = total + tier.rate * Rational(slice) }
        return total / Rational(12)
    }

    /// The part of the monthly refund from each tier, for the explanation.
    public func monthlyBreakdown(_ expense: Money) -> [(tier: Tier, base: Rational, refund: Rational)] {
        var out: [(Tier, Rational, Rational)] = []
        forEachSlice(expense) { tier, slice in
            let base = Rational(slice, 12)
            out.append((tier, base, tier.rate * base))
        }
        return out
    }

    /// The year's general tiers: two before 2021, three from 2021 (L 197, lov 1060/2020).
    public static func general(year: Int, parameters: ParameterSet) throws(ParameterError) -> SDETiers {
        let day = Day(year: year, month: 1, day: 1)!
        var ids = [("sde.graense.t1", "sde.sats.t1"), ("sde.graense.t2", "sde.sats.t2")]
        if year >= 2021 { ids.append(("sde.graense.t3", "sde.sats.t3")) }
        return SDETiers(tiers: try ids.map { (t, r) throws(ParameterError) in try tier(t, r, day, parameters) }, track: "generel")
    }

    /// The children's track of § 176 a (2013-2020): under 18, or support under § 76.
    public static func children(year: Int, parameters: ParameterSet) throws(ParameterError) -> SDETiers {
        let day = Day(year: year, month: 1, day: 1)!
        let ids = [("sde.boern.graense.t1", "sde.sats.t1"), ("sde.boern.graense.t2", "sde.sats.t2")]
        return SDETiers(tiers: try ids.map { (t, r) throws(ParameterError) in try tier(t, r, day, parameters) }, track: "børn (§ 176 a)")
    }

    private static func tier(_ t: String, _ r: String, _ day: Day, _ p: ParameterSet) throws(ParameterError) -> Tier {
        let (threshold, tref) = try p.money(t, on: day)
        let (rate, rref) = try p.rate(r, on: day)
        return Tier(threshold: threshold, rate: rate, thresholdRef: tref, rateRef: rref)
    }
}
