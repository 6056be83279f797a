import Foundation
import HjemtagCore
import HjemtagStore

/// One month of a scenario case: what the citizen's help costs and what SDE refunds on the
/// subjects they belong to, before and after the change.
public struct ScenarioMonth: Sendable, Hashable {
    public var month: Month
    public var costBefore: Money
    public var costAfter: Money
    public var sdeBefore: Money
    public var sdeAfter: Money
    /// The SDE rate on the last krone of the month before the change (nil: below the first limit or not covered).
    public var marginalRate: Rational?
}

/// A scenario's figures for one year: each case on its own, each initiative's cases together, and
/// all cases together (cases in one household or on one citizen do not simply add up).
public struct ScenarioResult: Sendable {
    public struct CaseResult: Sendable {
        public var scenarioCase: ScenarioCase
        public var effect: ScenarioEffect
        public var months: [ScenarioMonth]
        /// The explanation, in Danish, with the rules.
        public var lines: [String]
    }

    public var year: Int
    /// How far the ledger is known; later months go on at the last complete month's level.
    public var horizon: Day?
    public var cases: [CaseResult]
    public var byInitiative: [(name: String, effect: ScenarioEffect)]
    public var total: ScenarioEffect
    public var notes: [String]
}

/// Values a savings scenario net of refund (issue 21 § 2): the same SDE, staircase and § 9 c rules
/// as the schemes, run on the cases' citizens with and without the change.
public struct ScenarioService: Sendable {
    let store: any Store
    let today: Day

    public init(store: any Store, today: Day = .today) {
        self.store = store
        self.today = today
    }

    /// The postings, payments and rules the scenario is computed from, read once.
    struct Basis {
        var year: Int
        var yearEnd: Day
        var configuration: SDEConfiguration
        var parameters: ParameterSet
        var households: HouseholdIndex
        /// Every member's postings cut into months, with the baseline carried past the horizon.
        var parts: [Posting]
        var staircase: StaircaseCalculator?
        var payers: [CPR: (own: Int, periods: [PayerPeriod])]
    }

