/// The price of an internal offer (seed 004's "Takstgruppe": "det nødvendigt at beregne relevante
/// takster for de interne tilbud ... så såvel statsrefusion som mellemkommunal refusion sker på et
/// validt grundlag"): an amount per day, month or hour for a period, with what it rests on.
public struct Tariff: Sendable, Hashable {
    public enum Unit: String, Sendable, CaseIterable {
        case day = "dag"
        case month = "maaned"
        case hour = "time"

        public var danish: String {
            switch self {
            case .day: return "døgn/dag"
            case .month: return "måned"
            case .hour: return "time"
            }
        }
    }

    public var offer: String
    public var unit: Unit
    public var amount: Money
    public var period: DateRange
    /// The decision or calculation the tariff rests on (a council decision, a tariff calculation).
    public var basis: String
    /// Where the cost stands in the chart of accounts and under which law: what SDE and § 9 c read.
    public var function: AccountFunction
    public var paragraph: String?
    public var department: String?
    public var line: Int

    public init(
        offer: String, unit: Unit, amount: Money, period: DateRange, basis: String, function: AccountFunction, paragraph: String?,
        department: String?, line: Int = 0
    ) {
        self.offer = offer
        self.unit = unit
        self.amount = amount
        self.period = period
        self.basis = basis
        self.function = function
        self.paragraph = paragraph
        self.department = department
        self.line = line
    }
}

/// A citizen's use of an internal offer over a period: from an `interne-ydelser` file, or an EG
/// Sensum service whose provider is the municipality's own.
public struct InternalUse: Sendable, Hashable {
    public var cpr: CPR
    public var offer: String
    public var period: DateRange
    /// Hours in the period, for an offer priced by the hour.
    public var hours: Rational?
    /// Where the use is known from, for the explanation (`interne-ydelser.csv linje 4`).
    public var source: String
    public var importID: Int

    public init(cpr: CPR, offer: String, period: DateRange, hours: Rational? = nil, source: String, importID: Int = 0) {
        self.cpr = cpr
        self.offer = offer
        self.period = period
        self.hours = hours
        self.source = source
        self.importID = importID
    }
}

/// Internal offers have no cost on the citizen; priced by their tariff they become costs on the
/// citizen, one posting a month of use, which SDE and § 9 c read like any other. Each says it is
/// tariff-based, with the tariff and what it rests on.
public enum TariffCosts {
    public struct Result: Sendable {
        public var postings: [(posting: Posting, importID: Int)]
        /// Uses without a tariff for all of their period, or priced by the hour without hours.
        public var unpriced: [(use: InternalUse, reason: String)]
    }

    public static func costs(_ uses: [InternalUse], tariffs: [Tariff]) -> Result {
        var byOffer: [String: [Tariff]] = [:]
        for t in tariffs { byOffer[ColumnName.normalise(t.offer), default: []].append(t) }
        var out: [(Posting, Int)] = []
        var unpriced: [(InternalUse, String)] = []
        for use in uses {
            let candidates = byOffer[ColumnName.normalise(use.offer)] ?? []
            var priced = 0
            for tariff in candidates {
                guard let inside = use.period.intersection(tariff.period) else { continue }
                priced += inside.dayCount
                if tariff.unit == .hour && use.hours == nil {
                    unpriced.append((use, "\(use.offer) er prissat pr. time, men brugen har ikke antal timer"))
                    continue
                }
                for span in inside.months() {
                    let days = DateRange(max(inside.start, span.month.firstDay), min(inside.end, span.month.lastDay))
                    let amount: Rational
                    switch tariff.unit {
                    case .day: amount = Rational(tariff.amount.ore * Int64(days.dayCount))
                    case .month: amount = Rational(tariff.amount.ore * Int64(days.dayCount), Int64(span.month.dayCount))
                    case .hour: amount = use.hours! * Rational(tariff.amount.ore * Int64(days.dayCount), Int64(use.period.dayCount))
                    }
                    let text =
                        "takstbaseret: \(tariff.offer), \(tariff.amount.danishKroner) pr. \(tariff.unit.danish) (\(tariff.basis)); brug fra \(use.source)"
                    out.append(
                        (
                            Posting(
                                voucher: "takst", date: days.end, amount: amount.roundedToOre(), function: tariff.function, cpr: use.cpr,
                                paragraph: tariff.paragraph, period: days, department: tariff.department, text: text,
                                extra: ["takst": tariff.offer, "takstgrundlag": tariff.basis]), use.importID
                        ))
                }
            }
            if priced < use.period.dayCount {
                unpriced.append((use, "\(use.offer) har ingen takst for \(use.period.dayCount - priced) af brugens \(use.period.dayCount) dage"))
            }
        }
        return Result(postings: out, unpriced: unpriced)
    }
}
