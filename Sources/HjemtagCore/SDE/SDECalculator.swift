/// One month of one subject's SDE test.
public struct SDEMonth: Sendable, Hashable {
    public var month: Month
    /// Net eligible expense in the month (may be negative; a negative month refunds nothing).
    public var eligible: Money
    /// The exact refund; the year's total is rounded once from the sum of these.
    public var exactRefund: Rational
    public var refund: Money { exactRefund.roundedToOre() }
    public var covered: Bool
    /// Tested on the § 176 a children's track (2013-2020).
    public var childTrack: Bool
}

/// A subject of the test: a person, or from 2021 the children (and young people in aftercare)
/// of one household, whose costs are summed (serviceloven § 176 stk. 2; BEK § 5).
public struct SDESubject: Sendable, Hashable {
    public enum Kind: String, Sendable { case person, household }
    public var key: String
    public var kind: Kind
    public var cprs: [CPR]
    public var months: [SDEMonth] { didSet { refund = Self.refund(of: months) } }
    public var track: String
    /// Rounded once, half away from zero, from the exact monthly refunds. Kept with the months:
    /// summing twelve fractions was asked for several times a subject (the run's totals, the
    /// findings, the year's total), 5 % of a Copenhagen year's recomputation.
    public private(set) var refund: Money

    public init(key: String, kind: Kind, cprs: [CPR], months: [SDEMonth], track: String) {
        self.key = key
        self.kind = kind
        self.cprs = cprs
        self.months = months
        self.track = track
        refund = Self.refund(of: months)
    }

    /// The year's net eligible expense (sum of the months).
    public var eligible: Money { months.reduce(.zero) { $0 + $1.eligible } }

    static func refund(of months: [SDEMonth]) -> Money { months.reduce(Rational.zero) { $0 + $1.exactRefund }.roundedToOre() }
}

public struct SDEResult: Sendable {
    public var year: Int
    public var subjects: [SDESubject]
    public var tiers: SDETiers
    public var childTiers: SDETiers?
    public var totalRefund: Money { subjects.reduce(.zero) { $0 + $1.refund } }
    public var totalEligible: Money { subjects.reduce(.zero) { $0 + $1.eligible } }
}

/// What the calculator saw but could not count, for the data-quality findings.
public struct SDEDataQuality: Sendable, Hashable {
    public var withoutCPRCount = 0
    public var withoutCPRAmount = Money.zero
    public var oneOffCount = 0
    public var oneOffAmount = Money.zero
    public var otherPayerAmount = Money.zero
    public var objectivelyFinancedAmount = Money.zero
    public init() {}
}

/// The SDE computation for one calendar year (BEK om den centrale refusionsordning §§ 3, 5, 6).
/// Postings are streamed in with `add`; memory grows with persons, not postings.
public struct SDECalculator: Sendable {
    public let year: Int
    /// The year's first and last day: postings are tested against them by day number, without
    /// working out a posting's calendar year.
    let yearDays: DateRange
    public let configuration: SDEConfiguration
    public let tiers: SDETiers
    let childTiers: SDETiers?
    let parameters: ParameterSet
    /// From 2021: household summation, the 75 % tier, and the 67+ continuation (lov 1060/2020).
    var reformed: Bool { year >= 2021 }

    struct PersonMonths: Sendable {
        var cpr: CPR
        /// Index 0..<12 = January..December of the year.
        var total = [Int64](repeating: 0, count: 12)
        var aftercare = [Int64](repeating: 0, count: 12)
        /// Eligible expense in the month before the month of the 67th birthday (BEK § 6),
        /// collected whatever year that month is in.
        var beforeBirthdayMonth: Int64 = 0
        var birthday67: Day
        /// The month before the month of the 67th birthday, worked out once per person.
        let monthBeforeBirthday: Month
        var claimed: Int64 = 0
        /// The year's eligible expense by department (forvaltning), for allocating the refund.
        var departments: [String: Int64] = [:]

        init(cpr: CPR, birthday67: Day) {
            self.cpr = cpr
            self.birthday67 = birthday67
            monthBeforeBirthday = birthday67.month.adding(-1)
        }
    }

    var persons: [String: PersonMonths] = [:]
    public private(set) var quality = SDEDataQuality()
    /// Postings of the persons being explained, with how each was periodised.
    var traced: [String: [TracedPosting]] = [:]

    struct TracedPosting: Sendable {
        var posting: Posting
        var eligibility: SDEEligibility
        var parts: [SDEPeriodisation.Part]
    }
    let tracing: Set<String>

