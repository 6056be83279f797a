import Foundation
import HjemtagCore

/// Tariffs of internal offers (`hjemtag import takster`): `tilbud`, `enhed` (dag, maaned, time),
/// `beloeb` (kroner per unit), `fra`, `til`, `grundlag` (the decision or calculation it rests on),
/// `funktion` and `paragraf` (where the cost stands and under which law), `forvaltning`. The
/// newest file is the list of tariffs.
public struct TariffParser: RecordParser {
    public static let kind = ImportKind.tariffs
    public static let requiredColumns = ["tilbud", "enhed", "beloeb", "fra", "til", "grundlag", "funktion"]
    public static let knownColumns = requiredColumns + ["paragraf", "forvaltning"]
    public init() {}

    public func parse(_ row: inout RowContext) -> Tariff? {
        let offer = row.required("tilbud")
        var unit: Tariff.Unit?
        if let raw = row.required("enhed") {
            unit = Tariff.Unit(rawValue: ColumnName.normalise(raw))
            if unit == nil {
                row.problem("enhed", "'\(raw)' er ikke en enhed (brug \(Tariff.Unit.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        let amount = row.money("beloeb", required: true)
        if let amount, amount.ore <= 0 { row.problem("beloeb", "en takst skal være større end 0") }
        let period = row.period(from: "fra", to: "til")
        let basis = row.required("grundlag")
        let function = row.accountFunction("funktion", required: true)
        guard row.problems.isEmpty, let offer, let unit, let amount, let period, let basis, let function else { return nil }
        return Tariff(
            offer: offer, unit: unit, amount: amount, period: period, basis: basis, function: function, paragraph: row.text("paragraf"),
            department: row.text("forvaltning"), line: row.line)
    }
}

/// Citizens' use of internal offers (`hjemtag import interne-ydelser`): `cpr`, `tilbud`, `fra`,
/// `til`, and `timer` for an offer priced by the hour. The newest file is the list of uses.
public struct InternalUseParser: RecordParser {
    public static let kind = ImportKind.internalUses
    public static let requiredColumns = ["cpr", "tilbud", "fra", "til"]
    public static let knownColumns = requiredColumns + ["timer"]
    public init() {}

    public func parse(_ row: inout RowContext) -> InternalUse? {
        let cpr = row.cpr("cpr", required: true)
        let offer = row.required("tilbud")
        let period = row.period(from: "fra", to: "til")
        var hours: Rational?
        if let raw = row.text("timer") {
            if let h = try? Money.parse(raw), h.ore > 0 {
                hours = Rational(h.ore, 100)
            } else {
                row.problem("timer", "'\(raw)' er ikke et antal timer")
            }
        }
        guard row.problems.isEmpty, let cpr, let offer, let period else { return nil }
        return InternalUse(cpr: cpr, offer: offer, period: period, hours: hours, source: "\(row.file) linje \(row.line)")
    }
}
