import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct BudgetContent: PageContent {
    static let template = Template.budget

    struct Plan: Sendable {
        struct Row: Sendable { let name: String, cells: [String], strong: Bool, computed: Bool }
        let years: [String], rows: [Row]
        /// Some initiatives are valued on their cases (the scenario file): the page says how.
        let valued: Bool
        let notes: [String]
        let chart: String
    }
    struct Business: Sendable {
        struct Income: Sendable { let area: String, type: String, amount: String }
        struct Cost: Sendable { let name: String, amount: String }
        struct Outcome: Sendable { let type: String, expected: String, realised: String }
        let income: [Income], costs: [Cost], incomeTotal: String, costTotal: String, net: String, outcomes: [Outcome], realised: String
        let `return`: String, chart: String
    }
    struct Allocation: Sendable {
        struct Row: Sendable {
            let department: String, model: Int, share: String, budget: String, actual: String, difference: String, negative: Bool
            let central: String, dept: String
        }
        let year: Int, reference: Int, budget: String, actual: String, central: String, department: String, totalDifference: String
        let rows: [Row], chart: String
    }
    struct Settlement: Sendable {
        struct Quarter: Sendable { let quarter: Int, toDate: String, acconto: String, booked: String }
        struct Department: Sendable { let department: String, final: String, booked: String, difference: String, negative: Bool }
        struct Deadline: Sendable { let day: String, text: String }
        let year: Int, final: String, booked: String, correction: String, quarters: [Quarter], departments: [Department], deadlines: [Deadline]
    }

    var plan: Plan?
    var business: Business?
    var allocation: Allocation?
    var settlement: Settlement?
    var allocationError: String?
    /// The tables not loaded yet, by import kind.
    var missing: String?
}

/// Budget and settlement: the reduction plan (seed 004), the business case of the effort (seed 000)
/// and the SDE income budget by department under models 1 and 2 with the year's settlement (seed 002).
/// No person data: every role may read it.
struct BudgetPages: Sendable {
    let store: any Store

    static func thousands(_ m: Money) -> String { Danish.integer(Int(m.ore / 100_000)) }
    static func thousandsValue(_ m: Money) -> Int { Int(m.magnitude.ore / 100_000) }

    /// The year the allocation and settlement show: asked for, or the newest income budget year.
    func year(_ asked: Int?) async throws -> Int? {
        if let asked { return asked }
        return IncomeBudget.from(rows: try await store.budgetRows(.incomeBudget)).map(\.year).max()
    }

    func page(year asked: Int?) async throws -> Page {
        let service = BudgetService(store: store)
        var content = BudgetContent()
        var missing: [String] = []
        if let plan = try? await service.reductionPlan() {
            let (valued, notes) = try await service.valuation(of: plan)
            content.plan = Self.plan(plan, valued: valued, notes: notes)
        } else {
            missing.append("initiativer")
        }
        if let (bc, outcomes, realised) = try? await service.businessCase(year: nil) {
            content.business = Self.business(bc, outcomes, realised)
        } else {
            missing.append("businesscase")
        }
        if let year = try await year(asked) {
            do {
                content.allocation = Self.allocation(try await service.allocation(year: year), year: year)
                let (s, departments) = try await service.settlement(year: year)
                content.settlement = .init(
                    year: year, final: s.final.danishKroner, booked: s.bookedTotal.danishKroner, correction: s.correction.danishKroner,
                    quarters: s.quarters.map {
                        .init(quarter: $0.quarter, toDate: $0.computedToDate.danish, acconto: $0.acconto.danish, booked: $0.booked.danish)
                    },
                    departments: departments.map {
                        .init(
                            department: $0.department, final: $0.final.danish, booked: $0.booked.danish, difference: $0.difference.danish,
                            negative: $0.difference.isNegative)
                    },
                    deadlines: s.deadlines.map { .init(day: $0.day.danish, text: $0.text) })
            } catch let e as BudgetError {
                content.allocationError = e.description
            } catch let e as SchemeError {
                content.allocationError = e.description
            }
        } else {
            missing.append("indtaegtsbudget")
        }
        content.missing = missing.isEmpty ? nil : missing.joined(separator: ", ")
        return Page(Scheme.budget.title, section: .budget, content)
    }

