import Foundation
import HjemtagCore
import HjemtagStore

/// The year's SDE refund looked ahead (issue 21 § 1): the months the ledger knows, and the months
/// after them under three scenarios, each run through the same SDE rule as the year's result.
public struct SDEForecast: Sendable {
    public struct Figures: Sendable {
        public var scenario: ForecastScenario
        /// Every month of the year; those up to `lastKnown` are the ledger's own.
        public var months: [MonthFigure]
        public var totalRefund: Money
        public var departments: [String: Money]
        public var crossings: [TierCrossing]
        public var nextYear: Money?
        /// Why next year could not be forecast (its limits are not entered).
        public var nextYearNote: String?
    }

    public var year: Int
    /// The last day the ledger is known to.
    public var asOf: Day
    /// The last complete month: its costs are the level carried on (the month before for a
    /// citizen whose costs for it are not booked yet).
    public var levelMonth: Month

    /// "kendt", "delvis kendt" or "prognose", for a month of the year.
    public func state(_ m: Month) -> String { m < levelMonth ? "kendt" : m == levelMonth ? "delvis kendt" : "prognose" }
    /// The average yearly growth used by the growth scenario; nil when it cannot be measured.
    public var growth: Rational?
    public var growthText: String
    public var scenarios: [Figures]
    public var notes: [String]
}

public struct SDEForecastService: Sendable {
    let store: any Store
    let today: Day

    public init(store: any Store, today: Day = .today) {
        self.store = store
        self.today = today
    }

    /// `asOf`: how far the ledger is taken as known (default: the newest import's latest posting).
    public func forecast(year: Int, asOf given: Day? = nil) async throws -> SDEForecast {
        var asOf = given
        if asOf == nil { asOf = try await store.latestPostingDate() }
        let known = min(asOf ?? Day(year: year, month: 1, day: 1)!.adding(days: -1), Day(year: year, month: 12, day: 31)!)
        let levelMonth = known == known.month.lastDay ? known.month : known.month.adding(-1)
        let sde = SDEService(store: store, today: today)
        let configuration = try await sde.configuration()
        let parameters = try await store.parameterSet()
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        let box = ForecastBox(
            year: try SDECalculator(year: year, configuration: configuration, parameters: parameters),
            next: try? SDECalculator(year: year + 1, configuration: configuration, parameters: parameters),
            earlier: [year - 1, year - 2].compactMap { try? SDECalculator(year: $0, configuration: configuration, parameters: parameters) },
            known: known, levels: ForecastLevels(newest: levelMonth))
        try await store.forEachPosting { box.add($0) }
        let index = HouseholdIndex(try await sde.householdMemberships(links: box.links))

        // Planned payments (OS2bos expected_payments) after the day; their citizens follow the plan.
        let planned = try await store.os2bosForecast().filter { $0.date > known || ($0.period.map { $0.end > known } ?? false) }
        let plannedCPRs = Set(planned.compactMap(\.cpr))
        let ends = try await serviceEnds()
        // Who pays each month ahead after a move: another municipality where we become the
        // opholdskommune and it refunds under § 9 c. A payer already paying in the level month is
        // in the known months too, and the double-claim finding speaks of it, not the forecast.
        let own = configuration.ownMunicipality
        let periods = try await IntermunicipalService(store: store).payerPeriodsByCPR(today: today)
        func paying(_ cpr: CPR, on day: Day) -> Int? {
            guard let p = periods[cpr]?.last(where: { $0.from <= day && ($0.to.map { $0 >= day } ?? true) }), let pays = p.payer, pays != own,
                p.episode.municipality == own
            else { return nil }
            return pays
        }
        let payer: (CPR, Month) -> Int? = { cpr, m in
            guard periods[cpr] != nil, let pays = paying(cpr, on: m.firstDay), paying(cpr, on: levelMonth.firstDay) != pays else { return nil }
            return pays
        }
        let (growth, growthText) = growthRate(box, levelMonth: levelMonth.adding(-1), year: year)

        var figures: [SDEForecast.Figures] = []
        for scenario in ForecastScenario.allCases {
            if scenario == .growth && growth == nil { continue }
            let factor: (Month, Month) -> Rational = { level, m in
                guard scenario == .growth, let g = growth else { return Rational(1) }
                return Self.grown(g, months: m.index - level.index)
            }
            func future(_ months: [Month]) -> [Posting] {
                let skip: (CPR, Month) -> Bool = { cpr, m in
                    box.knownMonths[cpr]?.contains(m) == true || (scenario == .planned && plannedCPRs.contains(cpr))
                }
                return box.levels.carried(into: months, factor: factor, ends: scenario == .planned ? ends : [:], skip: skip, payer: payer)
                    + (scenario == .planned ? planned : [])
            }
            let ahead = Month.months(ofYear: year).filter { $0 >= levelMonth }
            var calc = box.year
            for p in future(ahead) { calc.add(p) }
            let result = try calc.result(households: index)
            var departments: [String: Money] = [:]
            for s in result.subjects {
                for (d, m) in SDEService.allocate(s.refund, by: s.cprs.map { calc.departmentExpenses($0) }) {
                    departments[d, default: .zero] = departments[d, default: .zero] + m
                }
            }
            var months = Month.months(ofYear: year).map { MonthFigure(month: $0, eligible: .zero, refund: .zero) }
            var exact = [Rational](repeating: .zero, count: 12)
            for s in result.subjects {
                for (i, m) in s.months.enumerated() {
                    months[i].eligible = months[i].eligible + m.eligible
                    exact[i] = exact[i] + m.exactRefund
                }
            }
            for i in 0..<12 { months[i].refund = exact[i].roundedToOre() }
            var nextYear: Money?
            var nextNote: String?
            if var next = box.next {
                for p in future(Month.months(ofYear: year + 1)) { next.add(p) }
                nextYear = try next.result(households: index).totalRefund
            } else {
                do { _ = try SDECalculator(year: year + 1, configuration: configuration, parameters: parameters) } catch {
                    nextNote = error.description
                }
            }
            figures.append(
                SDEForecast.Figures(
                    scenario: scenario, months: months, totalRefund: result.totalRefund, departments: departments,
                    crossings: TierCrossing.find(result, after: levelMonth.adding(-1)), nextYear: nextYear, nextYearNote: nextNote))
        }
        var notes: [String] = []
        if planned.isEmpty {
            notes.append("Ingen forventede betalinger fra OS2bos efter \(known.danish): »som planlagt« bruger kun niveau og kendte slutdatoer.")
        }
        return SDEForecast(
            year: year, asOf: known, levelMonth: levelMonth, growth: growth, growthText: growthText, scenarios: figures, notes: notes)
    }

