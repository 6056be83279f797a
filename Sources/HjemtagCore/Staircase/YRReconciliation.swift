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

    /// A person, week and benefit, in integers: at Copenhagen's size both sides hold 700.000
    /// person-weeks, and keys of strings (the CPR and the benefit's code) made hashing and
    /// copying most of the reconciliation's time (issue 22 § 2).
    struct Key: Hashable {
        var cpr: Int64
        var week: Int32
        var benefit: Int32
    }

    /// Small integers for the benefits' codes, and for YR's names the catalogue does not know
    /// (keyed by their normalised name, as before).
    struct BenefitKeys {
        private var codes: [String: Int32] = [:]
        mutating func key(_ code: String) -> Int32 {
            if let k = codes[code] { return k }
            let k = Int32(codes.count)
            codes[code] = k
            return k
        }
    }

    /// A line before it is made, and its place in the list: the largest amount at stake first,
    /// then by person, week and benefit. The lines are made once, in this order, after the sort.
    struct Place: Comparable {
        var key: Key
        /// The index of our week, nil when only YR has it.
        var ours: Int?
        var theirs: Theirs?
        var status: Status
        var atStake: Money
        static func < (a: Place, b: Place) -> Bool {
            let (x, y) = (a.atStake.magnitude, b.atStake.magnitude)
            if x != y { return x > y }
            return (a.key.cpr, a.key.week, a.key.benefit) < (b.key.cpr, b.key.week, b.key.benefit)
        }
        /// The same place: a key is one line.
        static func == (a: Place, b: Place) -> Bool { a.key == b.key }
    }

    /// YR's rows for one key: the first row (its rates and names) and the corrections' sums.
    struct Theirs {
        var first: Int
        var computed: Money
        var result: Money
    }

    public static func reconcile(ours: [StaircaseWeek], yr: [YRRow]) -> [Line] {
        var benefits = BenefitKeys()
        func cpr(_ c: CPR) -> Int64 { Int64(c.digits) ?? 0 }
        var mine: [Key: Int] = [:]
        mine.reserveCapacity(ours.count)
        for (i, w) in ours.enumerated() {
            mine[Key(cpr: cpr(w.cpr), week: Int32(w.week.monday.ordinal), benefit: benefits.key(w.benefit.code))] = i
        }
        var theirs: [Key: Theirs] = [:]
        theirs.reserveCapacity(yr.count)
        for (i, row) in yr.enumerated() where !row.isFleksbidrag {
            let key = Key(
                cpr: cpr(row.cpr), week: Int32(row.week.monday.ordinal),
                benefit: benefits.key(row.benefit?.code ?? ColumnName.normalise(row.benefitName)))
            let result = row.benefit?.financing == .coFinancing ? row.coFinancing : row.refund
            if var existing = theirs[key] {
                existing.computed = existing.computed + row.computed // corrections add up
                existing.result = existing.result + result
                theirs[key] = existing
            } else {
                theirs[key] = Theirs(first: i, computed: row.computed, result: result)
            }
        }
        var places: [Place] = []
        places.reserveCapacity(mine.count + theirs.count)
        func financing(_ o: StaircaseWeek?, _ first: YRRow?) -> (BenefitFinancing?, Rational?) {
            let financing = o?.financing ?? first?.benefit?.financing
            return (financing, financing == .coFinancing ? first?.coFinancingRate : first?.refundRate)
        }
        func add(_ key: Key, _ index: Int?, _ t: Theirs?) {
            let o = index.map { ours[$0] }
            let (financing, yrRate) = financing(o, t.map { yr[$0.first] })
            let ourResult = o?.result ?? .zero
            let yrResult = t?.result ?? .zero
            let diff = financing == .coFinancing ? yrResult - ourResult : ourResult - yrResult
            let status: Status
            switch (o, t) {
            case (nil, _?): status = .onlyYR
            case (_?, nil): status = .onlyOurs
            default:
                if let r = yrRate, r != o!.rate {
                    status = .rateDiffers
                } else if (o!.amount - t!.computed).magnitude.ore > tolerance || diff.magnitude.ore > tolerance {
                    status = .amountDiffers
                } else {
                    status = .agree
                }
            }
            let atStake = status == .agree ? Money.zero : diff
            places.append(Place(key: key, ours: index, theirs: t, status: status, atStake: atStake))
        }
        for (key, i) in mine { add(key, i, theirs.removeValue(forKey: key)) }
        for (key, t) in theirs { add(key, nil, t) }
        places.sort()
        return places.map { p in
            let o = p.ours.map { ours[$0] }
            let first = p.theirs.map { yr[$0.first] }
            let (financing, yrRate) = financing(o, first)
            return Line(
                cpr: o?.cpr ?? first!.cpr, week: o?.week ?? first!.week, benefit: o?.benefit.name ?? first!.benefitName, financing: financing,
                status: p.status, ourAmount: o?.amount, ourRate: o?.rate, ourResult: o?.result,
                yrAmount: p.theirs?.computed, yrRate: yrRate, yrResult: p.theirs?.result, atStake: p.atStake)
        }
    }

    /// How many lines of each status (without grouping copies of 700.000 lines).
    public static func counts(_ lines: [Line]) -> [Status: Int] {
        var out: [Status: Int] = [:]
        for l in lines { out[l.status, default: 0] += 1 }
        return out
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
