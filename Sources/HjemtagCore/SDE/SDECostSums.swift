/// What the SDE test takes from the postings, summed per person, year and department under one
/// configuration: the calculator's input without the postings (issue 22).
///
/// Everything the calculator keeps about a person is a sum over postings (the monthly expense and
/// its aftercare part, the expense in the month before the 67th birthday, the refund booked as
/// received, the year's expense by department), and so is the data-quality count. Summing the
/// contributions once, when the postings are stored, lets a computation read a row per person
/// instead of every posting; adding a posting and removing it again leaves the sums as they were,
/// which is how a posting the cost view changes is counted as it counts (`SDECalculator.remove`).
///
/// The sums hold every year: a posting's parts go to the years of their months (BEK § 3 stk. 1
/// and 4, `SDEPeriodisation`), whichever year is computed later. The store leaves OS2bos's
/// payments out: whether one counts depends on its matches and on the day (`CostView`), so a
/// computation reads them as they count.
public struct SDECostSums: Sendable {
    public struct Key: Hashable, Sendable {
        public var cpr: String
        public var year: Int
        public var department: String
        public init(cpr: String, year: Int, department: String) {
            self.cpr = cpr
            self.year = year
            self.department = department
        }
    }

    /// One person's sums for one year and department, in øre.
    public struct Row: Sendable, Hashable {
        /// Index 0..<12 = January..December.
        public var months = [Int64](repeating: 0, count: 12)
        public var aftercare = [Int64](repeating: 0, count: 12)
        /// The part of `months` in the month before the month of the 67th birthday (BEK § 6).
        public var beforeBirthday: Int64 = 0
        /// SDE refund booked as received on a posting dated in the year (an income, so negative
        /// postings make a positive figure).
        public var claimed: Int64 = 0
        public init() {}
        public init(months: [Int64], aftercare: [Int64], beforeBirthday: Int64, claimed: Int64) {
            self.months = months
            self.aftercare = aftercare
            self.beforeBirthday = beforeBirthday
            self.claimed = claimed
        }
        public var isZero: Bool { beforeBirthday == 0 && claimed == 0 && !months.contains { $0 != 0 } && !aftercare.contains { $0 != 0 } }
    }

    /// A child's parent in OS2bos (`mother_cpr`, `father_cpr`): households for children the CPR
    /// household file does not cover (`ParentLinks`).
    public struct ParentLink: Hashable, Sendable {
        public var child: String
        public var parent: String
        public init(child: String, parent: String) {
            self.child = child
            self.parent = parent
        }
    }

    public let configuration: SDEConfiguration
    public private(set) var rows: [Key: Row] = [:]
    public private(set) var quality: [Int: SDEDataQuality] = [:]
    public private(set) var links: Set<ParentLink> = []
    private var paragraphFacts = SDEEligibility.ParagraphFactsCache()
    private var birthdays: [String: Month] = [:]

    public init(configuration: SDEConfiguration) { self.configuration = configuration }

    /// Adds a stored posting's contribution.
    public mutating func add(_ posting: Posting) {
        let paragraph = paragraphFacts.facts(posting.paragraph)
        if let child = posting.cpr {
            for parent in ParentLinks.parents(in: posting) { links.insert(ParentLink(child: child.digits, parent: parent)) }
        }
        switch SDEEligibility.classify(posting, configuration: configuration, paragraph: paragraph) {
        case .claimedRefund:
            guard let cpr = posting.cpr else { return }
            rows[Key(cpr: cpr.digits, year: posting.date.year, department: posting.department ?? "ukendt"), default: Row()].claimed -=
                posting.amount.ore
        case .notOnPerson:
            forEachYear(touchedBy: posting) { year in
                count(in: year) {
                    $0.withoutCPRCount += 1
                    $0.withoutCPRAmount = $0.withoutCPRAmount + posting.amount
                }
            }
        case .otherPayer:
            forEachYear(touchedBy: posting) { year in count(in: year) { $0.otherPayerAmount = $0.otherPayerAmount + posting.amount } }
        case .objectivelyFinanced:
            forEachYear(touchedBy: posting) { year in
                count(in: year) { $0.objectivelyFinancedAmount = $0.objectivelyFinancedAmount + posting.amount }
            }
        case .notCoveredLaw, .barnetsLovBefore2024:
            return
        case .eligible:
            let cpr = posting.cpr!
            if posting.period == nil {
                count(in: posting.date.year) {
                    $0.oneOffCount += 1
                    $0.oneOffAmount = $0.oneOffAmount + posting.amount
                }
            }
            let beforeBirthday = monthBeforeBirthday(cpr)
            let department = posting.department ?? "ukendt"
            SDEPeriodisation.forEachPart(posting.amount, over: posting.period, postedOn: posting.date) { part in
                let i = part.month.month - 1
                let amount = part.amount.ore
                let aftercare = paragraph.aftercare
                let isBefore = part.month == beforeBirthday
                func add(to row: inout Row) {
                    row.months[i] += amount
                    if aftercare { row.aftercare[i] += amount }
                    if isBefore { row.beforeBirthday += amount }
                }
                add(to: &rows[Key(cpr: cpr.digits, year: part.month.year, department: department), default: Row()])
            }
        }
    }

    /// Changes one year's data-quality counts in place.
    private mutating func count(in year: Int, _ change: (inout SDEDataQuality) -> Void) {
        change(&quality[year, default: SDEDataQuality()])
    }

    private mutating func monthBeforeBirthday(_ cpr: CPR) -> Month {
        if let known = birthdays[cpr.digits] { return known }
        let month = cpr.birthday(turning: 67).month.adding(-1)
        birthdays[cpr.digits] = month
        return month
    }

    /// The calendar years a posting's period (or, without one, its date) touches: the years whose
    /// data-quality counts it is in, as the calculator counts them.
    private func forEachYear(touchedBy posting: Posting, _ body: (Int) -> Void) {
        guard let period = posting.period else { return body(posting.date.year) }
        for year in period.start.year...max(period.start.year, period.end.year) { body(year) }
    }
}

extension SDEDataQuality {
    /// The counts of two sets of postings together.
    public mutating func add(_ other: SDEDataQuality) {
        withoutCPRCount += other.withoutCPRCount
        withoutCPRAmount = withoutCPRAmount + other.withoutCPRAmount
        oneOffCount += other.oneOffCount
        oneOffAmount = oneOffAmount + other.oneOffAmount
        otherPayerAmount = otherPayerAmount + other.otherPayerAmount
        objectivelyFinancedAmount = objectivelyFinancedAmount + other.objectivelyFinancedAmount
    }
}
