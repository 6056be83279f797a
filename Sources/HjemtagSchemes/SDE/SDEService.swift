import Foundation
import HjemtagCore
import HjemtagStore

/// Loads what SDE needs from the store, runs the pure rules, and stores results and findings.
/// Shared by the CLI, the web and the demo so they cannot compute differently.
public struct SDEService: Sendable {
    public static let incomeFunctionsSetting = "sde.indtaegtsfunktioner"
    public static let objectivelyFinancedSetting = "sde.objektivt_finansierede_funktioner"

    let store: any Store
    /// Told the postings read and the subjects computed, for a job's page.
    let progress: JobProgress?
    /// The day that decides which planned OS2bos payments are due (`PaymentMatchService`).
    let today: Day
    /// How many parts a run's subjects are gathered in; nil: one a core, for 10.000 or more.
    var threads: Int?

    public init(store: any Store, progress: JobProgress? = nil, today: Day = .today) {
        self.store = store
        self.progress = progress
        self.today = today
    }

    public func configuration() async throws -> SDEConfiguration {
        guard let own = try await store.ownMunicipality() else {
            throw SchemeError.municipalityNotSet
        }
        return SDEConfiguration(
            ownMunicipality: own.code,
            objectivelyFinanced: Set(try await FunctionListSetting.sdeObjectivelyFinanced.current(in: store)),
            incomeFunctions: Set(try await FunctionListSetting.sdeIncomeFunctions.current(in: store)))
    }

    /// The configuration, or nil while the municipality is not set: what a ledger import's
    /// postings are summed under as they are stored (`ImportMeta.sdeSums`).
    public func configurationIfSet() async throws -> SDEConfiguration? {
        guard try await store.ownMunicipality() != nil else { return nil }
        return try await configuration()
    }

    /// Computes the year from the stored sums (`SDECostSums`), brought up to date first, and the
    /// postings the cost view changes, read as they count: the same as from every posting as it
    /// counts (`computeFromPostings`, tested), reading a row per person instead.
    public func compute(year: Int) async throws -> (SDECalculator, SDEResult) {
        let configuration = try await configuration()
        let box = CalculatorBox(
            try SDECalculator(year: year, configuration: configuration, parameters: try await store.parameterSet()), progress: progress)
        progress?.phase("matcher OS2bos-betalinger med bogføringen")
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        progress?.phase("opdaterer SDE-summerne fra nye posteringer")
        let summed: Int
        switch try await store.refreshSDESums(configuration: configuration) {
        case .current: summed = 0
        case .added(_, let postings), .rebuilt(let postings): summed = postings
        }
        progress?.rows(summed)
        progress?.phase("læser summer pr. borger og år")
        box.add(
            quality: try await store.sdeSums(year: year) { cpr, rowYear, department, row in
                box.add(cpr: cpr, year: rowYear, department: department, row)
            })
        try await store.forEachViewedPosting { summed, counted in box.replace(summed, with: counted) }
        progress?.rows(summed + box.count)
        progress?.phase("beregner borgere og husstande")
        var links = box.links
        for link in try await store.sdeParentLinks() { links.add(link) }
        let calc = box.calculator
        return (calc, try calc.result(households: HouseholdIndex(try await householdMemberships(links: links))))
    }

    /// The same from every posting as it counts, read one by one: what the sums must agree with.
    func computeFromPostings(year: Int) async throws -> (SDECalculator, SDEResult) {
        let parameters = try await store.parameterSet()
        let box = CalculatorBox(try SDECalculator(year: year, configuration: try await configuration(), parameters: parameters), progress: progress)
        progress?.phase("matcher OS2bos-betalinger med bogføringen")
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        progress?.phase("læser posteringer")
        try await store.forEachPosting { box.add($0) }
        progress?.rows(box.count)
        progress?.phase("beregner borgere og husstande")
        let calc = box.calculator
        return (calc, try calc.result(households: HouseholdIndex(try await householdMemberships(links: box.links))))
    }

