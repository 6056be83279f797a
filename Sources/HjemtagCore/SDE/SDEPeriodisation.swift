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
        if let period {
            let firstMonth = period.start.month
            if firstMonth == period.end.month {
                return [Part(month: firstMonth, amount: amount, days: period.dayCount)]
            }
            let months = period.months()
            let total = Int64(period.dayCount)
            var parts: [Part] = []
            parts.reserveCapacity(months.count)
            var used: Int64 = 0
            for (i, m) in months.enumerated() {
                let share = i == months.count - 1 ? amount.ore - used : amount.ore * Int64(m.days) / total
                used += share
                parts.append(Part(month: m.month, amount: Money(ore: share), days: m.days))
            }
            return parts
        }
        let each = amount.ore / 12
        return (1...12).map { m in
            Part(month: Month(year: date.year, month: m), amount: Money(ore: m == 12 ? amount.ore - 11 * each : each),
                 days: Month(year: date.year, month: m).dayCount)
        }
    }
}
