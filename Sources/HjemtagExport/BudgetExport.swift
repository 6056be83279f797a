import HjemtagCore

/// Sheets for the budget module: the reduction plan, the business case, the income allocation and
/// the settlement. Amounts in kroner, and every amount column says so: the page shows the same
/// tables in 1.000 kr. (the seeds' thousands are multiplied out on import).
public enum BudgetExport {
    public static func plan(_ plan: ReductionPlan, valued: [String: [Int: ScenarioEffect]] = [:]) -> Sheet {
        var s = Sheet(name: "Initiativer", columns: ["Linje"] + plan.years.map { "\($0) (kr.)" })
        for r in plan.rows(valued: valued) { s.add([.text(r.name)] + r.values.map { $0.map { .money($0) } ?? .empty }) }
        return s
    }

    public static func businessCase(_ bc: BusinessCase, outcomes: [BusinessCase.Outcome]) -> Sheet {
        var s = Sheet(name: "Businesscase", columns: ["Post", "Bevilling", "Refusionstype", "Forventet (kr.)", "Realiseret (kr.)"])
        for l in bc.income { s.add([.text("Øgede indtægter"), .text(l.area), .text(l.refundType.rawValue), .money(l.amount), .empty]) }
        s.add([.text("I alt øgede indtægter"), .empty, .empty, .money(bc.expectedIncome), .empty])
        for c in bc.costs { s.add([.text("Øgede udgifter"), .text(c.name), .empty, .money(c.amount), .empty]) }
        s.add([.text("I alt øgede udgifter"), .empty, .empty, .money(bc.totalCosts), .empty])
        for o in outcomes { s.add([.text("Forventet mod realiseret"), .empty, .text(o.type.rawValue), .money(o.expected), .money(o.realised)]) }
        return s
    }

    public static func allocation(_ a: IncomeAllocation) -> Sheet {
        var s = Sheet(
            name: "Fordeling \(a.year)",
            columns: [
                "Forvaltning", "Model", "Andel \(a.referenceYear)", "Budget (kr.)", "Faktisk (kr.)", "Difference (kr.)",
                "Til kassen (kr.)", "Til fagområdet (kr.)", "Hvis model 1 (kr.)", "Hvis model 2 (kr.)",
            ])
        for r in a.rows {
            s.add([
                .text(r.department), .integer(r.model.rawValue), .percent(r.share), .money(r.budget), .money(r.actual), .money(r.difference),
                .money(r.centralEffect), .money(r.departmentEffect), .money(r.difference), .money(r.difference),
            ])
        }
        s.add([
            .text("I alt"), .empty, .empty, .money(a.budget), .money(a.actual), .money(a.actual - a.budget), .money(a.centralEffect),
            .money(a.departmentEffect), .empty, .empty,
        ])
        return s
    }

    public static func settlement(_ st: Settlement, departments: [(String, Money, Money)]) -> Sheet {
        var s = Sheet(
            name: "Afregning \(st.year)",
            columns: ["Linje", "Beregnet år til dato (kr.)", "A conto at kræve (kr.)", "Modtaget, bogført (kr.)", "Difference (kr.)"])
        for q in st.quarters {
            s.add([.text("\(q.quarter). kvartal"), .money(q.computedToDate), .money(q.acconto), .money(q.booked), .money(q.acconto - q.booked)])
        }
        s.add([.text("Endelig opgørelse"), .money(st.final), .empty, .money(st.bookedTotal), .money(st.correction)])
        for (d, final, booked) in departments { s.add([.text("Forvaltning \(d)"), .money(final), .empty, .money(booked), .money(final - booked)]) }
        for d in st.deadlines { s.add([.text(d.text), .date(d.day), .empty, .empty, .empty]) }
        return s
    }
}