    /// CPR household periods, plus households derived from OS2bos parent CPRs for children the
    /// CPR file does not cover.
    func householdMemberships(links: ParentLinks) async throws -> [HouseholdMembership] {
        let registered = try await store.households()
        guard !links.isEmpty else { return registered }
        return registered + links.memberships(excluding: Set(registered.map(\.cpr.digits)))
    }

    /// Computes, stores the run (replacing the year's earlier one) and the findings.
    @discardableResult
    public func run(year: Int, by user: String) async throws -> (StoredSDERun, [StoredSDESubject], [Finding]) {
        let ledger = ComputationLedger(store: store)
        let inputs = try await ledger.inputs(.sde, year: year)
        let (calc, result) = try await compute(year: year)
        progress?.phase("fordeler på forvaltninger og gemmer")
        // The subjects in parts, one a core; every total is an exact sum, so the parts add up to
        // what one pass gives, and the subjects keep their order.
        let all = result.subjects
        let parts = partCount(all.count, threads: threads)
        let gathered = inParallel(parts: parts) { part in RunTotals(all.slice(part, of: parts), calculator: calc) }
        var totals = RunTotals()
        for part in gathered { totals.add(part) }
        let subjects = totals.subjects
        var parameters = result.tiers.tiers.flatMap { [$0.thresholdRef, $0.rateRef] }
        if let child = result.childTiers { parameters += child.tiers.map(\.thresholdRef) }
        let run = StoredSDERun(
            year: year, computedBy: user, totalRefund: result.totalRefund, totalEligible: result.totalEligible,
            subjectCount: result.subjects.count,
            tierRefunds: Dictionary(totals.slices.byRate.map { ($0.rate.percentText, $0.refund.roundedToOre()) }, uniquingKeysWith: +),
            months: Month.months(ofYear: year).enumerated().map {
                MonthFigure(month: $1, eligible: totals.monthEligible[$0], refund: totals.slices.refund(month: $0).roundedToOre())
            },
            departmentRefunds: totals.departments, parameters: parameters)
        let findings =
            SDEFindings.findings(result: result, calculator: calc) + (try await PaymentMatchService(store: store, today: today).findings(year: year))
            + DoubleClaimCheck.findings(
                year: year, subjects: subjects, claims: try await store.claims(direction: .outgoing, includeInactive: false))
        // Findings first: a page that sees the new run must also see its findings (it keeps a
        // run's list and totals once read).
        try await store.replaceFindings(scheme: Scheme.sde, year: year, findings)
        let id = try await store.saveSDERun(run, subjects: subjects)
        try await ledger.record(.sde, year: year, by: user, from: inputs)
        try await store.appendAudit(
            username: user, action: .computation, page: "\(Scheme.sde.rawValue) \(year)",
            purpose:
                "\(Scheme.sde.title) \(year): refusion \(run.totalRefund.danishKroner), \(DanishFormat.count(subjects.count, "emne", "emner")), \(DanishFormat.count(findings.count, "fund", "fund"))"
        )
        progress?.persons(subjects.count)
        var saved = run
        saved.id = id
        return (saved, subjects, findings)
    }

    /// Splits an amount over departments in proportion to their positive expense; the rounding
    /// remainder goes to the largest, so the parts sum exactly.
    static func allocate(_ amount: Money, by expenses: [[String: Money]]) -> [String: Money] {
        var totals: [String: Int64] = [:]
        for e in expenses { for (d, m) in e where m.ore > 0 { totals[d, default: 0] += m.ore } }
        let sum = totals.values.reduce(0, +)
        guard sum > 0, amount != .zero else { return amount == .zero ? [:] : ["ukendt": amount] }
        var out: [String: Money] = [:]
        var used: Int64 = 0
        for (d, e) in totals {
            let share = (Rational(amount.ore) * Rational(e, sum)).roundedToOre()
            out[d] = share
            used += share.ore
        }
        let largest = totals.max { $0.value < $1.value }!.key
        out[largest] = out[largest]! + Money(ore: amount.ore - used)
        return out
    }