    /// Takes the forecast and keeps each scenario as taken, for the comparison with the outcome.
    public func take(year: Int, asOf: Day? = nil, by user: String) async throws -> (SDEForecast, [Int]) {
        let f = try await forecast(year: year, asOf: asOf)
        var ids: [Int] = []
        for s in f.scenarios {
            ids.append(
                try await store.saveSDEForecast(
                    StoredSDEForecast(
                        year: year, asOf: f.asOf, scenario: s.scenario.rawValue, takenBy: user, totalRefund: s.totalRefund, months: s.months,
                        departments: s.departments)))
        }
        try await store.appendAudit(
            username: user, action: .computation, page: "prognose \(year)",
            purpose: "SDE-prognose \(year) pr. \(f.asOf.danish): "
                + f.scenarios.map { "\($0.scenario.rawValue) \($0.totalRefund.danishKroner)" }.joined(separator: ", "))
        return (f, ids)
    }

    /// The last day of each Sensum citizen's services, where every service has one.
    func serviceEnds() async throws -> [CPR: Day] {
        let delivery = try await store.sensum()
        let cprByCitizen = Dictionary(delivery.citizens.map { ($0.citizenID, $0.cpr) }, uniquingKeysWith: { a, _ in a })
        let citizenByCase = Dictionary(delivery.cases.map { ($0.caseID, $0.citizenID) }, uniquingKeysWith: { a, _ in a })
        var ends: [CPR: Day?] = [:]
        for s in delivery.services {
            guard let citizen = citizenByCase[s.caseID], let cpr = cprByCitizen[citizen] else { continue }
            if let earlier = ends[cpr] {
                ends[cpr] = earlier.flatMap { e in s.end.map { max(e, $0) } }
            } else {
                ends[cpr] = s.end
            }
        }
        return ends.compactMapValues { $0 }
    }

