import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct BudgetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "budget",
        abstract: "Budget og afregning: reduktionsmål og initiativer, businesscase, fordeling af indtægtsbudgettet, a conto og endelig opgørelse.",
        discussion: "Tabellerne indlæses med hjemtag import initiativer|businesscase|indtaegtsbudget FIL (docs/formats.md); den nyeste fil gælder.",
        subcommands: [Initiativer.self, Businesscase.self, Fordeling.self, Afregning.self], defaultSubcommand: Initiativer.self)

    struct Output: ParsableArguments {
        @Flag(help: "Skriv JSON.") var json = false
        @Option(help: "Skriv tabellen som XLSX.") var xlsx: String?

        func write(_ sheet: Sheet, _ value: some Encodable, text: () -> String) throws {
            if json { say(try JSONOutput.encode(value)) } else { say(text()) }
            if let xlsx {
                try XLSXWriter.write([sheet], to: URL(fileURLWithPath: xlsx))
                if !json { say("XLSX skrevet: \(xlsx)") }
            }
        }
    }

    static func thousands(_ m: Money) -> String { DanishFormat.integer(Int(m.ore / 100_000)) }

    struct Initiativer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "initiativer", abstract: "Reduktionsmål, initiativer og netto-udestående pr. år (1.000 kr.).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: Output

        func run() async throws {
            try await withStore(global) { store in
                let service = BudgetService(store: store)
                let plan = try await service.reductionPlan()
                let (valued, notes) = try await service.valuation(of: plan)
                let years = plan.years
                try output.write(BudgetExport.plan(plan, valued: valued), PlanJSON(plan)) {
                    let t = TextTable(columns: ["(1.000 kr.)"] + years.map(String.init))
                    for r in plan.rows(valued: valued) { t.add([r.name] + r.values.map { $0.map(thousands) ?? "-" }) }
                    return ([t.render(rightAligned: Set(1...years.count))] + notes).joined(separator: "\n")
                }
            }
        }
    }

    struct Businesscase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "businesscase", abstract: "Forventede merindtægter og udgifter mod det realiserede (fund markeret hjemtaget).")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: Output
        @Option(name: .customLong("aar"), help: "Kun fund fra dette år.") var year: Int?

        func run() async throws {
            try await withStore(global) { store in
                let (bc, outcomes, realised) = try await BudgetService(store: store).businessCase(year: year)
                try output.write(BudgetExport.businessCase(bc, outcomes: outcomes), BusinessCaseJSON(bc, outcomes, realised)) {
                    let t = TextTable(columns: ["Refusionstype", "Forventet", "Realiseret"])
                    for o in outcomes { t.add([o.type.rawValue, o.expected.danish, o.realised.danish]) }
                    var lines = [
                        "Øgede indtægter i alt \(thousands(bc.expectedIncome)) (1.000 kr.); øgede udgifter \(thousands(bc.totalCosts)); netto \(thousands(bc.expectedNet)).",
                        t.render(rightAligned: [1, 2]),
                    ]
                    if let r = bc.returnOnEffort(realised: realised) {
                        lines.append("Realiseret pr. krone brugt: \((r * Rational(100)).roundedToOre().danish) kr.")
                    }
                    return lines.joined(separator: "\n")
                }
            }
        }
    }

    struct Fordeling: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fordeling", abstract: "SDE-indtægtsbudgettet fordelt på forvaltninger efter referenceåret, model 1 og 2 side om side.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: Output
        @Option(name: .customLong("aar"), help: "Budgetåret.") var year: Int

        func run() async throws {
            try await withStore(global) { store in
                let a = try await BudgetService(store: store).allocation(year: year)
                try output.write(BudgetExport.allocation(a), AllocationJSON(a)) {
                    let t = TextTable(columns: ["Forvaltning", "Model", "Andel", "Budget", "Faktisk", "Difference", "Til kassen", "Til fagområdet"])
                    for r in a.rows {
                        t.add([
                            r.department, String(r.model.rawValue), r.share.danishPercent + " %", r.budget.danish, r.actual.danish,
                            r.difference.danish,
                            r.centralEffect.danish, r.departmentEffect.danish,
                        ])
                    }
                    return "Indtægtsbudget \(year) \(a.budget.danishKroner) fordelt efter \(a.referenceYear). Faktisk \(a.actual.danishKroner)\n"
                        + t.render(rightAligned: [2, 3, 4, 5, 6, 7])
                        + "\nKassen: \(a.centralEffect.danishKroner); fagområderne: \(a.departmentEffect.danishKroner)"
                }
            }
        }
    }

    struct Afregning: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "afregning", abstract: "A conto pr. kvartal, endelig opgørelse og difference pr. forvaltning til budgetopfølgningen 31. maj."
        )
        @OptionGroup var global: GlobalOptions
        @OptionGroup var output: Output
        @Option(name: .customLong("aar"), help: "Regnskabsåret.") var year: Int

        func run() async throws {
            try await withStore(global) { store in
                let (s, departments) = try await BudgetService(store: store).settlement(year: year)
                try output.write(
                    BudgetExport.settlement(s, departments: departments.map { ($0.department, $0.final, $0.booked) }), SettlementJSON(s, departments)
                ) {
                    let t = TextTable(columns: ["Kvartal", "År til dato", "A conto", "Modtaget"])
                    for q in s.quarters { t.add(["\(q.quarter).", q.computedToDate.danish, q.acconto.danish, q.booked.danish]) }
                    let d = TextTable(columns: ["Forvaltning", "Endelig", "Modtaget", "Difference"])
                    for x in departments { d.add([x.department, x.final.danish, x.booked.danish, x.difference.danish]) }
                    return [
                        "SDE \(year): endelig \(s.final.danishKroner), modtaget \(s.bookedTotal.danishKroner), difference \(s.correction.danishKroner)",
                        t.render(rightAligned: [1, 2, 3]), d.render(rightAligned: [1, 2, 3]),
                        s.deadlines.map { "\($0.day.danish): \($0.text)" }.joined(separator: "\n"),
                    ].joined(separator: "\n")
                }
            }
        }
    }
}

