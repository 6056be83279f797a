/// One case of a savings scenario (seed 004: initiatives that change what a citizen's help costs,
/// or move it "fra serviceloven til LAB ... på grund af forskelle i refusionsmuligheder"): from
/// `from`, the citizen's costs become `monthlyCost` under `legalBasis`, or are paid as `benefit`
/// on the refund staircase, and end after `end`.
public struct ScenarioCase: Sendable, Hashable {
    public var cpr: CPR
    public var from: Day
    /// The monthly cost from `from`; nil: the cost goes on as it is (only its basis or end changes).
    public var monthlyCost: Money?
    /// The cost's new legal basis as OS2bos writes it (`SEL-107`, `LAB-...`); nil: unchanged.
    public var legalBasis: String?
    /// The benefit code (`Benefit.catalogue`) the new cost is paid as under LAB: then it is on the
    /// refund staircase (finansieringsloven §§ 5-6) and no longer a service cost.
    public var benefit: String?
    /// The last day the changed cost runs; after it the case costs nothing. Nil: it runs on.
    public var end: Day?
    /// Only the citizen's postings on this function; nil: all their costs.
    public var function: AccountFunction?
    /// The reduction-plan initiative the case belongs to.
    public var initiative: String?
    public var text: String?
    /// The line of the scenario file (0 when entered in a form).
    public var line: Int

    public init(
        cpr: CPR, from: Day, monthlyCost: Money? = nil, legalBasis: String? = nil, benefit: String? = nil, end: Day? = nil,
        function: AccountFunction? = nil, initiative: String? = nil, text: String? = nil, line: Int = 0
    ) {
        self.cpr = cpr
        self.from = from
        self.monthlyCost = monthlyCost
        self.legalBasis = legalBasis
        self.benefit = benefit
        self.end = end
        self.function = function
        self.initiative = initiative
        self.text = text
        self.line = line
    }

    /// What changes, in Danish, for the explanation.
    public var changeText: String {
        var parts: [String] = []
        if let monthlyCost { parts.append("ny udgift \(monthlyCost.danishKroner) om måneden") }
        if let benefit { parts.append("udbetales som \(Benefit.lookup(benefit)?.name ?? benefit) efter LAB (refusionstrappen)") }
        if let legalBasis { parts.append("ny hjemmel \(legalBasis)") }
        if let end { parts.append("ophører efter \(end.danish)") }
        if parts.isEmpty { parts.append("ingen ændring angivet") }
        return "fra \(from.danish): " + parts.joined(separator: ", ")
    }
}

/// The change a scenario makes to the municipality's economy in one year. Costs and refunds keep
/// the ledger's sign: a saving is a negative change in cost, a lost refund a negative change in
/// refund. The net change is what the municipality's own account carries.
public struct ScenarioEffect: Sendable, Hashable, Codable {
    /// The change in gross cost (service costs and benefits paid).
    public var grossCost = Money.zero
    /// The change in SDE refund (serviceloven § 176, barnets lov § 198).
    public var sdeRefund = Money.zero
    /// The change in refund on the staircase (finansieringsloven § 5).
    public var staircaseRefund = Money.zero
    /// The change in what another municipality pays us under retssikkerhedsloven § 9 c.
    public var intermunicipal = Money.zero

    public init(grossCost: Money = .zero, sdeRefund: Money = .zero, staircaseRefund: Money = .zero, intermunicipal: Money = .zero) {
        self.grossCost = grossCost
        self.sdeRefund = sdeRefund
        self.staircaseRefund = staircaseRefund
        self.intermunicipal = intermunicipal
    }

    /// The change in the municipality's net cost: gross less every refund and payment it loses or gains.
    public var net: Money { grossCost - sdeRefund - staircaseRefund - intermunicipal }

    public static func + (a: ScenarioEffect, b: ScenarioEffect) -> ScenarioEffect {
        ScenarioEffect(
            grossCost: a.grossCost + b.grossCost, sdeRefund: a.sdeRefund + b.sdeRefund, staircaseRefund: a.staircaseRefund + b.staircaseRefund,
            intermunicipal: a.intermunicipal + b.intermunicipal)
    }
}

