import Foundation
import HjemtagCore

/// Amounts in budget tables: `beloeb` in kroner, or `beloeb_1000` in thousands as budget papers
/// write them (`-1.023` = −1.023.000 kr.; `-` = nothing).
struct BudgetAmount {
    static func read(_ row: inout RowContext, required: Bool) -> Money? {
        if row.header.position(of: "beloeb_1000") != nil {
            guard let raw = row.text("beloeb_1000") else {
                if required { row.problem("beloeb_1000", "værdi mangler") }
                return nil
            }
            if raw == "-" || raw == "–" { return .zero }
            // Whole thousands with thousands points: budget tables never mean a decimal point here.
            if raw.range(of: #"^-?\d{1,3}(\.\d{3})+$"#, options: .regularExpression) != nil {
                return Money(kroner: Int64(raw.replacingOccurrences(of: ".", with: ""))! * 1000)
            }
            do { return try Money.parse(raw) * 1000 } catch {
                row.problem("beloeb_1000", error.description)
                return nil
            }
        }
        if row.header.position(of: "beloeb") == nil {
            row.problem("beloeb", "filen skal have kolonnen beloeb (kroner) eller beloeb_1000 (1.000 kr.)")
            return nil
        }
        return row.money("beloeb", required: required)
    }

    static func year(_ row: inout RowContext, _ column: String, required: Bool) -> Int? {
        guard let raw = required ? row.required(column) : row.text(column) else { return nil }
        guard let y = Int(raw), (1990...2100).contains(y) else {
            row.problem(column, "'\(raw)' er ikke et årstal")
            return nil
        }
        return y
    }
}

/// Reduction targets and initiatives (`hjemtag import initiativer`): `type` (maal, initiativ,
/// ufordelt, realiseret), `navn`, `aar`, `beloeb_1000` or `beloeb`. Reductions are negative.
public struct InitiativeParser: RecordParser {
    public static let kind = ImportKind.initiatives
    public static let requiredColumns = ["type", "navn", "aar"]
    public static let knownColumns = ["type", "navn", "aar", "beloeb", "beloeb_1000"]
    public init() {}