struct PlanJSON: Encodable {
    struct Year: Encodable {
        var aar: Int
        var maal: Money
        var planlagt: Money
        var netto_udestaaende: Money
        var realiseret: Money?
        var overfoert: Money
        var manko: Money
    }
    var initiativer: [String: [String: Money]]
    var aar: [Year]
    init(_ p: ReductionPlan) {
        initiativer = Dictionary(
            uniqueKeysWithValues: p.initiativeNames.map { n in (n, Dictionary(uniqueKeysWithValues: p.years.map { (String($0), p.effect(n, $0)) })) })
        aar = p.statuses().map {
            Year(
                aar: $0.year, maal: $0.target, planlagt: $0.planned, netto_udestaaende: $0.netOutstanding, realiseret: $0.realised,
                overfoert: $0.carriedIn, manko: $0.shortfall)
        }
    }
}

struct BusinessCaseJSON: Encodable {
    struct Outcome: Encodable {
        var refusionstype: String
        var forventet: Money
        var realiseret: Money
    }
    var indtaegter: [BusinessCase.IncomeLine]
    var udgifter: [BusinessCase.CostLine]
    var indtaegter_i_alt: Money
    var udgifter_i_alt: Money
    var realiseret_i_alt: Money
    var forventet_mod_realiseret: [Outcome]
    init(_ bc: BusinessCase, _ outcomes: [BusinessCase.Outcome], _ realised: Money) {
        indtaegter = bc.income
        udgifter = bc.costs
        indtaegter_i_alt = bc.expectedIncome
        udgifter_i_alt = bc.totalCosts
        realiseret_i_alt = realised
        forventet_mod_realiseret = outcomes.map { Outcome(refusionstype: $0.type.rawValue, forventet: $0.expected, realiseret: $0.realised) }
    }
}

struct AllocationJSON: Encodable {
    struct Row: Encodable {
        var forvaltning: String
        var model: Int
        var andel: String
        var budget: Money
        var faktisk: Money
        var difference: Money
        var til_kassen: Money
        var til_fagomraadet: Money
    }
    var aar: Int
    var referenceaar: Int
    var budget: Money
    var faktisk: Money
    var forvaltninger: [Row]
    init(_ a: IncomeAllocation) {
        aar = a.year
        referenceaar = a.referenceYear
        budget = a.budget
        faktisk = a.actual
        forvaltninger = a.rows.map {
            Row(
                forvaltning: $0.department, model: $0.model.rawValue, andel: $0.share.percentText, budget: $0.budget, faktisk: $0.actual,
                difference: $0.difference, til_kassen: $0.centralEffect, til_fagomraadet: $0.departmentEffect)
        }
    }
}

struct SettlementJSON: Encodable {
    struct Dept: Encodable {
        var forvaltning: String
        var endelig: Money
        var modtaget: Money
        var difference: Money
    }
    var aar: Int
    var kvartaler: [Settlement.Quarter]
    var endelig: Money
    var modtaget: Money
    var difference: Money
    var forvaltninger: [Dept]
    var frister: [Settlement.Deadline]
    init(_ s: Settlement, _ d: [BudgetService.DepartmentSettlement]) {
        aar = s.year
        kvartaler = s.quarters
        endelig = s.final
        modtaget = s.bookedTotal
        difference = s.correction
        frister = s.deadlines
        forvaltninger = d.map { Dept(forvaltning: $0.department, endelig: $0.final, modtaget: $0.booked, difference: $0.difference) }
    }
}