/// Turns a citizen's postings into what they would be under a scenario case. Postings are first
/// cut into their months (`monthlyParts`), so a change from a day inside a month moves only the
/// days from it; the baseline is cut the same way, so nothing differs between the two but the case.
public enum ScenarioLedger {
    /// Each periodised posting as one posting per month it covers, with its share (the SDE rule's
    /// periodisation, `SDEPeriodisation`, so the calculators see the same amounts per month). A
    /// one-off is left whole: the SDE rule spreads it over its year either way.
    public static func monthlyParts(_ postings: [Posting]) -> [Posting] {
        var out: [Posting] = []
        out.reserveCapacity(postings.count)
        for p in postings {
            guard let period = p.period, period.start.month != period.end.month else {
                out.append(p)
                continue
            }
            SDEPeriodisation.forEachPart(p.amount, over: period, postedOn: p.date) { part in
                var q = p
                q.amount = part.amount
                q.period = period.intersection(part.month.range)
                out.append(q)
            }
        }
        return out
    }

    /// The baseline carried past what the ledger knows: a citizen's costs in the last complete month
    /// on or before `horizon` go on unchanged in each later month of `year` in which they have none
    /// (the "current level"). Returns the postings added.
    public static func continuation(of parts: [Posting], horizon: Day, year: Int) -> [Posting] {
        let last = horizon == horizon.month.lastDay ? horizon.month : horizon.month.adding(-1)
        let yearEnd = Month(year: year, month: 12)
        guard last < yearEnd else { return [] }
        var byCPR: [CPR: [Posting]] = [:]
        var covered: [CPR: Set<Month>] = [:]
        for p in parts {
            guard let cpr = p.cpr else { continue }
            let months = p.period.map { r in r.months().map(\.month) } ?? [p.date.month]
            covered[cpr, default: []].formUnion(months)
            if let r = p.period, r.start.month == last, r.end.month == last { byCPR[cpr, default: []].append(p) }
        }
        var out: [Posting] = []
        for (cpr, levels) in byCPR.sorted(by: { $0.key < $1.key }) {
            var m = max(last.adding(1), Month(year: year, month: 1))
            while m <= yearEnd {
                if covered[cpr]?.contains(m) != true {
                    for p in levels {
                        var q = p
                        q.period = m.range
                        q.date = m.firstDay
                        q.voucher = nil
                        q.text = "fortsat fra \(last.danishName)"
                        out.append(q)
                    }
                }
                m = m.adding(1)
            }
        }
        return out
    }

    /// The parts under a case: the case's costs before `from` stay, those from `from` to `end`
    /// change, those after `end` go. `excluded` are functions that are not costs (refund income).
    /// Returns the changed postings, and the benefit payments when the case moves to LAB.
    public static func apply(
        _ c: ScenarioCase, to parts: [Posting], through yearEnd: Day, excluded: Set<AccountFunction> = [], benefit: Benefit? = nil
    ) -> (postings: [Posting], benefits: [BenefitPayment]) {
        var out: [Posting] = []
        var moved: [(DateRange, Money)] = []
        let end = min(c.end ?? yearEnd, yearEnd)
        for p in parts {
            guard p.cpr == c.cpr, !excluded.contains(p.function), c.function == nil || c.function == p.function else {
                out.append(p)
                continue
            }
            guard let period = p.period else {
                // A one-off from the day on is part of the changed cost; before it, it stays.
                if p.date < c.from {
                    out.append(p)
                } else if c.monthlyCost == nil && p.date <= end {
                    if benefit != nil { moved.append((DateRange(p.date, p.date), p.amount)) } else { out.append(rebased(p, c)) }
                }
                continue
            }
            for (range, amount, phase) in split(p.amount, over: period, from: c.from, end: end) {
                var q = p
                q.period = range
                q.amount = amount
                switch phase {
                case .before: out.append(q)
                case .changed where c.monthlyCost == nil:
                    if benefit != nil { moved.append((range, amount)) } else { out.append(rebased(q, c)) }
                case .changed, .after: break
                }
            }
        }
        var benefits = moved.map { BenefitPayment(cpr: c.cpr, benefit: benefit!, period: $0.0, amount: $0.1, source: "scenarie") }
        if let monthly = c.monthlyCost, c.from <= end {
            let mix = costMix(c, parts, excluded: excluded)
            for span in DateRange(c.from, end).months() {
                let days = DateRange(max(c.from, span.month.firstDay), min(end, span.month.lastDay))
                let amount = Rational(monthly.ore * Int64(span.days), Int64(span.month.dayCount)).roundedToOre()
                if let benefit {
                    benefits.append(BenefitPayment(cpr: c.cpr, benefit: benefit, period: days, amount: amount, source: "scenarie"))
                    continue
                }
                // The new cost keeps the make-up of the costs it replaces: each kind of cost (account,
                // law, department, payer) its share of the last month before the change.
                let total = mix.reduce(Int64(0)) { $0 + $1.1 }
                var used: Int64 = 0
                for (i, (template, weight)) in mix.enumerated() {
                    let share = i == mix.count - 1 ? amount.ore - used : amount.ore * weight / total
                    used += share
                    var q = template
                    q.date = days.start
                    q.period = days
                    q.amount = Money(ore: share)
                    q.voucher = nil
                    q.text = "scenarie: \(c.changeText)"
                    q.extra = [:]
                    out.append(rebased(q, c))
                }
            }
        }
        return (out, benefits)
    }

