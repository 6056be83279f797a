import Dispatch
import Foundation

/// The rates and week bands of finansieringsloven § 5 and the reset rule of § 6, with sources.
public struct StaircaseRules: Sendable {
    public var refundRates: [Rational]
    public var coFinancingRates: [Rational]
    /// First week count of steps 2, 3 and 4 (5, 27, 53).
    public var stepStarts: [Int]
    public var resetWeeks: Int
    public var windowYears: Int
    public var references: [ParameterReference]

    public static let reformStart = Day(year: 2016, month: 1, day: 4)!
    /// Sygedagpenge from 28.12.2015, other benefits from 1.1.2016, to 3.1.2016, take the rate of
    /// 4-10 January 2016 (§ 29 stk. 3).
    public static let transitionStart = Day(year: 2015, month: 12, day: 28)!

    public static func load(_ p: ParameterSet, on day: Day) throws(ParameterError) -> StaircaseRules {
        let d = max(day, reformStart)
        var refs: [ParameterReference] = []
        func rate(_ id: String) throws(ParameterError) -> Rational {
            let (r, ref) = try p.rate(id, on: d)
            refs.append(ref)
            return r
        }
        func count(_ id: String) throws(ParameterError) -> Int {
            let (n, ref) = try p.count(id, on: d)
            refs.append(ref)
            return n
        }
        return StaircaseRules(
            refundRates: [
                try rate("trappe.refusion.trin1"), try rate("trappe.refusion.trin2"), try rate("trappe.refusion.trin3"),
                try rate("trappe.refusion.trin4"),
            ],
            coFinancingRates: [
                try rate("trappe.medfinansiering.trin1"), try rate("trappe.medfinansiering.trin2"),
                try rate("trappe.medfinansiering.trin3"), try rate("trappe.medfinansiering.trin4"),
            ],
            stepStarts: [try count("trappe.trin2.fra_uge"), try count("trappe.trin3.fra_uge"), try count("trappe.trin4.fra_uge")],
            resetWeeks: try count("trappe.nulstilling.uger"), windowYears: try count("trappe.nulstilling.aar"), references: refs)
    }

    /// Step 1-4 for the person's n-th week with benefits.
    public func step(forCount n: Int) -> Int {
        var s = 1
        for start in stepStarts where n >= start { s += 1 }
        return s
    }

    public func rate(_ financing: BenefitFinancing, count: Int) -> Rational {
        let i = step(forCount: count) - 1
        return financing == .coFinancing ? coFinancingRates[i] : refundRates[i]
    }
}

/// One benefit in one week for one person, with where it stands on the staircase.
public struct StaircaseWeek: Sendable, Hashable {
    public var cpr: CPR
    public var week: ISOWeek
    public var benefit: Benefit
    public var amount: Money
    /// The person's number of weeks with benefits, this one included.
    public var count: Int
    public var step: Int
    public var rate: Rational
    public var financing: BenefitFinancing
    /// Refund (for refunded benefits) or co-financing (for state-paid ones), rounded to øre.
    public var result: Money
}

/// A restart of the count (§ 6) and what caused it.
public struct StaircaseReset: Sendable, Hashable {
    public var cpr: CPR
    public var week: ISOWeek
    /// The whole calendar weeks of self-support within the window that added up to the threshold.
    public var selfSupportWeeks: [ISOWeek]
}

public struct StaircaseResult: Sendable {
    public var from: Day
    public var to: Day
    public var weeks: [StaircaseWeek]
    public var resets: [StaircaseReset]
    public var rules: StaircaseRules
    /// Førtidspension not counted: granted before 1.7.2014 (outside the reform), and without a
    /// known grant date (with the citizens it concerns), which must be imported to be counted.
    public var grantedBeforeReform = Money.zero
    public var missingGrantDate = Money.zero
    public var missingGrantDatePersons = 0

