import Foundation
import HjemtagCore
import HjemtagStore

/// The staircase looked ahead (issue 21 § 1): every benefit paid in the last complete week goes on
/// weekly to the year's end at that week's amount, on each person's own count of weeks, so the
/// year's refund and the week each person reaches the next step (lower refund) are known.
public struct StaircaseForecast: Sendable {
    public struct Step: Sendable, Hashable {
        public var cpr: CPR
        public var week: ISOWeek
        public var step: Int
        public var rate: Rational
    }

    public var year: Int
    /// The last complete ISO week the payments are known for.
    public var lastWeek: ISOWeek
    public var knownRefund: Money
    public var refund: Money
    public var coFinancing: Money
    /// Persons with a benefit in the last week, whose spell is taken to go on.
    public var continuing: Int
    public var steps: [Step]

    public static func make(year: Int, asOf: Day, store: any Store) async throws -> StaircaseForecast {
        let first = Day(year: year, month: 1, day: 1)!
        let last = Day(year: year, month: 12, day: 31)!
        let week = ISOWeek(containing: asOf.adding(days: 1)).monday.adding(days: -7) // the last week ending on or before asOf
        let lastWeek = ISOWeek(containing: week)
        let weekRange = DateRange(lastWeek.monday, lastWeek.monday.adding(days: 6))
        var calc = try await StaircaseService(store: store).calculator(from: first, to: last, knownBy: asOf)
        let known = calc
        // Each person's benefits in the last week, by benefit: the amount that goes on after what
        // is paid already (a payment known by the day may run on past it).
        var weekly: [CPR: [String: (Benefit, Int64)]] = [:]
        var paidUntil: [CPR: [String: Day]] = [:]
        let payments = try await store.benefitPayments().filter { $0.period.start <= asOf }
        for p in payments { paidUntil[p.cpr, default: [:]][p.benefit.code] = max(paidUntil[p.cpr]?[p.benefit.code] ?? p.period.end, p.period.end) }
        for p in payments where p.period.start <= weekRange.end && p.period.end >= weekRange.start {
            guard let inside = p.period.intersection(weekRange) else { continue }
            let share = p.amount.ore * Int64(inside.dayCount) / Int64(p.period.dayCount)
            var e = weekly[p.cpr, default: [:]][p.benefit.code] ?? (p.benefit, 0)
            e.1 += share
            weekly[p.cpr, default: [:]][p.benefit.code] = e
        }
        var monday = lastWeek.monday.adding(days: 7)
        while monday <= last {
            for (cpr, benefits) in weekly {
                for (benefit, ore) in benefits.values where ore > 0 && paidUntil[cpr]?[benefit.code].map { $0 < monday } ?? true {
                    calc.add(
                        BenefitPayment(
                            cpr: cpr, benefit: benefit, period: DateRange(monday, monday.adding(days: 6)), amount: Money(ore: ore), source: "prognose"
                        ))
                }
            }
            monday = monday.adding(days: 7)
        }
        let knownResult = known.result()
        let result = calc.result()
        let inYear = { (w: StaircaseWeek) in w.week.monday >= ISOWeek(containing: first).monday && w.week.monday <= last }
        var stepAtLast: [CPR: Int] = [:]
        for w in result.weeks where w.week == lastWeek { stepAtLast[w.cpr] = max(stepAtLast[w.cpr] ?? 0, w.step) }
        var steps: [Step] = []
        var seen: Set<CPR> = []
        for w in result.weeks.sorted(by: { ($0.week, $0.cpr) < ($1.week, $1.cpr) }) where w.week > lastWeek && !seen.contains(w.cpr) {
            if let before = stepAtLast[w.cpr], w.step > before {
                steps.append(Step(cpr: w.cpr, week: w.week, step: w.step, rate: w.rate))
                seen.insert(w.cpr)
            }
        }
        func refund(_ r: StaircaseResult) -> Money { r.weeks.filter { inYear($0) && $0.financing == .refund }.reduce(.zero) { $0 + $1.result } }
        return StaircaseForecast(
            year: year, lastWeek: lastWeek, knownRefund: refund(knownResult), refund: refund(result),
            coFinancing: result.weeks.filter { inYear($0) && $0.financing == .coFinancing }.reduce(.zero) { $0 + $1.result },
            continuing: weekly.count, steps: steps)
    }
}

/// Our § 9 c claims still in progress (issue 21 § 1): what they are worth and the deadlines ahead.
public struct ClaimsAhead: Sendable {
    public struct Line: Sendable {
        public var claim: StoredClaim
        public var claimable: Money
        public var deadline: Day?
    }

    public var lines: [Line]
    public var claimable: Money { lines.reduce(.zero) { $0 + $1.claimable } }
    /// Claims whose next deadline falls in the year: to send before it, or lose the help it covers.
    public func due(in year: Int) -> [Line] { lines.filter { $0.deadline?.year == year } }

    public static func make(store: any Store, today: Day) async throws -> ClaimsAhead {
        let open: Set<ClaimStatus> = [.identified, .sent, .accepted, .partlyAccepted, .dispute]
        let lines = try await store.claims(direction: .outgoing, includeInactive: false).filter { open.contains($0.status) }.map { c in
            Line(claim: c, claimable: c.value(today: today).claimable, deadline: ClaimRules.nextDeadline(c.draft.lines, on: today))
        }
        return ClaimsAhead(lines: lines.sorted { ($0.deadline ?? .distantFuture) < ($1.deadline ?? .distantFuture) })
    }
}