    /// The case's positive costs in the last month before the change with any, one posting per kind
    /// of cost with its amount; without earlier costs, the case's largest cost posting.
    static func costMix(_ c: ScenarioCase, _ parts: [Posting], excluded: Set<AccountFunction>) -> [(Posting, Int64)] {
        let mine = parts.filter {
            $0.cpr == c.cpr && !excluded.contains($0.function) && (c.function == nil || c.function == $0.function) && $0.amount.ore > 0
        }
        let before = mine.compactMap { p -> (Month, Posting)? in
            guard let r = p.period, r.start.month == r.end.month, r.start < c.from else { return nil }
            return (r.start.month, p)
        }
        if let last = before.map(\.0).max() {
            var byKind: [String: (Posting, Int64)] = [:]
            for (m, p) in before where m == last {
                let kind = [p.function.description, p.paragraph ?? "", p.department ?? "", p.payingMunicipality.map(String.init) ?? "", p.art ?? ""]
                    .joined(separator: "|")
                byKind[kind] = (byKind[kind]?.0 ?? p, (byKind[kind]?.1 ?? 0) + p.amount.ore)
            }
            return byKind.sorted { $0.key < $1.key }.map(\.value)
        }
        return mine.max { $0.amount < $1.amount }.map { [($0, Int64(1))] } ?? []
    }

    private static func rebased(_ p: Posting, _ c: ScenarioCase) -> Posting {
        var q = p
        if let basis = c.legalBasis { q.paragraph = basis }
        return q
    }

    enum Phase { case before, changed, after }

    /// A period's amount split by days at `from` and after `end`; the last piece takes the rest.
    static func split(_ amount: Money, over period: DateRange, from: Day, end: Day) -> [(DateRange, Money, Phase)] {
        var pieces: [(DateRange, Phase)] = []
        if period.start < from { pieces.append((DateRange(period.start, min(period.end, from.adding(days: -1))), .before)) }
        if let changed = DateRange.checked(max(period.start, from), min(period.end, end)) { pieces.append((changed, .changed)) }
        if period.end > end, let after = DateRange.checked(max(period.start, end.adding(days: 1), from), period.end) {
            pieces.append((after, .after))
        }
        guard pieces.count > 1 else { return pieces.map { ($0.0, amount, $0.1) } }
        var used: Int64 = 0
        let total = Int64(period.dayCount)
        return pieces.enumerated().map { i, piece in
            let share = i == pieces.count - 1 ? amount.ore - used : amount.ore * Int64(piece.0.dayCount) / total
            used += share
            return (piece.0, Money(ore: share), piece.1)
        }
    }
}