    /// The explanation for every subject a person belongs to in the year: their own, and their
    /// household's. Reads only the postings of the people involved.
    public func explain(cpr: CPR, year: Int) async throws -> [(SDESubject, Explanation)] {
        try await PaymentMatchService(store: store, today: today).ensureCurrent()
        let (households, members, own) = try await subjectMembers(of: cpr, year: year)
        let index = HouseholdIndex(households)
        var calc = try SDECalculator(
            year: year, configuration: try await configuration(), parameters: try await store.parameterSet(), tracing: members)
        for member in members.sorted() {
            for p in member == cpr ? own : try await store.postings(cpr: member) { calc.add(p) }
        }
        let result = try calc.result(households: index)
        return result.subjects.filter { $0.cprs.contains(cpr) }.map { ($0, SDEExplainer.explain(subject: $0, result: result, calculator: calc)) }
    }

    /// Whose postings decide a citizen's SDE subjects in a year: the citizen and the members of
    /// the households they belong to in it, with those households and the citizen's own postings.
    /// Reads only the postings of the people involved, unless OS2bos links siblings by a parent.
    func subjectMembers(of cpr: CPR, year: Int) async throws -> (households: [HouseholdMembership], members: Set<CPR>, own: [Posting]) {
        var links = ParentLinks()
        let own = try await store.postings(cpr: cpr)
        for p in own { links.add(p) }
        if !links.isEmpty {
            // Siblings through OS2bos share a parent: find them by streaming once.
            let box = LinkBox()
            try await store.forEachPosting { box.add($0) }
            links = box.links
        }
        // Without OS2bos parent links only the citizen's own households matter: read those, not
        // the whole register (a drill-down is a page view, not a run).
        let households = links.isEmpty ? try await store.households(sharingWith: cpr) : try await householdMemberships(links: links)
        let index = HouseholdIndex(households)
        let theirs = Set(Month.months(ofYear: year).compactMap { index.household(of: cpr, in: $0) })
        let members = Set(households.filter { theirs.contains($0.household) }.map(\.cpr)).union([cpr])
        return (households, members, own)
    }
}

/// What a run stores, gathered from some of its subjects.
private struct RunTotals: Sendable {
    var subjects: [StoredSDESubject] = []
    var departments: [String: Money] = [:]
    var slices = TierSlices()
    var monthEligible = [Money](repeating: .zero, count: 12)

    init() {}

    init(_ part: ArraySlice<SDESubject>, calculator calc: SDECalculator) {
        subjects.reserveCapacity(part.count)
        for s in part {
            let refund = s.refund
            let allocated = SDEService.allocate(refund, by: s.cprs.map { calc.departmentExpenses($0) })
            for (d, m) in allocated { departments[d, default: .zero] = departments[d, default: .zero] + m }
            for (i, m) in s.months.enumerated() {
                monthEligible[i] = monthEligible[i] + m.eligible
                // A covered month's exact refund is Σ rate × slice / 12 (`SDETiers.monthlyRefund`).
                guard m.covered else { continue }
                calc.tiers(for: m).forEachSlice(m.eligible) { tier, twelfths in slices.add(month: i, rate: tier.rate, twelfths) }
            }
            subjects.append(
                StoredSDESubject(
                    key: s.key, kind: s.kind.rawValue, cprs: s.cprs, eligible: s.eligible, refund: refund,
                    claimed: s.cprs.reduce(.zero) { $0 + calc.claimed($1) }, track: s.track,
                    months: s.months.map { MonthFigure(month: $0.month, eligible: $0.eligible, refund: $0.refund, covered: $0.covered) },
                    departments: allocated))
        }
    }

    mutating func add(_ other: RunTotals) {
        subjects += other.subjects
        departments.merge(other.departments, uniquingKeysWith: +)
        slices.add(other.slices)
        for i in 0..<12 { monthEligible[i] = monthEligible[i] + other.monthEligible[i] }
    }
}

/// The covered months' tier slices summed by month and rate, in twelfths of an øre: the run's
/// refund per month and per rate are then the exact fractions Σ rate × slices / 12, with a
/// multiplication per rate at the end where a fraction was added per subject and month (the
/// additions and a tier breakdown's array per month were a tenth of a recomputation).
private struct TierSlices: Sendable {
    /// The rates met, in the order met; a run has two to four.
    private(set) var rates: [Rational] = []
    /// `twelfths[month][r]`: the sum of the slices at `rates[r]` in the month.
    private var twelfths = [[Int64]](repeating: [], count: 12)

