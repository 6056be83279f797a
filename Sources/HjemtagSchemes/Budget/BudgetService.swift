import Foundation
import HjemtagCore
import HjemtagStore

public enum BudgetError: Error, CustomStringConvertible, Sendable {
    case tableMissing(BudgetRow.Table)
    case noIncomeBudget(year: Int, scheme: String)

    public var description: String {
        switch self {
        case .tableMissing(let t): return "der er ingen \(t.rawValue)-tabel; indlæs den: hjemtag import \(t.rawValue) FIL (se docs/formats.md)"
        case .noIncomeBudget(let year, let scheme):
            return "der er intet indtægtsbudget for \(scheme) \(year); indlæs det: hjemtag import indtaegtsbudget FIL (type budget, aar \(year))"
        }
    }
}

/// The refund income in the budget and the accounts: the reduction plan, the business case of the
/// effort with realised income, the SDE income budget by department under models 1 and 2, and the
/// settlement of a year (a'conto, final, correction by department).
public struct BudgetService: Sendable {
    let store: any Store
    public init(store: any Store) { self.store = store }

    public func reductionPlan() async throws -> ReductionPlan {
        let rows = try await store.budgetRows(.initiatives)
        guard !rows.isEmpty else { throw BudgetError.tableMissing(.initiatives) }
        return ReductionPlan(rows: rows)
    }

    /// The initiatives that name their cases (`hjemtag import scenarie`, column `initiativ`) valued
    /// on them for each year of the plan, gross and net of refund; a year the rules cannot compute
    /// (a limit not entered) is said in `notes`. Only totals per initiative: nothing is logged.
    public func valuation(of plan: ReductionPlan, today: Day = .today) async throws -> (
        values: [String: [Int: ScenarioEffect]], notes: [String]
    ) {
        let cases = try await store.scenarioCases().filter { c in c.initiative.map(plan.initiativeNames.contains) ?? false }
        guard !cases.isEmpty else { return ([:], []) }
        var values: [String: [Int: ScenarioEffect]] = [:]
        var notes: [String] = []
        for year in plan.years {
            do {
                let r = try await ScenarioService(store: store, today: today).evaluate(cases, year: year, by: nil)
                for (name, effect) in r.byInitiative { values[name, default: [:]][year] = effect }
            } catch let e as ParameterError {
                notes.append("\(year): initiativerne kan ikke værdisættes på sagerne: \(e.description)")
            }
        }
        return (values, notes)
    }

    /// Income recovered per refund type: findings marked "hjemtaget" (a paid mellemkommunal claim marks its finding).
    public func realised(year: Int?) async throws -> [BusinessCase.RefundType: Money] {
        var out: [BusinessCase.RefundType: Money] = [:]
        for t in BusinessCase.RefundType.allCases {
            let found = try await store.findings(scheme: t.scheme, year: year, includeInactive: true)
                .filter { $0.status == .recovered && $0.finding.direction == .claim }
            out[t] = found.reduce(Money.zero) { $0 + $1.finding.amount }
        }
        return out
    }

    public func businessCase(year: Int?) async throws -> (BusinessCase, [BusinessCase.Outcome], realised: Money) {
        let rows = try await store.budgetRows(.businessCase)
        guard !rows.isEmpty else { throw BudgetError.tableMissing(.businessCase) }
        let bc = BusinessCase(rows: rows)
        let realised = try await self.realised(year: year)
        return (bc, bc.outcomes(realised: realised), realised.values.reduce(.zero, +))
    }

    /// The SDE income budget of `year` divided by the reference year's income per department, with
    /// the year's computed refund per department as the actual.
    public func allocation(year: Int, scheme: String = Scheme.sde.rawValue) async throws -> IncomeAllocation {
        guard let budget = IncomeBudget.from(rows: try await store.budgetRows(.incomeBudget)).last(where: { $0.year == year && $0.scheme == scheme })
        else {
            throw BudgetError.noIncomeBudget(year: year, scheme: scheme)
        }
        guard let reference = try await store.latestSDERun(year: budget.referenceYear) else {
            throw SchemeError.noRun(scheme: .sde, year: budget.referenceYear)
        }
        let actual = try await store.latestSDERun(year: year)?.departmentRefunds ?? [:]
        return IncomeAllocation.allocate(
            year: year, referenceYear: budget.referenceYear, budget: budget.amount,
            reference: reference.departmentRefunds, actual: actual, models: budget.models)
    }

    public struct DepartmentSettlement: Sendable {
        public var department: String
        public var final: Money
        public var booked: Money
        public var difference: Money { final - booked }
    }

    /// The year's settlement: a'conto per quarter from the computed months, what the ledger shows as
    /// received on the SDE income functions, and the difference by department for the 31 May follow-up.
    public func settlement(year: Int) async throws -> (Settlement, [DepartmentSettlement]) {
        guard let run = try await store.latestSDERun(year: year) else { throw SchemeError.noRun(scheme: .sde, year: year) }
        let income = try await SDEService(store: store).configuration().incomeFunctions
        let byQuarter = MoneySums<Int>()
        let byDepartment = MoneySums<String>()
        try await PaymentMatchService(store: store, today: .today).ensureCurrent()
        try await store.forEachPosting { p in
            guard income.contains(p.function), p.date.year == year else { return }
            byQuarter.add((p.date.components.month - 1) / 3 + 1, -p.amount)
            byDepartment.add(p.department ?? "uden forvaltning", -p.amount)
        }
        let settlement = Settlement.compute(
            year: year, monthly: Dictionary(run.months.map { ($0.month, $0.refund) }, uniquingKeysWith: +), booked: byQuarter.all,
            yearTotal: run.totalRefund)
        let booked = byDepartment.all
        let departments = Set(run.departmentRefunds.keys).union(booked.keys).sorted()
        return (
            settlement,
            departments.map { DepartmentSettlement(department: $0, final: run.departmentRefunds[$0] ?? .zero, booked: booked[$0] ?? .zero) }
        )
    }
}
