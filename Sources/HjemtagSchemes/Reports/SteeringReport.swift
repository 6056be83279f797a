import Foundation
import HjemtagCore
import HjemtagStore

extension SteeringReport {
    /// The report for `period` from what the store holds on `today`.
    public static func make(period: Period, store: any Store, today: Day) async throws -> SteeringReport {
        var sections: [Section] = []
        let year = period.year

        // Income per scheme: the year's findings by where they stand.
        let findings = try await store.findings(scheme: nil, year: year, includeInactive: false)
        var income = Section(
            title: "Indtægter pr. ordning \(year)", columns: ["kan hjemtages", "hjemtaget", "afvist", "skal betales tilbage"], rows: [],
            remark: "Fund fra robottens beregninger for året; \"hjemtaget\" er de fund, en medarbejder har markeret som hjemtaget.")
        for scheme in Scheme.withFindings {
            let mine = findings.filter { $0.finding.scheme == scheme }
            func sum(_ keep: (StoredFinding) -> Bool) -> Money { mine.filter(keep).reduce(.zero) { $0 + $1.finding.amount } }
            let open = sum { $0.finding.direction == .claim && ($0.status == .new || $0.status == .investigating) }
            let received = sum { $0.finding.direction == .claim && $0.status == .recovered }
            let rejected = sum { $0.finding.direction == .claim && $0.status == .rejected }
            let payBack = sum { $0.finding.direction == .payBack && $0.status != .rejected }
            income.rows.append(
                Row(
                    label: scheme.title, values: [open, received, rejected, payBack], note: "\(mine.count) fund",
                    link: "/fund?ordning=\(scheme.rawValue)&aar=\(year)"))
        }
        let totals = income.rows.reduce(into: [Money](repeating: .zero, count: 4)) { acc, r in
            for (i, v) in r.values.enumerated() { acc[i] = acc[i] + (v ?? .zero) }
        }
        income.rows.append(Row(label: "I alt", values: totals, note: "", link: "/fund?aar=\(year)"))
        sections.append(income)

        // SDE: the computed refund of the period against the income budget.
        var sde = Section(
            title: "SDE-refusion \(period)", columns: ["beregnet", "budget", "prognose"], rows: [],
            remark:
                "Beregnet af de månedlige test i perioden; budgettet er indtægtsbudgettet for året (for et kvartal: en fjerdedel); prognosen er den senest gemte (nuværende niveau, hjemtag prognose --gem)."
        )
        // The newest kept forecast at the current level, for the period's months.
        let forecast = try await store.sdeForecasts(year: year).last { $0.scenario == ForecastScenario.level.rawValue }
        let forecastValue = forecast.map { f in
            period.quarter == nil ? f.totalRefund : f.months.filter { period.months.contains($0.month.month) }.reduce(Money.zero) { $0 + $1.refund }
        }
        if let run = try await store.latestSDERun(year: year) {
            // The year: its refund as rounded once; a quarter: its months' figures (each rounded for display).
            let computed =
                period.quarter == nil
                ? run.totalRefund : run.months.filter { period.months.contains($0.month.month) }.reduce(Money.zero) { $0 + $1.refund }
            let allocation = try? await BudgetService(store: store).allocation(year: year)
            let budget = allocation.map { period.quarter == nil ? $0.budget : Money(ore: $0.budget.ore / 4) }
            sde.rows.append(
                Row(
                    label: "Særligt dyre enkeltsager", values: [computed, budget, forecastValue],
                    note: "beregnet \(DanishFormat.timestamp(run.computedAt))" + (forecast.map { "; prognose pr. \($0.asOf.danish)" } ?? ""),
                    link: "/sde?aar=\(year)"))
        } else {
            sde.remark = "Året er ikke beregnet: hjemtag sde --year \(year) (eller Beregn på siden)."
        }
        sections.append(sde)

        // § 9 c claims we raise: by status, deadlines ahead, what was lost.
        var claims = Section(
            title: "Mellemkommunale krav (vores)", columns: ["kan kræves", "forældet"], rows: [],
            remark: "Krav efter retssikkerhedsloven § 9 c; forældet er hjælp givet for mere end tre år siden (Højesteret 18.4.2024).")
        var byStatus: [String: (Money, Money, Int)] = [:]
        var dueSoon = (count: 0, amount: Money.zero)
        for c in try await store.claims(direction: .outgoing, includeInactive: false) {
            let v = c.value(today: today)
            let key = c.status.danishName
            let was = byStatus[key] ?? (.zero, .zero, 0)
            byStatus[key] = (was.0 + v.claimable, was.1 + v.timeBarred, was.2 + 1)
            if let next = c.nextOpenDeadline(today: today, value: v), next - today <= ClaimRules.firstWarningDays {
                dueSoon.count += 1
                dueSoon.amount = dueSoon.amount + v.claimable
            }
        }
        for (status, v) in byStatus.sorted(by: { $0.key < $1.key }) {
            claims.rows.append(Row(label: status, values: [v.0, v.1], note: DanishFormat.count(v.2, "krav", "krav"), link: "/mellemkommunal"))
        }
        claims.rows.append(
            Row(
                label: "Frist inden for \(ClaimRules.firstWarningDays) dage", values: [dueSoon.amount, nil],
                note: DanishFormat.count(dueSoon.count, "krav", "krav"), link: "/"))
        sections.append(claims)

        // The reduction plan: targets with carried shortfalls, planned and outstanding.
        // A municipality without a reduction plan gets the section's remark, not an error.
        let plan = (try? await BudgetService(store: store).reductionPlan()) ?? ReductionPlan(lines: [])
        let valued = try await BudgetService(store: store).valuation(of: plan, today: today).values
        let netRow = plan.rows(valued: valued).first { $0.computed && $0.strong }
        var reduction = Section(
            title: "Reduktionsplan",
            columns: ["mål", "overført", "justeret mål", "planlagt", "udestående", "udestående netto af refusion", "realiseret"], rows: [],
            remark:
                "Et års manglende reduktion overføres og lægges oveni næste års mål. Udestående regner initiativerne som indtastet (brutto); netto af refusion regner de initiativer, der nævner deres sager (scenariefilen), med deres nettoeffekt efter SDE-, trappe- og mellemkommunal refusion."
        )
        for (i, s) in plan.statuses().enumerated() {
            reduction.rows.append(
                Row(
                    label: String(s.year),
                    values: [s.target, s.carriedIn, s.adjustedTarget, s.planned, s.netOutstanding, netRow?.values[i], s.realised], note: "",
                    link: "/budget"))
        }
        if reduction.rows.isEmpty { reduction.remark = "Ingen reduktionsplan importeret (hjemtag import initiativer FIL)." }
        sections.append(reduction)

        // The business case: expected income against realised, and the return on the effort.
        var business = Section(title: "Businesscase", columns: ["forventet", "realiseret"], rows: [], remark: nil)
        if let (bc, outcomes, realised) = try? await BudgetService(store: store).businessCase(year: year) {
            for o in outcomes { business.rows.append(Row(label: o.type.rawValue, values: [o.expected, o.realised], note: "", link: "/budget")) }
            business.rows.append(Row(label: "I alt", values: [bc.expectedIncome, realised], note: "", link: "/budget"))
            func ratio(_ r: Rational) -> String { (r * Rational(100)).roundedToOre().danish + " kr." }
            let expected = bc.returnOnEffort(realised: bc.expectedIncome).map { "forventet \(ratio($0))" } ?? ""
            let actual = bc.returnOnEffort(realised: realised).map { "realiseret \(ratio($0))" } ?? ""
            business.remark = "Afkast pr. krone brugt: \(expected), \(actual)."
        } else {
            business.remark = "Ingen businesscase importeret (hjemtag import businesscase FIL)."
        }
        sections.append(business)

        return SteeringReport(
            title: "Statusrapport til styregruppen, \(period)", period: period, made: "Dannet \(today.danish) af Hjemtag \(HjemtagVersion.current)",
            sections: sections)
    }
}