    mutating func add(month: Int, rate: Rational, _ slice: Int64) {
        let r = index(of: rate)
        twelfths[month][r] += slice
    }

    mutating func add(_ other: TierSlices) {
        for (r, rate) in other.rates.enumerated() {
            let mine = index(of: rate)
            for month in 0..<12 { twelfths[month][mine] += other.twelfths[month][r] }
        }
    }

    private mutating func index(of rate: Rational) -> Int {
        if let i = rates.firstIndex(of: rate) { return i }
        rates.append(rate)
        for month in 0..<12 { twelfths[month].append(0) }
        return rates.count - 1
    }

    /// The month's exact refund.
    func refund(month: Int) -> Rational {
        rates.indices.reduce(Rational.zero) { $0 + rates[$1] * Rational(twelfths[month][$1]) } / Rational(12)
    }

    /// The exact refund at each rate, over the year.
    var byRate: [(rate: Rational, refund: Rational)] {
        rates.indices.map { r in (rates[r], rates[r] * Rational((0..<12).reduce(Int64(0)) { $0 + twelfths[$1][r] }) / Rational(12)) }
    }
}

/// Lets the streaming callback feed the calculator and collect OS2bos parent links.
private final class CalculatorBox: @unchecked Sendable {
    private let lock = NSLock()
    private var calc: SDECalculator
    private var parentLinks = ParentLinks()
    private let progress: JobProgress?
    private(set) var count = 0
    init(_ calc: SDECalculator, progress: JobProgress?) {
        self.calc = calc
        self.progress = progress
    }
    func add(_ p: Posting) {
        lock.lock()
        calc.add(p)
        if !p.extra.isEmpty { parentLinks.add(p) }
        count += 1
        if count % 50_000 == 0 { progress?.rows(count) }
        lock.unlock()
    }
    /// A stored person's sums for a year and department.
    func add(cpr: CPR, year: Int, department: String, _ row: SDECostSums.Row) {
        lock.lock()
        calc.add(cpr: cpr, year: year, department: department, row)
        count += 1
        if count % 50_000 == 0 { progress?.rows(count) }
        lock.unlock()
    }
    func add(quality: SDEDataQuality) {
        lock.lock()
        calc.add(quality: quality)
        lock.unlock()
    }
    /// A posting the cost view changes: out as the sums hold it, in as it counts.
    func replace(_ summed: Posting?, with counted: Posting?) {
        lock.lock()
        if let summed { calc.remove(summed) }
        if let counted {
            calc.add(counted)
            if !counted.extra.isEmpty { parentLinks.add(counted) }
        }
        count += 1
        lock.unlock()
    }
    var calculator: SDECalculator {
        lock.lock()
        defer { lock.unlock() }
        return calc
    }
    var links: ParentLinks {
        lock.lock()
        defer { lock.unlock() }
        return parentLinks
    }
}

private final class LinkBox: @unchecked Sendable {
    private let lock = NSLock()
    private var parentLinks = ParentLinks()
    func add(_ p: Posting) {
        guard !p.extra.isEmpty else { return }
        lock.lock()
        parentLinks.add(p)
        lock.unlock()
    }
    var links: ParentLinks {
        lock.lock()
        defer { lock.unlock() }
        return parentLinks
    }
}

public enum SchemeError: Error, CustomStringConvertible, Sendable {
    case municipalityNotSet
    case noRun(scheme: Scheme, year: Int?)

    public var description: String {
        switch self {
        case .municipalityNotSet: return "databasen ved ikke hvilken kommune den tilhører; kør: hjemtag migrate --kommune KODE"
        case .noRun(let scheme, let year):
            return "der er ingen \(scheme)-beregning\(year.map { " for \($0)" } ?? ""); kør: hjemtag \(scheme.rawValue) --year ÅR"
        }
    }
}