    public init(from: Day, to: Day, weeks: [StaircaseWeek], resets: [StaircaseReset], rules: StaircaseRules) {
        self.from = from
        self.to = to
        self.weeks = weeks
        self.resets = resets
        self.rules = rules
    }

    /// Said beside the totals when førtidspension could not be placed: the amount and how to fix it.
    public var missingGrantDateText: String? {
        guard missingGrantDatePersons > 0 else { return nil }
        return
            "Førtidspension for \(DanishFormat.count(missingGrantDatePersons, "borger", "borgere")) (\(missingGrantDate.danishKroner)) er ikke regnet med: "
            + "tilkendelsesdatoen mangler, og kun pension tilkendt 1.7.2014 eller senere er på trappen. Importér den: hjemtag import foertidspension FIL"
    }
    public var totalRefund: Money { weeks.filter { $0.financing == .refund }.reduce(.zero) { $0 + $1.result } }
    public var totalCoFinancing: Money { weeks.filter { $0.financing == .coFinancing }.reduce(.zero) { $0 + $1.result } }
}

/// The weekly refund staircase (finansieringsloven §§ 5-6) for the weeks from `from` to `to`,
/// reading each person's history before `from` so counts are right at the start.
public struct StaircaseCalculator: Sendable {
    public let from: Day
    public let to: Day
    let rules: StaircaseRules

    /// 16 bytes per week and benefit: at national scale (1,4 mio. persons, tens of millions of
    /// person-weeks) nested dictionaries would take gigabytes.
    struct Entry: Sendable {
        var week: Int32 // Monday ordinal
        var benefit: UInt16 // index into Benefit.catalogue
        var ore: Int64
    }

    struct Person: Sendable {
        var cpr: CPR
        var entries: [Entry] = []
        var subsidised: Set<Int> = []
        /// The counters carried over the retention boundary, when the history before it is gone.
        var carry: StaircaseCarry.Counters?

        /// Week → benefit index → amount, built once per walk.
        func weeks() -> [Int: [(UInt16, Int64)]] {
            var out: [Int: [(UInt16, Int64)]] = [:]
            for e in entries {
                var list = out[Int(e.week)] ?? []
                if let i = list.firstIndex(where: { $0.0 == e.benefit }) { list[i].1 += e.ore } else { list.append((e.benefit, e.ore)) }
                out[Int(e.week)] = list
            }
            return out
        }
    }

    static let benefitIndex: [String: UInt16] = Dictionary(uniqueKeysWithValues: Benefit.catalogue.enumerated().map { ($1.code, UInt16($0)) })
    var persons: [String: Person] = [:]
    public private(set) var beforeReform = Money.zero
    /// Førtidspension granted before 1.7.2014: outside the reform, not on the staircase.
    public private(set) var grantedBeforeReform = Money.zero
    /// Payments of a benefit that needs a grant date and has none: not counted until the grant
    /// is imported (`hjemtag import foertidspension`), and said so.
    public private(set) var missingGrantDate = Money.zero
    public private(set) var missingGrantDatePersons: Set<CPR> = []

    public init(from: Day, to: Day, parameters: ParameterSet) throws(ParameterError) {
        self.from = from
        self.to = to
        rules = try StaircaseRules.load(parameters, on: from)
        _ = try StaircaseRules.load(parameters, on: to) // both ends must be covered
    }

