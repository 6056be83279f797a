/// A scheme's refund income budget divided between departments by their share of the income in a
/// reference year, and the result under the two models of seed 002 (Randers):
/// model 1 — the income belongs to the central account (kassen), which also covers shortfalls;
/// model 2 — income and shortfalls belong to the departments with the expenses.
public struct IncomeAllocation: Sendable, Hashable {
    public enum Model: Int, Sendable, Codable, CaseIterable {
        case central = 1
        case department = 2

        public var danishText: String {
            self == .central ? "model 1: kassen får merindtægt og dækker mindreindtægt" : "model 2: fagområdet får merindtægt og dækker mindreindtægt"
        }
    }

    public struct Row: Sendable, Hashable {
        public var department: String
        public var model: Model
        /// The department's share of the reference year's income.
        public var share: Rational
        public var budget: Money
        public var actual: Money
        /// Actual − budget: positive = more income than budgeted.
        public var difference: Money { actual - budget }
        /// What the department's own result gets (model 2) and what the central account gets (model 1).
        public var departmentEffect: Money { model == .department ? difference : .zero }
        public var centralEffect: Money { model == .central ? difference : .zero }
    }

    public var year: Int
    public var referenceYear: Int
    public var budget: Money
    public var rows: [Row]

    public var actual: Money { rows.reduce(.zero) { $0 + $1.actual } }
    public var centralEffect: Money { rows.reduce(.zero) { $0 + $1.centralEffect } }
    public var departmentEffect: Money { rows.reduce(.zero) { $0 + $1.departmentEffect } }

    /// `reference`: income per department in the reference year; `actual`: in the budget year.
    /// Budgets are the exact shares rounded to øre; the rounding rest goes to the largest share so
    /// the parts add up to the budget.
    public static func allocate(
        year: Int, referenceYear: Int, budget: Money, reference: [String: Money], actual: [String: Money],
        models: [String: Model], defaultModel: Model = .department
    ) -> IncomeAllocation {
        let total = reference.values.reduce(Money.zero, +)
        let departments = Set(reference.keys).union(actual.keys).sorted()
        var rows: [Row] = departments.map { d in
            let part = reference[d] ?? .zero
            let share = total == .zero ? Rational.zero : Rational(part.ore, total.ore)
            return Row(
                department: d, model: models[d] ?? defaultModel, share: share, budget: budget.proportion(part, of: total) ?? .zero,
                actual: actual[d] ?? .zero)
        }
        let rest = budget - rows.reduce(Money.zero) { $0 + $1.budget }
        if rest != .zero, let i = rows.indices.max(by: { rows[$0].share < rows[$1].share }) { rows[i].budget = rows[i].budget + rest }
        return IncomeAllocation(year: year, referenceYear: referenceYear, budget: budget, rows: rows)
    }
}

/// The settlement calendar of a year's refund and the quarterly a'conto against the final figure.
public struct Settlement: Sendable, Codable, Hashable {
    public struct Quarter: Sendable, Codable, Hashable {
        public var quarter: Int
        /// Year-to-date refund computed through the quarter's end.
        public var computedToDate: Money
        /// The a'conto to claim for the quarter: year-to-date minus what the earlier quarters claimed.
        public var acconto: Money
        /// What the ledger shows as received in the quarter.
        public var booked: Money
    }
    public struct Deadline: Sendable, Codable, Hashable {
        public var day: Day
        public var text: String
    }

    public var year: Int
    public var quarters: [Quarter]
    public var final: Money
    /// Final − a'conto received: the correction that goes to the budget follow-up of 31 May.
    public var correction: Money { final - bookedTotal }
    public var bookedTotal: Money { quarters.reduce(.zero) { $0 + $1.booked } }

    /// The dates the issue names (seed 002 and issue 7): preliminary statements 15 February and
    /// 1 March, the final statement 15 May after the auditor's endorsement, the budget follow-up 31 May.
    public var deadlines: [Deadline] { Self.deadlines(forYear: year) }

    /// The settlement dates for a year's refund, in the year after it.
    public static func deadlines(forYear year: Int) -> [Deadline] {
        let next = year + 1
        return [
            Deadline(day: Day(year: next, month: 2, day: 15)!, text: "foreløbig opgørelse"),
            Deadline(day: Day(year: next, month: 3, day: 1)!, text: "foreløbig opgørelse (revideret)"),
            Deadline(day: Day(year: next, month: 5, day: 15)!, text: "endelig opgørelse med revisorpåtegning"),
            Deadline(day: Day(year: next, month: 5, day: 31)!, text: "difference a'conto/endelig til budgetopfølgningen"),
        ]
    }

    /// `monthly`: the computed refund per month of the year; `booked`: received refund per quarter;
    /// `yearTotal`: the year's refund rounded once (months are rounded one by one, so their sum can
    /// differ by øre); the fourth quarter takes the difference.
    public static func compute(year: Int, monthly: [Month: Money], booked: [Int: Money], yearTotal: Money? = nil) -> Settlement {
        var quarters: [Quarter] = []
        var claimed = Money.zero
        var toDate = Money.zero
        for q in 1...4 {
            for m in (q * 3 - 2)...(q * 3) { toDate = toDate + (monthly[Month(year: year, month: m)] ?? .zero) }
            if q == 4, let yearTotal { toDate = yearTotal }
            let acconto = toDate - claimed
            claimed = toDate
            quarters.append(Quarter(quarter: q, computedToDate: toDate, acconto: acconto, booked: booked[q] ?? .zero))
        }
        return Settlement(year: year, quarters: quarters, final: toDate)
    }
}