    /// Fails at once when the year has no verified limits, saying how to enter them.
    public init(year: Int, configuration: SDEConfiguration, parameters: ParameterSet, tracing: Set<CPR> = []) throws(ParameterError) {
        self.year = year
        yearDays = DateRange(Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
        self.configuration = configuration
        self.parameters = parameters
        self.tracing = Set(tracing.map(\.digits))
        tiers = try SDETiers.general(year: year, parameters: parameters)
        if year < 2021 && year >= 2013 {
            childTiers = try SDETiers.children(year: year, parameters: parameters)
        } else {
            childTiers = nil
        }
    }

    private var paragraphFacts = SDEEligibility.ParagraphFactsCache()

    public mutating func add(_ posting: Posting) { add(posting, counting: 1) }

    /// Takes a posting's contribution away again: the stored sums (`SDECostSums`) hold a ledger
    /// posting as stored, and a posting the cost view changes is removed and added as it counts.
    public mutating func remove(_ posting: Posting) {
        var negated = posting
        negated.amount = Money(ore: -posting.amount.ore)
        add(negated, counting: -1)
    }

    /// `counting`: 1 when a posting is added, -1 when it is taken away (the data-quality counts).
    private mutating func add(_ posting: Posting, counting: Int) {
        let paragraph = paragraphFacts.facts(posting.paragraph)
        let eligibility = SDEEligibility.classify(posting, configuration: configuration, paragraph: paragraph)
        let firstMonth = Month(year: year, month: 1).index
        if counting > 0, !tracing.isEmpty, let cpr = posting.cpr, tracing.contains(cpr.digits), eligibility != .eligible, touchesYear(posting) {
            traced[cpr.digits, default: []].append(TracedPosting(posting: posting, eligibility: eligibility, parts: []))
        }
        switch eligibility {
        case .claimedRefund:
            if let cpr = posting.cpr, yearDays.contains(posting.date) {
                persons[cpr.digits, default: PersonMonths(cpr: cpr, birthday67: cpr.birthday(turning: 67))].claimed -= posting.amount.ore
            }
            return
        case .notOnPerson:
            if touchesYear(posting) {
                quality.withoutCPRCount += counting
                quality.withoutCPRAmount = quality.withoutCPRAmount + posting.amount
            }
            return
        case .otherPayer:
            if touchesYear(posting) { quality.otherPayerAmount = quality.otherPayerAmount + posting.amount }
            return
        case .objectivelyFinanced:
            if touchesYear(posting) { quality.objectivelyFinancedAmount = quality.objectivelyFinancedAmount + posting.amount }
            return
        case .notCoveredLaw, .barnetsLovBefore2024:
            return
        case .eligible:
            break
        }
        let cpr = posting.cpr!
        if posting.period == nil && yearDays.contains(posting.date) {
            quality.oneOffCount += counting
            quality.oneOffAmount = quality.oneOffAmount + posting.amount
        }
        let aftercare = paragraph.aftercare
        let department = posting.department ?? "ukendt"
        // Changed in place through the dictionary's modify accessor: one hash lookup, and the
        // person's arrays stay uniquely owned (no copy per posting).
        let touched = SDECalculator.add(
            posting, firstMonth: firstMonth, aftercare: aftercare, department: department,
            to: &persons[cpr.digits, default: PersonMonths(cpr: cpr, birthday67: cpr.birthday(turning: 67))])
        if counting > 0, !tracing.isEmpty, tracing.contains(cpr.digits), touched {
            let parts = SDEPeriodisation.spread(posting.amount, over: posting.period, postedOn: posting.date)
            traced[cpr.digits, default: []].append(TracedPosting(posting: posting, eligibility: .eligible, parts: parts))
        }
    }

    /// Adds what another calculator for the same year and set-up was given (another part of the
    /// same postings, read on another core). Every figure is a sum per person, month and
    /// department, so the result is the same as if one calculator had seen all postings.
    public mutating func merge(_ other: SDECalculator) {
        precondition(
            other.year == year && other.configuration == configuration, "SDE-beregninger for forskellige år eller opsætninger kan ikke lægges sammen")
        for (key, theirs) in other.persons {
            guard var mine = persons.removeValue(forKey: key) else {
                persons[key] = theirs
                continue
            }
            for i in 0..<12 {
                mine.total[i] += theirs.total[i]
                mine.aftercare[i] += theirs.aftercare[i]
            }
            mine.beforeBirthdayMonth += theirs.beforeBirthdayMonth
            mine.claimed += theirs.claimed
            mine.departments.merge(theirs.departments, uniquingKeysWith: +)
            persons[key] = mine
        }
        quality.add(other.quality)
        traced.merge(other.traced, uniquingKeysWith: +)
    }

    /// Adds a person's stored sums for one year and department (`SDECostSums`): the year's own
    /// rows in full; a row of another year only for the month before the 67th birthday, which
    /// BEK § 6 reads whatever year it is in.
    public mutating func add(cpr: CPR, year rowYear: Int, department: String, _ row: SDECostSums.Row) {
        func add(to person: inout PersonMonths) {
            person.beforeBirthdayMonth += row.beforeBirthday
            guard rowYear == year else { return }
            var inYear: Int64 = 0
            for i in 0..<12 {
                person.total[i] += row.months[i]
                person.aftercare[i] += row.aftercare[i]
                inYear += row.months[i]
            }
            person.claimed += row.claimed
            person.departments[department, default: 0] += inYear
        }
        add(to: &persons[cpr.digits, default: PersonMonths(cpr: cpr, birthday67: cpr.birthday(turning: 67))])
    }

    /// Adds the year's stored data-quality counts (`SDECostSums`).
    public mutating func add(quality counts: SDEDataQuality) { quality.add(counts) }

    /// Adds a posting's monthly parts (`SDEPeriodisation`) to a person; whether any fell in the
    /// year or the month before the 67th birthday.
    private static func add(_ posting: Posting, firstMonth: Int, aftercare: Bool, department: String, to person: inout PersonMonths) -> Bool {
        let beforeBirthday = person.monthBeforeBirthday
        var touched = false
        var inYear = false
        var inYearAmount: Int64 = 0
        SDEPeriodisation.forEachPart(posting.amount, over: posting.period, postedOn: posting.date) { part in
            let i = part.month.index - firstMonth
            if i >= 0 && i < 12 {
                person.total[i] += part.amount.ore
                if aftercare { person.aftercare[i] += part.amount.ore }
                inYearAmount += part.amount.ore
                inYear = true
            }
            if part.month == beforeBirthday {
                person.beforeBirthdayMonth += part.amount.ore
                touched = true
            }
        }
        // The department's share once per posting, not once per month (a string hashed each time).
        if inYear { person.departments[department, default: 0] += inYearAmount }
        return touched || inYear
    }

    private func touchesYear(_ p: Posting) -> Bool {
        if let period = p.period { return period.start <= yearDays.end && period.end >= yearDays.start }
        return yearDays.contains(p.date)
    }

    /// Whether a person is a subject in a month on their own account: under 67 when the month
    /// starts, or (from 2021) covered immediately before turning 67 (serviceloven § 176 stk. 3,
    /// BEK § 6), which is not available to those who turned 67 before 1 January 2021.
    func covered(_ p: PersonMonths, in month: Month) throws(ParameterError) -> Bool {
        if p.birthday67 >= month.firstDay { return true }
        guard reformed, p.birthday67 >= Day(year: 2021, month: 1, day: 1)! else { return false }
        let before = p.monthBeforeBirthday
        let t1 = try parameters.money("sde.graense.t1", on: before.firstDay).0
        // "overstiger 1/12": strictly more than T1/12, compared exactly as 12 × expense > T1.
        return p.beforeBirthdayMonth * 12 > t1.ore
    }

    /// A subject's eligible expense and tests per month, gathered from its persons.
    struct SubjectSums {
        var kind: SDESubject.Kind
        var cprs: Set<CPR> = []
        var months = [Int64](repeating: 0, count: 12)
        var covered: [Bool]
        /// Before 2021: whether the month is tested on the children's track (§ 176 a).
        var childTrack = [Bool](repeating: false, count: 12)

        /// Adds the same subject gathered from other persons (a household's children in another part).
        mutating func add(_ other: SubjectSums) {
            cprs.formUnion(other.cprs)
            for i in 0..<12 {
                months[i] += other.months[i]
                covered[i] = covered[i] || other.covered[i]
                childTrack[i] = childTrack[i] || other.childTrack[i]
            }
        }
    }

    /// Runs the monthly test for every subject. The persons are gathered into subjects in parts,
    /// one a core, and the parts added: a person is in one part, and a household's sums add up.
    public func result(households: HouseholdIndex = HouseholdIndex(), threads: Int? = nil) throws(ParameterError) -> SDEResult {
        let people = Array(persons.values)
        let parts = partCount(people.count, threads: threads)
        let gathered = try inParallel(parts: parts) { part throws(ParameterError) in
            try subjectSums(of: people.slice(part, of: parts), households: households)
        }
        var subjects = gathered[0]
        for more in gathered.dropFirst() {
            for (key, sums) in more { subjects[key, default: SubjectSums(kind: sums.kind, covered: sums.covered)].add(sums) }
        }
        let keyed = Array(subjects)
        let months = Month.months(ofYear: year)
        let subjectParts = partCount(keyed.count, threads: threads)
        let built = inParallel(parts: subjectParts) { part in
            keyed.slice(part, of: subjectParts).map { key, s in
                let ms = months.enumerated().map { i, m in
                    let t = s.childTrack[i] ? childTiers! : tiers
                    return SDEMonth(
                        month: m, eligible: Money(ore: s.months[i]),
                        exactRefund: s.covered[i] ? t.monthlyRefund(Money(ore: s.months[i])) : .zero,
                        covered: s.covered[i], childTrack: s.childTrack[i])
                }
                let track = s.childTrack.contains(true) ? childTiers!.track : tiers.track
                return SDESubject(key: key, kind: s.kind, cprs: s.cprs.sorted(), months: ms, track: track)
            }
        }
        var out = Array(built.joined())
        // Largest refund first; a subject's refund is summed from its months, so once per subject.
        let refunds = out.map(\.refund)
        out = out.indices.sorted { (refunds[$0], out[$1].key) > (refunds[$1], out[$0].key) }.map { out[$0] }
        return SDEResult(year: year, subjects: out, tiers: tiers, childTiers: childTiers)
    }

    /// The subjects some persons make: each person's own months, and children's (and young people
    /// in aftercare's) months in their household's.
    func subjectSums(of people: ArraySlice<PersonMonths>, households: HouseholdIndex) throws(ParameterError) -> [String: SubjectSums] {
        var subjects: [String: SubjectSums] = [:]
        let months = Month.months(ofYear: year)
        for person in people {
            let personAftercare = SDECalculator.hasAftercare(person)
            let born = person.cpr.birthDate
            let personKey = "cpr:" + person.cpr.digits
            for (i, month) in months.enumerated() {
                let total = person.total[i]
                guard total != 0 else { continue }
                let age = born.age(on: month.firstDay)
                var householdPart: Int64 = 0
                var household: String?
                if reformed {
                    if age < 18 {
                        household = households.household(of: person.cpr, in: month)
                        householdPart = total
                    } else if age <= 22, person.aftercare[i] != 0 {
                        // Young people in aftercare count towards the household they were registered
                        // in just before turning 18 (BEK § 5 stk. 1 nr. 2).
                        household =
                            households.household(of: person.cpr, in: month)
                            ?? households.household(of: person.cpr, on: person.cpr.birthday(turning: 18).adding(days: -1))
                        householdPart = person.aftercare[i]
                    }
                }
                // Changed in place through the dictionary's modify accessor: a copy taken out and
                // stored back would copy the subject's arrays for every person and month.
                if let household, householdPart != 0 {
                    func add(to s: inout SubjectSums) {
                        s.cprs.insert(person.cpr)
                        s.months[i] += householdPart
                    }
                    add(to: &subjects["husstand:" + household, default: SubjectSums(kind: .household, covered: [Bool](repeating: true, count: 12))])
                }
                let own = total - (household == nil ? 0 : householdPart)
                guard own != 0 else { continue }
                let isCovered = try covered(person, in: month)
                let childTrack = !reformed && childTiers != nil && (age < 18 || personAftercare)
                func add(to s: inout SubjectSums) {
                    s.months[i] += own
                    s.covered[i] = isCovered
                    s.childTrack[i] = childTrack
                }
                add(to: &subjects[personKey, default: SubjectSums(kind: .person, cprs: [person.cpr], covered: [Bool](repeating: false, count: 12))])
            }
        }
        return subjects
    }

    /// The tiers a month was tested against.
    public func tiers(for month: SDEMonth) -> SDETiers { month.childTrack ? childTiers! : tiers }

    static func hasAftercare(_ p: PersonMonths) -> Bool { p.aftercare.contains { $0 != 0 } }

    /// What the municipality booked as received SDE refund per person in the year.
    public func claimed(_ cpr: CPR) -> Money { Money(ore: persons[cpr.digits]?.claimed ?? 0) }

    /// The person's eligible expense in the year by department.
    public func departmentExpenses(_ cpr: CPR) -> [String: Money] {
        (persons[cpr.digits]?.departments ?? [:]).mapValues { Money(ore: $0) }
    }

    /// Persons who turn 67 in the year, with the expense in the month before the birthday month.
    public func turning67() -> [(cpr: CPR, birthday: Day, lastMonthExpense: Money)] {
        persons.values.filter { $0.birthday67.year == year }
            .map { ($0.cpr, $0.birthday67, Money(ore: $0.beforeBirthdayMonth)) }
            .sorted { $0.cpr < $1.cpr }
    }
}
