/// Reduction targets and the initiatives meant to meet them (seed 004: "Økonomisk genopretning af
/// myndighedsområderne"). Amounts follow the seed's sign: reductions are negative.
public struct ReductionPlan: Sendable, Codable, Hashable {
    public enum LineKind: String, Sendable, Codable, CaseIterable {
        /// Reduktionsmål i budgetaftale.
        case target = "maal"
        /// An initiative's expected effect.
        case initiative = "initiativ"
        /// "Forventet, men p.t. ufordelt": expected, not yet allocated to an initiative.
        case unallocated = "ufordelt"
        /// The effect actually achieved in a year (entered after the year).
        case realised = "realiseret"
    }

    public struct Line: Sendable, Codable, Hashable {
        public var kind: LineKind
        public var name: String
        public var year: Int
        public var amount: Money
        public init(kind: LineKind, name: String, year: Int, amount: Money) {
            self.kind = kind
            self.name = name
            self.year = year
            self.amount = amount
        }
    }

    public var lines: [Line]
    public init(lines: [Line]) { self.lines = lines }

    public var years: [Int] { Set(lines.map(\.year)).sorted() }
    /// Initiatives and the unallocated row, in the order they were given.
    public var initiativeNames: [String] {
        var seen: [String] = []
        for l in lines where (l.kind == .initiative || l.kind == .unallocated) && !seen.contains(l.name) { seen.append(l.name) }
        return seen
    }

    func sum(_ year: Int, _ kinds: Set<LineKind>, name: String? = nil) -> Money {
        lines.filter { $0.year == year && kinds.contains($0.kind) && (name == nil || $0.name == name) }.reduce(.zero) { $0 + $1.amount }
    }

    public func target(_ year: Int) -> Money { sum(year, [.target]) }
    public func effect(_ name: String, _ year: Int) -> Money { sum(year, [.initiative, .unallocated], name: name) }
    /// Initiatives plus the unallocated expectation.
    public func planned(_ year: Int) -> Money { sum(year, [.initiative, .unallocated]) }
    /// Netto-udestående: what the year's target, with the shortfall carried in from the year
    /// before, still lacks after the planned effects (seed 004's last row).
    public func netOutstanding(_ year: Int) -> Money { statuses().first { $0.year == year }?.netOutstanding ?? target(year) - planned(year) }
    public func realised(_ year: Int) -> Money? {
        let r = lines.filter { $0.year == year && $0.kind == .realised }
        return r.isEmpty ? nil : r.reduce(.zero) { $0 + $1.amount }
    }

    /// The carry-over: "i det omfang det enkelte års udgiftsreduktion ikke bliver opnået, overføres
    /// det og lægges oveni reduktionsmålet for det efterfølgende år". It applies to achieved
    /// reductions; an excess over the target is not carried (it may go to the general economy).
    public struct YearStatus: Sendable, Codable, Hashable {
        public var year: Int
        public var target: Money
        public var carriedIn: Money
        public var adjustedTarget: Money { target + carriedIn }
        public var planned: Money
        public var netOutstanding: Money
        public var realised: Money?
        /// Negative: reduction still missing after the year, carried to the next year.
        public var shortfall: Money
        /// Positive: reduction beyond the adjusted target, free for the general economy.
        public var excess: Money
    }

    public func statuses() -> [YearStatus] {
        var carry = Money.zero
        var out: [YearStatus] = []
        for y in years {
            let adjusted = target(y) + carry
            var shortfall = Money.zero
            var excess = Money.zero
            if let r = realised(y) {
                // Reductions are negative: r above the adjusted target means too little was achieved.
                if r > adjusted { shortfall = adjusted - r } else { excess = adjusted - r }
            }
            out.append(
                YearStatus(
                    year: y, target: target(y), carriedIn: carry, planned: planned(y), netOutstanding: adjusted - planned(y),
                    realised: realised(y), shortfall: shortfall, excess: excess))
            carry = shortfall
        }
        return out
    }

    /// One row of the plan's table, as the page, the workbook and the command show it.
    public struct Row: Sendable, Hashable {
        public var name: String
        /// One per year of `years`; nil where the row has nothing for the year.
        public var values: [Money?]
        public var strong: Bool
        /// A row computed from the initiative's cases (scenario), not entered.
        public var computed: Bool
    }

    /// The table: targets, the shortfall carried in and the adjusted target, each initiative as
    /// entered, and, for an initiative that names its cases, its value computed on them gross and
    /// net of the refund it costs (`valued`: initiative → year → effect), then what is outstanding.
    public func rows(valued: [String: [Int: ScenarioEffect]] = [:]) -> [Row] {
        let statuses = statuses()
        let years = statuses.map(\.year)
        var out = [Row(name: "Reduktionsmål", values: statuses.map(\.target), strong: true, computed: false)]
        if statuses.contains(where: { $0.carriedIn != .zero }) {
            out.append(Row(name: "Manko overført fra året før", values: statuses.map(\.carriedIn), strong: false, computed: false))
            out.append(Row(name: "Reduktionsmål inkl. overført manko", values: statuses.map(\.adjustedTarget), strong: true, computed: false))
        }
        for n in initiativeNames {
            out.append(Row(name: n, values: years.map { effect(n, $0) == .zero ? nil : effect(n, $0) }, strong: false, computed: false))
            if let v = valued[n] {
                out.append(Row(name: "\(n): brutto på sagerne", values: years.map { v[$0]?.grossCost }, strong: false, computed: true))
                out.append(Row(name: "\(n): netto efter refusion", values: years.map { v[$0]?.net }, strong: false, computed: true))
            }
        }
        out.append(Row(name: "Netto-udestående", values: statuses.map(\.netOutstanding), strong: true, computed: false))
        if !valued.isEmpty {
            // Initiatives valued on their cases count with their net effect; the others as entered.
            let net = statuses.map { s in
                s.adjustedTarget - initiativeNames.reduce(Money.zero) { sum, n in sum + (valued[n]?[s.year]?.net ?? effect(n, s.year)) }
            }
            out.append(Row(name: "Netto-udestående, initiativer netto af refusion", values: net, strong: true, computed: true))
        }
        if statuses.contains(where: { $0.realised != nil }) {
            out.append(Row(name: "Realiseret", values: statuses.map(\.realised), strong: false, computed: false))
            out.append(Row(name: "Manko overført til næste år", values: statuses.map(\.shortfall), strong: false, computed: false))
        }
        return out
    }
}