    static func plan(_ plan: ReductionPlan, valued: [String: [Int: ScenarioEffect]] = [:], notes: [String] = []) -> BudgetContent.Plan {
        let years = plan.years
        let rows = plan.rows(valued: valued).map { r in
            BudgetContent.Plan.Row(
                name: r.name, cells: r.values.map { $0.map(thousands) ?? "-" }, strong: r.strong, computed: r.computed)
        }
        return .init(
            years: years.map(String.init), rows: rows, valued: !valued.isEmpty, notes: notes,
            chart: SVGChart.grouped(
                labels: years.map(String.init),
                series: [
                    .init(name: "Reduktionsmål", colour: "#1d3c5a", values: years.map { thousandsValue(plan.target($0)) }),
                    .init(name: "Initiativer og ufordelt", colour: "#2f6db0", values: years.map { thousandsValue(plan.planned($0)) }),
                    .init(name: "Netto-udestående", colour: "#e08a1e", values: years.map { thousandsValue(plan.netOutstanding($0)) }),
                ], title: "Reduktionsmål, initiativer og udestående (1.000 kr.)"))
    }

    static func business(_ bc: BusinessCase, _ outcomes: [BusinessCase.Outcome], _ realised: Money) -> BudgetContent.Business {
        .init(
            income: bc.income.map { .init(area: $0.area, type: $0.refundType.rawValue, amount: thousands($0.amount)) },
            costs: bc.costs.map { .init(name: $0.name, amount: thousands($0.amount)) },
            incomeTotal: thousands(bc.expectedIncome), costTotal: thousands(bc.totalCosts), net: thousands(bc.expectedNet),
            outcomes: outcomes.map { .init(type: $0.type.rawValue, expected: $0.expected.danish, realised: $0.realised.danish) },
            realised: realised.danishKroner,
            return: bc.returnOnEffort(realised: realised).map { (($0 * Rational(100)).roundedToOre()).danish } ?? "–",
            chart: SVGChart.grouped(
                labels: outcomes.map { String($0.type.rawValue.prefix(14)) },
                series: [
                    .init(name: "Forventet pr. år", colour: "#8a96a3", values: outcomes.map { thousandsValue($0.expected) }),
                    .init(name: "Realiseret (hjemtaget)", colour: "#2f6db0", values: outcomes.map { thousandsValue($0.realised) }),
                ], title: "Forventet mod realiseret (1.000 kr.)"))
    }

    static func allocation(_ a: IncomeAllocation, year: Int) -> BudgetContent.Allocation {
        .init(
            year: year, reference: a.referenceYear, budget: a.budget.danishKroner, actual: a.actual.danishKroner,
            central: a.centralEffect.danishKroner, department: a.departmentEffect.danishKroner, totalDifference: (a.actual - a.budget).danishKroner,
            rows: a.rows.map { r in
                .init(
                    department: r.department, model: r.model.rawValue, share: r.share.danishPercent, budget: r.budget.danish,
                    actual: r.actual.danish, difference: r.difference.danish, negative: r.difference.isNegative,
                    central: r.centralEffect.danish, dept: r.departmentEffect.danish)
            },
            chart: SVGChart.grouped(
                labels: a.rows.map(\.department),
                series: [
                    .init(name: "Budget", colour: "#8a96a3", values: a.rows.map { thousandsValue($0.budget) }),
                    .init(name: "Faktisk", colour: "#2f6db0", values: a.rows.map { thousandsValue($0.actual) }),
                ], title: "Indtægtsbudget og faktisk refusion pr. forvaltning (1.000 kr.)"))
    }

    func export(part: String?, year asked: Int?) async throws -> Response {
        let service = BudgetService(store: store)
        var sheets: [Sheet] = []
        if part == nil || part == "initiativer", let plan = try? await service.reductionPlan() {
            sheets.append(BudgetExport.plan(plan, valued: try await service.valuation(of: plan).values))
        }
        if part == nil || part == "businesscase", let (bc, outcomes, _) = try? await service.businessCase(year: nil) {
            sheets.append(BudgetExport.businessCase(bc, outcomes: outcomes))
        }
        if part == nil || part == "fordeling" || part == "afregning", let year = try await year(asked) {
            if part != "afregning", let a = try? await service.allocation(year: year) { sheets.append(BudgetExport.allocation(a)) }
            if part != "fordeling", let (s, d) = try? await service.settlement(year: year) {
                sheets.append(BudgetExport.settlement(s, departments: d.map { ($0.department, $0.final, $0.booked) }))
            }
        }
        guard !sheets.isEmpty else { throw HTTPError(.notFound, message: "Der er ingen budgettabeller at eksportere endnu.") }
        return try Download.xlsx(sheets, name: "budget\(part.map { "-\($0)" } ?? "").xlsx")
    }
}