    /// Attributes a payment to the ISO weeks it covers by days (exact: the last week takes the
    /// remainder). A week touched by any day is a week with benefits.
    public mutating func add(_ payment: BenefitPayment) {
        guard payment.benefit.financing != .notCovered else { return }
        if let first = payment.benefit.grantedFrom {
            guard let granted = payment.grantedOn else {
                missingGrantDate = missingGrantDate + payment.amount
                missingGrantDatePersons.insert(payment.cpr)
                return
            }
            if granted < first {
                grantedBeforeReform = grantedBeforeReform + payment.amount
                return
            }
        }
        var person = persons.removeValue(forKey: payment.cpr.digits) ?? Person(cpr: payment.cpr)
        let benefit = StaircaseCalculator.benefitIndex[payment.benefit.code] ?? 0
        let successor = payment.benefit.successor.flatMap { code in Benefit.catalogue.first { $0.code == code } }
        let spans = payment.period.isoWeeks()
        let total = Int64(payment.period.dayCount)
        var used: Int64 = 0
        for (i, span) in spans.enumerated() {
            let share = i == spans.count - 1 ? payment.amount.ore - used : payment.amount.ore * Int64(span.days) / total
            used += share
            // Before the transition the old refund rules apply; such amounts are reported apart, as
            // are weeks outside the period the benefit's financing is verified for.
            // A week wholly after the benefit ended is its successor's (paid under the old name).
            if let successor, let end = payment.benefit.to, span.week.monday > end, successor.covers(span.week) {
                person.entries.append(
                    Entry(week: Int32(span.week.monday.ordinal), benefit: StaircaseCalculator.benefitIndex[successor.code] ?? benefit, ore: share))
                continue
            }
            if span.week.sunday < StaircaseRules.transitionStart || !payment.benefit.covers(span.week) {
                beforeReform = beforeReform + Money(ore: share)
                continue
            }
            person.entries.append(Entry(week: Int32(span.week.monday.ordinal), benefit: benefit, ore: share))
        }
        persons[payment.cpr.digits] = person
    }

    /// Adds what another calculator for the same period was given (another part of the same
    /// payments, read on another core). A person's weeks are summed per week and benefit before
    /// the walk, so the order in which the parts arrive does not matter.
    public mutating func merge(_ other: StaircaseCalculator) {
        precondition(other.from == from && other.to == to, "refusionstrapper for forskellige perioder kan ikke lægges sammen")
        beforeReform = beforeReform + other.beforeReform
        grantedBeforeReform = grantedBeforeReform + other.grantedBeforeReform
        missingGrantDate = missingGrantDate + other.missingGrantDate
        missingGrantDatePersons.formUnion(other.missingGrantDatePersons)
        for (key, theirs) in other.persons {
            guard var mine = persons.removeValue(forKey: key) else {
                persons[key] = theirs
                continue
            }
            mine.entries.append(contentsOf: theirs.entries)
            mine.subsidised.formUnion(theirs.subsidised)
            mine.carry = mine.carry ?? theirs.carry
            persons[key] = mine
        }
    }

    public mutating func add(_ period: SubsidisedPeriod) {
        var person = persons.removeValue(forKey: period.cpr.digits) ?? Person(cpr: period.cpr)
        for span in period.period.isoWeeks() { person.subsidised.insert(span.week.monday.ordinal) }
        persons[period.cpr.digits] = person
    }