    /// The average of this year's growth so far (the known months against the same months last
    /// year) and last year's (against the year before), where each can be measured.
    func growthRate(_ box: ForecastBox, levelMonth: Month, year: Int) -> (Rational?, String) {
        func eligible(_ calc: SDECalculator?, months: Int) -> Int64? {
            guard let calc, let r = try? calc.result() else { return nil }
            return r.subjects.reduce(0) { $0 + $1.months.prefix(months).reduce(0) { $0 + $1.eligible.ore } }
        }
        let known = levelMonth.year == year ? levelMonth.month : 0
        var rates: [(Rational, String)] = []
        let previous = box.earlier.first { $0.year == year - 1 }
        let before = box.earlier.first { $0.year == year - 2 }
        if known > 0, let now = eligible(box.year, months: known), let then = eligible(previous, months: known), then > 0 {
            rates.append(
                (Self.sixDecimals(Double(now - then) / Double(then)), "januar-\(Month.danishNames[known - 1]) \(year) mod samme måneder \(year - 1)"))
        }
        if let last = eligible(previous, months: 12), let first = eligible(before, months: 12), first > 0 {
            rates.append((Self.sixDecimals(Double(last - first) / Double(first)), "\(year - 1) mod \(year - 2)"))
        }
        guard !rates.isEmpty else {
            return (nil, "Væksten kan ikke måles: der er ikke SDE-udgifter i to sammenlignelige perioder før \(year) (eller deres grænser mangler).")
        }
        let mean = rates.reduce(Rational.zero) { $0 + $1.0 } / Rational(Int64(rates.count))
        return (
            mean,
            "Gennemsnitlig vækst \(mean.danishPercent) % om året ("
                + rates.map { "\($0.1): \($0.0.danishPercent) %" }.joined(separator: "; ") + ")."
        )
    }

    /// (1 + g) to the power months/12, to six decimals: a month's share of a yearly growth.
    static func grown(_ g: Rational, months: Int) -> Rational {
        sixDecimals(pow(1 + Double(g.numerator) / Double(g.denominator), Double(months) / 12))
    }

    /// A rate kept to six decimals: exact enough for a forecast, and small enough that the
    /// exact arithmetic on it cannot overflow.
    static func sixDecimals(_ x: Double) -> Rational { Rational(Int64((x * 1_000_000).rounded()), 1_000_000) }
}

/// What the one pass over the ledger gathers for the forecast.
final class ForecastBox: @unchecked Sendable {
    private let lock = NSLock()
    var year: SDECalculator
    var next: SDECalculator?
    var earlier: [SDECalculator]
    let known: Day
    var levels: ForecastLevels
    /// Months after the level month in which a citizen's costs are known already.
    var knownMonths: [CPR: Set<Month>] = [:]
    private var parentLinks = ParentLinks()

    init(year: SDECalculator, next: SDECalculator?, earlier: [SDECalculator], known: Day, levels: ForecastLevels) {
        self.year = year
        self.next = next
        self.earlier = earlier
        self.known = known
        self.levels = levels
    }

    func add(_ p: Posting) {
        lock.lock()
        defer { lock.unlock() }
        if !p.extra.isEmpty { parentLinks.add(p) }
        for i in earlier.indices { earlier[i].add(p) }
        guard p.date <= known else { return }
        year.add(p)
        next?.add(p)
        levels.add(p)
        // A one-off is spread over its whole year by the rule: it says nothing about a month's cost.
        if let cpr = p.cpr, p.period != nil {
            let level = levels.months[1]
            SDEPeriodisation.forEachPart(p.amount, over: p.period, postedOn: p.date) { part in
                if part.month > level { knownMonths[cpr, default: []].insert(part.month) }
            }
        }
    }

    var links: ParentLinks {
        lock.lock()
        defer { lock.unlock() }
        return parentLinks
    }
}