    public func parse(_ row: inout RowContext) -> BudgetRow? {
        var type: ReductionPlan.LineKind?
        if let raw = row.required("type") {
            type = ReductionPlan.LineKind(rawValue: ColumnName.normalise(raw))
            if type == nil {
                row.problem("type", "'\(raw)' er ikke en type (brug \(ReductionPlan.LineKind.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let name = row.required("navn")
        let year = BudgetAmount.year(&row, "aar", required: true)
        let amount = BudgetAmount.read(&row, required: true)
        guard row.problems.isEmpty, let type, let name, let year, let amount else { return nil }
        return BudgetRow(table: .initiatives, type: type.rawValue, name: name, year: year, amount: amount)
    }
}

/// The business case of the refund effort (`hjemtag import businesscase`): `art` (indtaegt,
/// udgift), `bevilling` (appropriation area or cost name), `refusionstype` (for income),
/// `beloeb_1000` or `beloeb`. Income negative, costs positive, as in the seed.
public struct BusinessCaseParser: RecordParser {
    public static let kind = ImportKind.businessCase
    public static let requiredColumns = ["art", "bevilling"]
    public static let knownColumns = ["art", "bevilling", "refusionstype", "beloeb", "beloeb_1000"]
    public init() {}

    public func parse(_ row: inout RowContext) -> BudgetRow? {
        var art: String?
        if let raw = row.required("art") {
            art = ColumnName.normalise(raw)
            if art != "indtaegt" && art != "udgift" {
                row.problem("art", "'\(raw)' er hverken indtaegt eller udgift")
                art = nil
            }
        }
        let name = row.required("bevilling")
        var type: BusinessCase.RefundType?
        if art == "indtaegt" {
            if let raw = row.required("refusionstype") {
                type = BusinessCase.RefundType(parsing: raw)
                if type == nil {
                    row.problem(
                        "refusionstype",
                        "'\(raw)' er ikke en refusionstype (brug \(BusinessCase.RefundType.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
            }
        }
        let amount = BudgetAmount.read(&row, required: true)
        guard row.problems.isEmpty, let art, let name, let amount else { return nil }
        return BudgetRow(table: .businessCase, type: art, name: name, category: type?.rawValue, amount: amount)
    }
}

/// A scheme's refund income budget and the departments' models (`hjemtag import indtaegtsbudget`):
/// `type` budget (`aar`, `ordning`, `beloeb`, `referenceaar`) or model (`forvaltning`, `model` 1 or 2).
public struct IncomeBudgetParser: RecordParser {
    public static let kind = ImportKind.incomeBudget
    public static let requiredColumns = ["type"]
    public static let knownColumns = ["type", "aar", "ordning", "forvaltning", "model", "beloeb", "beloeb_1000", "referenceaar"]
    public init() {}

    public func parse(_ row: inout RowContext) -> BudgetRow? {
        guard let raw = row.required("type") else { return nil }
        let scheme = row.text("ordning").map(ColumnName.normalise) ?? "sde"
        switch ColumnName.normalise(raw) {
        case "budget":
            let year = BudgetAmount.year(&row, "aar", required: true)
            let reference = BudgetAmount.year(&row, "referenceaar", required: true)
            let amount = BudgetAmount.read(&row, required: true)
            guard row.problems.isEmpty, let year, let reference, let amount else { return nil }
            return BudgetRow(table: .incomeBudget, type: "budget", name: "", category: scheme, year: year, referenceYear: reference, amount: amount)
        case "model":
            let department = row.required("forvaltning")
            var model: Int?
            if let m = row.required("model") {
                model = Int(m)
                if model != 1 && model != 2 {
                    row.problem("model", "'\(m)' er ikke model 1 (kassen) eller 2 (fagområdet)")
                    model = nil
                }
            }
            guard row.problems.isEmpty, let department, let model else { return nil }
            return BudgetRow(table: .incomeBudget, type: "model", name: department, category: scheme, model: model)
        default:
            row.problem("type", "'\(raw)' er hverken budget eller model")
            return nil
        }
    }
}

/// A savings scenario's cases (`hjemtag scenarie FIL`, `hjemtag import scenarie`): `cpr`, `fra`,
/// and what changes from that day: `ny_maanedlig_udgift` (kroner a month), `ny_hjemmel`
/// (`SEL-107`, `LAB-...`), `ydelse` (the benefit the cost is paid as under LAB, on the refund
/// staircase), `slut` (the last day); `funktion` limits the case to one account function,
/// `initiativ` names the reduction-plan initiative it belongs to.
public struct ScenarioCaseParser: RecordParser {
    public static let kind = ImportKind.scenarioCases
    public static let requiredColumns = ["cpr", "fra"]
    public static let knownColumns = ["cpr", "fra", "ny_maanedlig_udgift", "ny_hjemmel", "ydelse", "slut", "funktion", "initiativ", "tekst"]
    public init() {}

    public func parse(_ row: inout RowContext) -> ScenarioCase? {
        let cpr = row.cpr("cpr", required: true)
        let from = row.day("fra", required: true)
        let cost = row.money("ny_maanedlig_udgift")
        if let cost, cost.isNegative { row.problem("ny_maanedlig_udgift", "en månedlig udgift kan ikke være negativ") }
        let end = row.day("slut")
        if let from, let end, end < from { row.problem("slut", "slutdatoen \(end.danish) ligger før fra-datoen \(from.danish)") }
        let function = row.accountFunction("funktion")
        var benefit: Benefit?
        if let raw = row.text("ydelse") {
            benefit = Benefit.lookup(raw)
            if benefit == nil {
                row.problem(
                    "ydelse", "'\(raw)' er ikke en ydelse i kataloget (fx \(Benefit.catalogue.prefix(3).map(\.code).joined(separator: ", ")))")
            } else if benefit!.financing != .refund {
                row.problem(
                    "ydelse",
                    "\(benefit!.name) udbetales ikke af kommunen (\(benefit!.financing.rawValue)); et scenarie kan kun flytte udgiften til en ydelse, kommunen udbetaler og får refusion for"
                )
            } else if let from, !benefit!.covers(from) {
                row.problem("ydelse", "\(benefit!.name) findes ikke \(from.danish) (gælder \(benefit!.from.danish)-\(benefit!.to?.danish ?? ""))")
            }
        }
        let basis = row.text("ny_hjemmel")
        if cost == nil && basis == nil && benefit == nil && end == nil && row.text("ydelse") == nil {
            row.problem("fra", "rækken siger ikke hvad der ændres: udfyld ny_maanedlig_udgift, ny_hjemmel, ydelse eller slut")
        }
        guard row.problems.isEmpty, let cpr, let from else { return nil }
        return ScenarioCase(
            cpr: cpr, from: from, monthlyCost: cost, legalBasis: basis, benefit: benefit?.code, end: end, function: function,
            initiative: row.text("initiativ"), text: row.text("tekst"), line: row.line)
    }
}