    /// Walks one person's weeks from their first week with benefits, or from the week their
    /// carried counters stand at (`StaircaseCarry`: the history before it was deleted under the
    /// retention rule). With `boundary`, stops before that week and returns the counters there.
    @discardableResult
    func walk(
        _ p: Person, until boundary: Int? = nil, collect: (StaircaseWeek) -> Void, reset: (StaircaseReset) -> Void,
        counted: ((ISOWeek, Int) -> Void)? = nil
    ) -> StaircaseCarry.Counters? {
        let weeks = p.weeks()
        let benefitWeeks = weeks.keys.sorted()
        var lastWeek = ISOWeek(containing: to).monday.ordinal
        if let boundary { lastWeek = min(lastWeek, boundary - 7) }
        let fromWeek = ISOWeek(containing: from).monday.ordinal
        var count = p.carry?.count ?? 0
        var spellStarted = p.carry?.spellStarted ?? false
        var selfSupport: [Int] = p.carry?.selfSupport ?? [] // Monday ordinals, oldest first
        var head = 0
        var countOfFirstReformWeek: Int? = p.carry?.countOfFirstReformWeek
        // Weeks before the carried counters are in them already (a payment across the boundary).
        var w: Int
        if let carried = p.carry {
            w = carried.week
        } else {
            guard let first = benefitWeeks.first else { return nil }
            w = max(first, StaircaseRules.reformStart.ordinal)
        }
        let startedAt = w
        while w <= lastWeek {
            let week = ISOWeek(containing: Day(ordinal: w))
            if weeks[w] != nil {
                if spellStarted {
                    let windowStart = week.monday.adding(years: -rules.windowYears).ordinal
                    while head < selfSupport.count && selfSupport[head] < windowStart { head += 1 }
                    if selfSupport.count - head >= rules.resetWeeks {
                        if w >= fromWeek {
                            reset(
                                StaircaseReset(
                                    cpr: p.cpr, week: week, selfSupportWeeks: selfSupport[head...].map { ISOWeek(containing: Day(ordinal: $0)) }))
                        }
                        count = 0
                        selfSupport.removeAll()
                        head = 0
                    }
                }
                spellStarted = true
                count += 1
                if w == StaircaseRules.reformStart.ordinal { countOfFirstReformWeek = count }
                counted?(week, count)
                if w >= fromWeek { emit(p, weeks[w]!, week: week, count: count, collect) }
            } else if spellStarted && !p.subsidised.contains(w) {
                selfSupport.append(w)
            }
            w += 7
        }
        // The transitional week 28.12.2015-3.1.2016 takes the rate of 4-10 January 2016 (§ 29 stk. 3).
        let transition = StaircaseRules.transitionStart.ordinal
        if let t = weeks[transition], transition >= fromWeek, p.carry == nil || transition >= startedAt, boundary.map({ transition < $0 }) ?? true {
            emit(p, t, week: ISOWeek(containing: Day(ordinal: transition)), count: countOfFirstReformWeek ?? 1, collect)
        }
        guard let boundary else { return nil }
        // Self-support weeks older than the window seen from the boundary can never count again.
        let windowStart = Day(ordinal: boundary).adding(years: -rules.windowYears).ordinal
        return StaircaseCarry.Counters(
            week: max(boundary, startedAt), count: count, spellStarted: spellStarted,
            selfSupport: selfSupport[head...].filter { $0 >= windowStart }, countOfFirstReformWeek: countOfFirstReformWeek)
    }

    func emit(_ p: Person, _ amounts: [(UInt16, Int64)], week: ISOWeek, count: Int, _ collect: (StaircaseWeek) -> Void) {
        for (index, ore) in amounts.sorted(by: { Benefit.catalogue[Int($0.0)].code < Benefit.catalogue[Int($1.0)].code }) {
            let benefit = Benefit.catalogue[Int(index)]
            let rate = rules.rate(benefit.financing, count: count)
            collect(
                StaircaseWeek(
                    cpr: p.cpr, week: week, benefit: benefit, amount: Money(ore: ore), count: count,
                    step: rules.step(forCount: count), rate: rate, financing: benefit.financing,
                    result: (rate * Rational(ore)).roundedToOre()))
        }
    }

    public func result() -> StaircaseResult {
        var weeks: [StaircaseWeek] = []
        var resets: [StaircaseReset] = []
        for key in persons.keys.sorted() {
            var own: [StaircaseWeek] = []
            walk(persons[key]!, collect: { own.append($0) }, reset: { resets.append($0) })
            weeks += own.sorted { ($0.week, $0.benefit.code) < ($1.week, $1.benefit.code) }
        }
        var result = StaircaseResult(from: from, to: to, weeks: weeks, resets: resets, rules: rules)
        result.grantedBeforeReform = grantedBeforeReform
        result.missingGrantDate = missingGrantDate
        result.missingGrantDatePersons = missingGrantDatePersons.count
        return result
    }

