import Foundation

/// How the months after what the ledger knows are filled (issue 21 § 1).
public enum ForecastScenario: String, Sendable, CaseIterable, Codable {
    /// Planned payments where a plan exists; otherwise the current level until a known end.
    case planned = "planlagt"
    /// Every citizen's cost in the last complete month goes on to the year's end.
    case level = "niveau"
    /// The current level, grown by the average growth of the last two years.
    case growth = "vaekst"

    public var title: String {
        switch self {
        case .planned: return "Udgifterne slutter som planlagt"
        case .level: return "Udgifterne fortsætter på nuværende niveau"
        case .growth: return "Udgifterne vokser som de sidste to år"
        }
    }

    public var explanation: String {
        switch self {
        case .planned:
            return
                "Borgere med forventede betalinger i OS2bos får dem som planlagt; de øvrige fortsætter på niveauet i sidste hele måned, til deres indsatser (EG Sensum) slutter."
        case .level: return "Hver borgers udgift i sidste hele måned fortsætter uændret resten af året; kendte slutdatoer bruges ikke."
        case .growth:
            return
                "Som nuværende niveau, men vokset med den gennemsnitlige årlige vækst i SDE-grundlaget de sidste to år, fordelt jævnt over månederne."
        }
    }
}

/// A citizen's costs in the last complete months, summed by what decides how SDE treats them,
/// so the months ahead can repeat them without keeping every posting. Two months are kept: a
/// ledger books a month's help in the next month as often as not, so a citizen whose newest month
/// has nothing booked yet goes on at the month before.
public struct ForecastLevels: Sendable {
    struct Key: Hashable, Sendable {
        var cpr: CPR
        var function: AccountFunction
        var paragraph: String?
        var department: String?
        var paying: Int?
        var art: String?
        var dranst: String?
    }

    /// The newest complete month first, then the one before.
    public let months: [Month]
    var sums: [Key: [Int64]] = [:]

    public init(newest: Month) { months = [newest, newest.adding(-1)] }

    /// Adds the posting's parts that fall in the level months (SDE's periodisation).
    public mutating func add(_ p: Posting) {
        guard let cpr = p.cpr else { return }
        var parts: [Int64] = [0, 0]
        var any = false
        let months = self.months
        SDEPeriodisation.forEachPart(p.amount, over: p.period, postedOn: p.date) { part in
            if let i = months.firstIndex(of: part.month) {
                parts[i] += part.amount.ore
                any = true
            }
        }
        guard any else { return }
        let key = Key(
            cpr: cpr, function: p.function, paragraph: p.paragraph, department: p.department, paying: p.payingMunicipality, art: p.art,
            dranst: p.dranst)
        var sum = sums[key] ?? [0, 0]
        sum[0] += parts[0]
        sum[1] += parts[1]
        sums[key] = sum
    }

    /// The level repeated in each month of `months` after the citizen's level month, grown by
    /// `factor(level month, month)`, up to the citizen's end day (a part month pro rata by days),
    /// except the months `skip` names for them (costs known already, payments planned).
    public func carried(
        into months: [Month], factor: (Month, Month) -> Rational = { _, _ in Rational(1) }, ends: [CPR: Day] = [:],
        skip: (CPR, Month) -> Bool = { _, _ in false }, payer: (CPR, Month) -> Int? = { _, _ in nil }
    ) -> [Posting] {
        var byCPR: [CPR: [(Key, [Int64])]] = [:]
        for (key, values) in sums { byCPR[key.cpr, default: []].append((key, values)) }
        var out: [Posting] = []
        for (cpr, keys) in byCPR {
            // The newest level month in which the citizen has costs at all.
            guard let i = self.months.indices.first(where: { i in keys.reduce(0) { $0 + $1.1[i] } != 0 }) else { continue }
            let level = self.months[i]
            for (key, values) in keys where values[i] != 0 {
                for m in months where m > level && !skip(cpr, m) {
                    var range = m.range
                    if let end = ends[cpr] {
                        guard end >= m.firstDay else { break }
                        if end < m.lastDay { range = DateRange(m.firstDay, end) }
                    }
                    let share = Rational(values[i] * Int64(range.dayCount), Int64(m.dayCount)) * factor(level, m)
                    // After a move that makes another municipality pay (§ 9 c), it bears the cost and
                    // claims the SDE refund (BEK § 1 stk. 3): the month is its.
                    let paying = payer(cpr, m) ?? key.paying
                    out.append(
                        Posting(
                            date: m.firstDay, amount: share.roundedToOre(), function: key.function, dranst: key.dranst, art: key.art, cpr: cpr,
                            paragraph: key.paragraph, period: range, department: key.department, payingMunicipality: paying,
                            text: "prognose: niveau fra \(level.danishName)"
                                + (paying != key.paying ? "; betales af \(zeroPad(paying ?? 0, 3)) efter flytning" : "")))
                }
            }
        }
        return out
    }
}

/// When a subject's monthly test first reaches a higher tier in the months ahead.
public struct TierCrossing: Sendable, Hashable {
    public var subjectKey: String
    public var cprs: [CPR]
    public var rate: Rational
    public var month: Month

    /// Each subject's first forecast month above each tier it was not above in the level month
    /// (monthly test: 12 × expense against the yearly limit, BEK § 3).
    public static func find(_ result: SDEResult, after last: Month) -> [TierCrossing] {
        var out: [TierCrossing] = []
        for s in result.subjects {
            let before = s.months.first { $0.month == last }?.eligible.ore ?? 0
            for tier in result.tiers.tiers.dropFirst() where before * 12 <= tier.threshold.ore {
                if let m = s.months.first(where: { $0.month > last && $0.covered && $0.eligible.ore * 12 > tier.threshold.ore }) {
                    out.append(TierCrossing(subjectKey: s.key, cprs: s.cprs, rate: tier.rate, month: m.month))
                }
            }
        }
        return out.sorted { ($0.month, $0.subjectKey, $0.rate) < ($1.month, $1.subjectKey, $1.rate) }
    }
}
