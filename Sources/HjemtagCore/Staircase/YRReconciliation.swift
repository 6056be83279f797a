/// Compares Hjemtag's staircase with YR's calculation per person, week and benefit
/// (BEK 14/2026 § 7 stk. 3: the municipality must make sure its data and YR agree).
public enum YRReconciliation {
    public enum Status: String, Sendable, Codable, CaseIterable {
        case agree = "enig"
        case rateDiffers = "sats_afviger"
        case amountDiffers = "beloeb_afviger"
        case onlyYR = "kun_i_yr"
        case onlyOurs = "kun_i_egne_data"

        public var danishName: String {
            switch self {
            case .agree: return "enig"
            case .rateDiffers: return "sats afviger"
            case .amountDiffers: return "beløb afviger"
            case .onlyYR: return "kun i YR"
            case .onlyOurs: return "kun i egne data"
            }
        }
    }

    public struct Line: Sendable, Hashable {
        public var cpr: CPR
        public var week: ISOWeek
        public var benefit: String
        public var financing: BenefitFinancing?
        public var status: Status
        public var ourAmount: Money?
        public var ourRate: Rational?
        public var ourResult: Money?
        public var yrAmount: Money?
        public var yrRate: Rational?
        public var yrResult: Money?
        /// In the municipality's favour: refund we compute above YR's, or co-financing YR charges
        /// above ours, is positive (money to recover); the opposite is negative (money we owe).
        public var atStake: Money
    }

    /// Amounts within this are rounding, not differences.
    static let tolerance: Int64 = 100

    public static func reconcile(ours: [StaircaseWeek], yr: [YRRow]) -> [Line] {
        struct Key: Hashable {
            var cpr: String
            var week: Int
            var benefit: String
        }
        var mine: [Key: StaircaseWeek] = [:]
        for w in ours { mine[Key(cpr: w.cpr.digits, week: w.week.monday.ordinal, benefit: w.benefit.code)] = w }
        var theirs: [Key: (YRRow, Money, Money)] = [:]
        for row in yr where !row.isFleksbidrag {
            let key = Key(cpr: row.cpr.digits, week: row.week.monday.ordinal, benefit: row.benefit?.code ?? ColumnName.normalise(row.benefitName))
            let result = row.benefit?.financing == .coFinancing ? row.coFinancing : row.refund
            if let existing = theirs[key] {
                theirs[key] = (existing.0, existing.1 + row.computed, existing.2 + result) // corrections add up
            } else {
                theirs[key] = (row, row.computed, result)
            }
        }
        var lines: [Line] = []
        for key in Set(mine.keys).union(theirs.keys) {
            let o = mine[key]
            let t = theirs[key]
            let financing = o?.financing ?? t?.0.benefit?.financing
            let yrRate = financing == .coFinancing ? t?.0.coFinancingRate : t?.0.refundRate
            let ourResult = o?.result ?? .zero
            let yrResult = t?.2 ?? .zero
            let diff = financing == .coFinancing ? yrResult - ourResult : ourResult - yrResult
            let status: Status
            switch (o, t) {
            case (nil, _?): status = .onlyYR
            case (_?, nil): status = .onlyOurs
            default:
                if let r = yrRate, r != o!.rate {
                    status = .rateDiffers
                } else if (o!.amount - t!.1).magnitude.ore > tolerance || diff.magnitude.ore > tolerance {
                    status = .amountDiffers
                } else {
                    status = .agree
                }
            }
            let cpr = o?.cpr ?? t!.0.cpr
            lines.append(
                Line(
                    cpr: cpr, week: o?.week ?? t!.0.week, benefit: o?.benefit.name ?? t!.0.benefitName, financing: financing,
                    status: status, ourAmount: o?.amount, ourRate: o?.rate, ourResult: o?.result,
                    yrAmount: t?.1, yrRate: yrRate, yrResult: t?.2, atStake: status == .agree ? .zero : diff))
        }
        return lines.sorted { ($0.atStake.magnitude, $1.cpr.digits, $1.week) > ($1.atStake.magnitude, $0.cpr.digits, $0.week) }
    }

    /// Per benefit and month: how many lines of each status and the money at stake.
    public struct SummaryRow: Sendable, Hashable {
        public var benefit: String
        public var month: Month
        public var counts: [Status: Int]
        public var atStake: Money
    }

    public static func summary(_ lines: [Line]) -> [SummaryRow] {
        var table: [String: SummaryRow] = [:]
        for l in lines {
            let month = l.week.month
            let key = l.benefit + "|" + month.description
            var row = table[key] ?? SummaryRow(benefit: l.benefit, month: month, counts: [:], atStake: .zero)
            row.counts[l.status, default: 0] += 1
            row.atStake = row.atStake + l.atStake
            table[key] = row
        }
        return table.values.sorted { ($0.month, $0.benefit) < ($1.month, $1.benefit) }
    }
}
