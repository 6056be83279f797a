/// Spreads an amount over calendar months (BEK om den centrale refusionsordning § 3 stk. 1 and 4).
///
/// A posting with a service period is spread pro rata by days over the months it covers; a
/// posting without a period is a one-off ("enkeltstående udgift") and is spread evenly over the
/// 12 months of its posting year. The parts are whole øre and sum exactly to the amount: each
/// part but the last is truncated toward zero, and the last month takes the remainder.
public enum SDEPeriodisation {
    public struct Part: Hashable, Sendable {
        public var month: Month
        public var amount: Money
        public var days: Int
    }

    public static func spread(_ amount: Money, over period: DateRange?, postedOn date: Day) -> [Part] {
        var parts: [Part] = []
        forEachPart(amount, over: period, postedOn: date) { parts.append($0) }
        return parts
    }

    /// The parts of `spread`, one at a time, in month order, without an array: the calculator
    /// spreads every posting of a year (ten million in Copenhagen), most of them over one month.
    @inline(__always)
    public static func forEachPart(_ amount: Money, over period: DateRange?, postedOn date: Day, _ body: (Part) -> Void) {
        if let period {
            let firstMonth = period.start.month
            if firstMonth == period.end.month {
                body(Part(month: firstMonth, amount: amount, days: period.dayCount))
                return
            }
            let months = period.months()
            let total = Int64(period.dayCount)
            var used: Int64 = 0
            for (i, m) in months.enumerated() {
                let share = i == months.count - 1 ? amount.ore - used : amount.ore * Int64(m.days) / total
                used += share
                body(Part(month: m.month, amount: Money(ore: share), days: m.days))
            }
            return
        }
        let each = amount.ore / 12
        let year = date.year
        for m in 1...12 {
            let month = Month(year: year, month: m)
            body(Part(month: month, amount: Money(ore: m == 12 ? amount.ore - 11 * each : each), days: month.dayCount))
        }
    }
}
