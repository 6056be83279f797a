import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// Budget and settlement: the reduction plan (seed 004), the business case of the effort (seed 000)
/// and the SDE income budget by department under models 1 and 2 with the year's settlement (seed 002).
/// No person data: every role may read it.
struct BudgetPages: Sendable {
    let store: any Store
    let views: Views

    static func thousands(_ m: Money) -> String { Danish.integer(Int(m.ore / 100_000)) }
    static func thousandsValue(_ m: Money) -> Int { Int(m.magnitude.ore / 100_000) }

    /// The year the allocation and settlement show: asked for, or the newest income budget year.
    func year(_ request: Request) async throws -> Int? {
        if let y = request.uri.queryParameters.get("aar", as: Int.self) { return y }
        return IncomeBudget.from(rows: try await store.budgetRows(.incomeBudget)).map(\.year).max()
    }

    func page(_ request: Request, _ session: WebSession) async throws -> HTML {
        let service = BudgetService(store: store)
        var content: [String: Any] = [:]
        var missing: [String] = []
        if let plan = try? await service.reductionPlan() {
            let years = plan.years
            var rows: [[String: Any]] = [["name": "Reduktionsmål", "cells": years.map { Self.thousands(plan.target($0)) }, "strong": true]]
            for n in plan.initiativeNames { rows.append(["name": n, "cells": years.map { plan.effect(n, $0) == .zero ? "-" : Self.thousands(plan.effect(n, $0)) }, "strong": false]) }
            rows.append(["name": "Netto-udestående", "cells": years.map { Self.thousands(plan.netOutstanding($0)) }, "strong": true])
            let statuses = plan.statuses()
            if statuses.contains(where: { $0.realised != nil }) {
                rows.append(["name": "Realiseret", "cells": statuses.map { $0.realised.map(Self.thousands) ?? "" }, "strong": false])
                rows.append(["name": "Manko overført til næste år", "cells": statuses.map { Self.thousands($0.shortfall) }, "strong": false])
            }
            content["plan"] = ["years": years.map(String.init), "rows": rows,
                               "chart": SVGChart.grouped(labels: years.map(String.init), series: [
                                   .init(name: "Reduktionsmål", colour: "#1d3c5a", values: years.map { Self.thousandsValue(plan.target($0)) }),
                                   .init(name: "Initiativer og ufordelt", colour: "#2f6db0", values: years.map { Self.thousandsValue(plan.planned($0)) }),
                                   .init(name: "Netto-udestående", colour: "#e08a1e", values: years.map { Self.thousandsValue(plan.netOutstanding($0)) }),
                               ], title: "Reduktionsmål, initiativer og udestående (1.000 kr.)")]
        } else { missing.append("initiativer") }
        if let (bc, outcomes, realised) = try? await service.businessCase(year: nil) {
            content["business"] = [
                "income": bc.income.map { ["area": $0.area, "type": $0.refundType.rawValue, "amount": Self.thousands($0.amount)] },
                "costs": bc.costs.map { ["name": $0.name, "amount": Self.thousands($0.amount)] },
                "income_total": Self.thousands(bc.expectedIncome), "cost_total": Self.thousands(bc.totalCosts), "net": Self.thousands(bc.expectedNet),
                "outcomes": outcomes.map { ["type": $0.type.rawValue, "expected": $0.expected.danish, "realised": $0.realised.danish] },
                "realised": realised.danishKroner,
                "return": bc.returnOnEffort(realised: realised).map { (($0 * Rational(100)).roundedToOre()).danish } ?? "–",
                "chart": SVGChart.grouped(labels: outcomes.map { String($0.type.rawValue.prefix(14)) }, series: [
                    .init(name: "Forventet pr. år", colour: "#8a96a3", values: outcomes.map { Self.thousandsValue($0.expected) }),
                    .init(name: "Realiseret (hjemtaget)", colour: "#2f6db0", values: outcomes.map { Self.thousandsValue($0.realised) }),
                ], title: "Forventet mod realiseret (1.000 kr.)"),
            ]
        } else { missing.append("businesscase") }
        if let year = try await year(request) {
            do {
                let a = try await service.allocation(year: year)
                content["allocation"] = [
                    "year": year, "reference": a.referenceYear, "budget": a.budget.danishKroner, "actual": a.actual.danishKroner,
                    "central": a.centralEffect.danishKroner, "department": a.departmentEffect.danishKroner, "total_difference": (a.actual - a.budget).danishKroner,
                    "rows": a.rows.map { r in ["department": r.department, "model": r.model.rawValue, "share": r.share.danishPercent, "budget": r.budget.danish,
                                               "actual": r.actual.danish, "difference": r.difference.danish, "negative": r.difference.isNegative,
                                               "central": r.centralEffect.danish, "dept": r.departmentEffect.danish] },
                    "chart": SVGChart.grouped(labels: a.rows.map(\.department), series: [
                        .init(name: "Budget", colour: "#8a96a3", values: a.rows.map { Self.thousandsValue($0.budget) }),
                        .init(name: "Faktisk", colour: "#2f6db0", values: a.rows.map { Self.thousandsValue($0.actual) }),
                    ], title: "Indtægtsbudget og faktisk refusion pr. forvaltning (1.000 kr.)"),
                ]
                let (s, departments) = try await service.settlement(year: year)
                content["settlement"] = [
                    "year": year, "final": s.final.danishKroner, "booked": s.bookedTotal.danishKroner, "correction": s.correction.danishKroner,
                    "quarters": s.quarters.map { ["quarter": $0.quarter, "to_date": $0.computedToDate.danish, "acconto": $0.acconto.danish, "booked": $0.booked.danish] },
                    "departments": departments.map { ["department": $0.department, "final": $0.final.danish, "booked": $0.booked.danish, "difference": $0.difference.danish,
                                                      "negative": $0.difference.isNegative] },
                    "deadlines": s.deadlines.map { ["day": $0.day.danish, "text": $0.text] },
                ]
            } catch let e as BudgetError {
                content["allocation_error"] = e.description
            } catch let e as SchemeError {
                content["allocation_error"] = e.description
            }
        } else { missing.append("indtaegtsbudget") }
        content["missing"] = missing.isEmpty ? false : missing.joined(separator: ", ")
        return views.page("budget", title: "Budget og afregning", session: session, active: "budget", content)
    }

    func export(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let service = BudgetService(store: store)
        var sheets: [Sheet] = []
        let part = request.uri.queryParameters.get("del")
        if part == nil || part == "initiativer", let plan = try? await service.reductionPlan() { sheets.append(BudgetExport.plan(plan)) }
        if part == nil || part == "businesscase", let (bc, outcomes, _) = try? await service.businessCase(year: nil) { sheets.append(BudgetExport.businessCase(bc, outcomes: outcomes)) }
        if part == nil || part == "fordeling" || part == "afregning", let year = try await year(request) {
            if part != "afregning", let a = try? await service.allocation(year: year) { sheets.append(BudgetExport.allocation(a)) }
            if part != "fordeling", let (s, d) = try? await service.settlement(year: year) {
                sheets.append(BudgetExport.settlement(s, departments: d.map { ($0.department, $0.final, $0.booked) }))
            }
        }
        guard !sheets.isEmpty else { throw HTTPError(.notFound, message: "Der er ingen budgettabeller at eksportere endnu.") }
        return try Download.xlsx(sheets, name: "budget\(part.map { "-\($0)" } ?? "").xlsx")
    }
}