    /// `horizon` overrides how far the ledger is known (default: the newest import's latest posting).
    /// Every case's citizen is written to the audit log under `user`, as the result shows their
    /// figures; nil only where no citizen's figures are shown (the plan's totals per initiative).
    public func evaluate(_ cases: [ScenarioCase], year: Int, horizon: Day? = nil, by user: String?) async throws -> ScenarioResult {
        guard !cases.isEmpty else { throw ScenarioError.noCases }
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        let sde = SDEService(store: store, today: today)
        var memberships: [HouseholdMembership] = []
        var members: Set<CPR> = []
        for cpr in Set(cases.map(\.cpr)).sorted() {
            let (h, m, _) = try await sde.subjectMembers(of: cpr, year: year)
            memberships += h
            members.formUnion(m)
        }
        var postings: [Posting] = []
        for m in members.sorted() { postings += try await store.postings(cpr: m) }
        var known = horizon
        if known == nil { known = try await store.latestPostingDate() }
        var parts = ScenarioLedger.monthlyParts(postings)
        let continued = known.map { ScenarioLedger.continuation(of: parts, horizon: $0, year: year) } ?? []
        parts += continued
        let yearEnd = Day(year: year, month: 12, day: 31)!
        let movers = Set(cases.filter { $0.benefit != nil }.map(\.cpr))
        var payers: [CPR: (own: Int, periods: [PayerPeriod])] = [:]
        for cpr in Set(cases.map(\.cpr)) { payers[cpr] = try await IntermunicipalService(store: store).payerPeriods(cpr: cpr, today: today) }
        let basis = Basis(
            year: year, yearEnd: yearEnd, configuration: try await sde.configuration(), parameters: try await store.parameterSet(),
            households: HouseholdIndex(Array(Set(memberships))), parts: parts,
            staircase: movers.isEmpty
                ? nil
                : try await StaircaseService(store: store).calculator(from: Day(year: year, month: 1, day: 1)!, to: yearEnd, only: movers),
            payers: payers)
        let baseline = try figures(basis, parts: basis.parts, benefits: [])
        var results: [ScenarioResult.CaseResult] = []
        for c in cases {
            let changed = try changes([c], basis)
            let after = try figures(basis, parts: changed.postings, benefits: changed.benefits)
            let effect = effect(baseline, after)
            results.append(
                ScenarioResult.CaseResult(
                    scenarioCase: c, effect: effect, months: months(c, basis, baseline, after, changed.benefits),
                    lines: explanation(c, effect, baseline, after)))
        }
        var initiatives: [(String, ScenarioEffect)] = []
        for name in cases.compactMap(\.initiative).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } } {
            let changed = try changes(cases.filter { $0.initiative == name }, basis)
            initiatives.append((name, effect(baseline, try figures(basis, parts: changed.postings, benefits: changed.benefits))))
        }
        let all = try changes(cases, basis)
        let total = effect(baseline, try figures(basis, parts: all.postings, benefits: all.benefits))
        var notes: [String] = []
        if let known, !continued.isEmpty {
            let persons = Set(continued.compactMap(\.cpr)).count
            notes.append(
                "Bogføringen kendes til og med \(known.danish) (nyeste import af posteringer, eller --dato): for \(DanishFormat.count(persons, "borger", "borgere")) er udgiften i de senere måneder af \(year) sat til niveauet i sidste hele måned før."
            )
        }
        let summed = results.reduce(ScenarioEffect()) { $0 + $1.effect }
        if summed != total {
            notes.append(
                "Sagerne påvirker hinanden (samme borger eller husstand): tilsammen \(total.net.danishKroner) netto, mod \(summed.net.danishKroner) lagt sammen sag for sag."
            )
        }
        for cpr in Set(cases.map(\.cpr)).sorted() {
            guard let user else { break }
            try await store.appendAudit(
                username: user, action: .view, cpr: cpr, page: "scenarie \(year)", purpose: "besparelsesscenarie: udgift og refusion før og efter")
        }
        return ScenarioResult(year: year, horizon: known, cases: results, byInitiative: initiatives, total: total, notes: notes)
    }

    /// The cases applied one after another (a later case on the same citizen works on the earlier's result).
    func changes(_ cases: [ScenarioCase], _ b: Basis) throws -> (postings: [Posting], benefits: [BenefitPayment]) {
        var parts = b.parts
        var benefits: [BenefitPayment] = []
        for c in cases {
            let benefit = try c.benefit.map { code throws(ScenarioError) -> Benefit in
                guard let found = Benefit.lookup(code) else { throw ScenarioError.unknownBenefit(code) }
                return found
            }
            let applied = ScenarioLedger.apply(c, to: parts, through: b.yearEnd, excluded: b.configuration.incomeFunctions, benefit: benefit)
            parts = applied.postings
            benefits += applied.benefits
        }
        return (parts, benefits)
    }

    /// What the rules give for one version of the cases' ledger.
    struct Figures {
        var sde: SDEResult
        var cost: [CPR: [Int64]]
        var staircase: [CPR: Money]
        var intermunicipal: [CPR: Money]
        var benefits: [CPR: [Int64]]
    }

    func figures(_ b: Basis, parts: [Posting], benefits: [BenefitPayment]) throws -> Figures {
        var calc = try SDECalculator(year: b.year, configuration: b.configuration, parameters: b.parameters)
        var cost: [CPR: [Int64]] = [:]
        let first = Month(year: b.year, month: 1).index
        for p in parts {
            calc.add(p)
            guard let cpr = p.cpr, b.payers[cpr] != nil, !b.configuration.incomeFunctions.contains(p.function) else { continue }
            SDEPeriodisation.forEachPart(p.amount, over: p.period, postedOn: p.date) { part in
                let i = part.month.index - first
                if i >= 0 && i < 12 { cost[cpr, default: [Int64](repeating: 0, count: 12)][i] += part.amount.ore }
            }
        }
        var paid: [CPR: [Int64]] = [:]
        for p in benefits {
            let i = p.period.start.month.index - first
            if i >= 0 && i < 12 { paid[p.cpr, default: [Int64](repeating: 0, count: 12)][i] += p.amount.ore }
        }
        var staircase: [CPR: Money] = [:]
        if var stairs = b.staircase {
            for p in benefits { stairs.add(p) }
            for w in stairs.result().weeks where w.financing == .refund && b.payers[w.cpr] != nil {
                staircase[w.cpr, default: .zero] = staircase[w.cpr, default: .zero] + w.result
            }
        }
        var intermunicipal: [CPR: Money] = [:]
        for (cpr, payer) in b.payers where !payer.periods.isEmpty {
            let own = parts.filter { $0.cpr == cpr }
            let claimed = ClaimRules.candidates(cpr: cpr, periods: payer.periods, postings: own, own: payer.own)
                .flatMap(\.lines).filter { $0.month.year == b.year }
            intermunicipal[cpr] = claimed.reduce(.zero) { $0 + $1.amount }
        }
        return Figures(
            sde: try calc.result(households: b.households), cost: cost, staircase: staircase, intermunicipal: intermunicipal, benefits: paid)
    }

    func effect(_ before: Figures, _ after: Figures) -> ScenarioEffect {
        func sum(_ d: [CPR: [Int64]]) -> Int64 { d.values.reduce(0) { $0 + $1.reduce(0, +) } }
        func sum(_ d: [CPR: Money]) -> Money { d.values.reduce(.zero, +) }
        return ScenarioEffect(
            grossCost: Money(ore: sum(after.cost) + sum(after.benefits) - sum(before.cost) - sum(before.benefits)),
            sdeRefund: after.sde.totalRefund - before.sde.totalRefund, staircaseRefund: sum(after.staircase) - sum(before.staircase),
            intermunicipal: sum(after.intermunicipal) - sum(before.intermunicipal))
    }

    func months(_ c: ScenarioCase, _ b: Basis, _ before: Figures, _ after: Figures, _ benefits: [BenefitPayment]) -> [ScenarioMonth] {
        let subjectsBefore = before.sde.subjects.filter { $0.cprs.contains(c.cpr) }
        let subjectsAfter = after.sde.subjects.filter { $0.cprs.contains(c.cpr) }
        let tiers = before.sde.tiers
        return Month.months(ofYear: b.year).enumerated().map { i, m in
            func refund(_ s: [SDESubject]) -> Money { s.reduce(Rational.zero) { $0 + $1.months[i].exactRefund }.roundedToOre() }
            let top = subjectsBefore.filter { $0.months[i].covered }.map(\.months[i].eligible).max()
            let rate = top.flatMap { e in tiers.monthlyBreakdown(e).last?.tier.rate }
            let costBefore = (before.cost[c.cpr]?[i] ?? 0) + (before.benefits[c.cpr]?[i] ?? 0)
            let costAfter = (after.cost[c.cpr]?[i] ?? 0) + (after.benefits[c.cpr]?[i] ?? 0)
            return ScenarioMonth(
                month: m, costBefore: Money(ore: costBefore), costAfter: Money(ore: costAfter), sdeBefore: refund(subjectsBefore),
                sdeAfter: refund(subjectsAfter), marginalRate: rate)
        }
    }

    func explanation(_ c: ScenarioCase, _ e: ScenarioEffect, _ before: Figures, _ after: Figures) -> [String] {
        var lines = ["Ændring \(c.changeText)."]
        lines.append("Bruttoudgiften ændres med \(e.grossCost.danishKroner) i året.")
        let subjects = before.sde.subjects.filter { $0.cprs.contains(c.cpr) }
        if e.sdeRefund != .zero || !subjects.isEmpty {
            let names = subjects.map { $0.kind == .household ? "husstanden" : "borgeren" }
            lines.append(
                "SDE (serviceloven § 176, BEK om den centrale refusionsordning §§ 3-6) regnet måned for måned på \(names.isEmpty ? "borgeren" : Set(names).sorted().joined(separator: " og ")): refusionen ændres med \(e.sdeRefund.danishKroner), fordi den del af besparelsen, der lå over en grænse, også var refunderet med trinnets sats."
            )
        }
        if e.staircaseRefund != .zero {
            lines.append(
                "Refusionstrappen (lov om finansiering af ydelser §§ 5-6): ydelsen regnes videre på borgerens trin efter antal uger med ydelse; refusionen ændres med \(e.staircaseRefund.danishKroner)."
            )
        }
        if e.intermunicipal != .zero {
            lines.append(
                "Mellemkommunal refusion (retssikkerhedsloven § 9 c): en anden kommune betaler udgiften i perioden, så dens betaling ændres med \(e.intermunicipal.danishKroner); kommunen beholder kun resten."
            )
        }
        if e.sdeRefund != .zero && e.intermunicipal != .zero {
            lines.append(
                "Bemærk: udgiften indgår både i SDE-grundlaget og i et krav efter § 9 c; den kommune, der endeligt afholder udgiften, søger SDE (BEK § 1 stk. 3)."
            )
        }
        lines.append("Netto for kommunen: \(e.net.danishKroner) = brutto \(e.grossCost.danishKroner) − ændret refusion og betaling fra andre.")
        return lines
    }
}

public enum ScenarioError: Error, CustomStringConvertible, Sendable {
    case noCases
    case unknownBenefit(String)

    public var description: String {
        switch self {
        case .noCases: return "scenariet har ingen sager; angiv mindst én række med cpr, fra og hvad der ændres"
        case .unknownBenefit(let code): return "ydelsen '\(code)' findes ikke i kataloget"
        }
    }
}