    /// Totals without keeping every week: for national-scale runs. Each person's walk stands
    /// alone, so the persons are walked in parts at once and the sums added: `threads` parts, or
    /// by default one per core with at least 10.000 persons each.
    public func totals(threads: Int? = nil) -> (refund: Money, coFinancing: Money, personWeeks: Int) {
        let people = Array(persons.values)
        let parts = partCount(people.count, threads: threads)
        let sums = inParallel(parts: parts) { part in
            var refund: Int64 = 0
            var coFinancing: Int64 = 0
            var weeks = 0
            for person in people.slice(part, of: parts) {
                walk(
                    person,
                    collect: { w in
                        weeks += 1
                        if w.financing == .coFinancing { coFinancing += w.result.ore } else { refund += w.result.ore }
                    }, reset: { _ in })
            }
            return (refund, coFinancing, weeks)
        }
        return (Money(ore: sums.reduce(0) { $0 + $1.0 }), Money(ore: sums.reduce(0) { $0 + $1.1 }), sums.reduce(0) { $0 + $1.2 })
    }

    /// Why a person's week has its rate: the weeks counted, any reset and the self-support weeks behind it.
    public func explain(cpr: CPR, week: ISOWeek) -> Explanation {
        guard let p = persons[cpr.digits] else { return Explanation("Ingen ydelser registreret for \(cpr.masked)") }
        var rows: [StaircaseWeek] = []
        var resets: [StaircaseReset] = []
        var history: [(ISOWeek, Int)] = []
        walk(
            p, collect: { if $0.week == week { rows.append($0) } }, reset: { if $0.week <= week { resets.append($0) } },
            counted: { w, n in if w <= week { history.append((w, n)) } })
        var root = Explanation(
            "Refusionstrappen for \(cpr.masked) i uge \(week) (\(week.monday.danish)-\(week.sunday.danish))",
            parameters: rules.references)
        guard let row = rows.first else {
            root.add(Explanation("Ingen ydelser i ugen."))
            return root
        }
        let lastReset = resets.last
        let since = history.filter { lastReset == nil || $0.0 >= lastReset!.week }
        root.add(
            Explanation(
                "Uger med ydelser talt siden \(lastReset.map { "nulstillingen i uge \($0.week)" } ?? "første uge med ydelser (\(history.first!.0))"): \(row.count); trin \(row.step)"
            ))
        if let r = lastReset {
            var step = Explanation(
                "Tællingen startede forfra i uge \(r.week): \(r.selfSupportWeeks.count) hele kalenderuger med selvforsørgelse inden for de seneste \(rules.windowYears) år (finansieringsloven § 6)"
            )
            step.add(Explanation("Selvforsørgelsesuger: " + r.selfSupportWeeks.map(\.description).joined(separator: ", ")))
            root.add(step)
        } else {
            root.add(
                Explanation(
                    "Ingen nulstilling: færre end \(rules.resetWeeks) hele kalenderuger med selvforsørgelse inden for \(rules.windowYears) år"))
        }
        let subsidisedWeeks = p.subsidised.filter { $0 <= week.monday.ordinal }.count
        if subsidisedWeeks > 0 {
            root.add(
                Explanation(
                    "\(DanishFormat.count(subsidisedWeeks, "uge", "uger")) med støttet beskæftigelse tæller ikke som selvforsørgelse (§ 6 stk. 2)"))
        }
        if since.count > 1 {
            root.add(
                Explanation(
                    "Talte uger: " + since.suffix(12).map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + (since.count > 12 ? " (de seneste 12)" : "")
                ))
        }
        for r in rows {
            let what = r.financing == .coFinancing ? "medfinansiering" : "refusion"
            root.add(
                Explanation("\(r.benefit.name): \(r.amount.danishKroner) × \(r.rate.danishPercent) % \(what) (\(r.benefit.basis))", amount: r.result))
        }
        return root
    }
}
