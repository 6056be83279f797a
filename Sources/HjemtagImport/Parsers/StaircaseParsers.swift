import Foundation
import HjemtagCore

/// Benefit payments (`hjemtag import ydelser`): `cpr`, `ydelse`, `periode_fra`, `periode_til`,
/// `beloeb`, optional `udbetalingsdato`, `kilde`.
public struct BenefitPaymentParser: RecordParser {
    public static let kind = ImportKind.benefitPayments
    public static let requiredColumns = ["cpr", "ydelse", "periode_fra", "periode_til", "beloeb"]
    public static let knownColumns = requiredColumns + ["udbetalingsdato", "kilde"]
    public init() {}

    /// The columns resolved once per file.
    private let columns = PerHeader(Columns.init)

    /// A class: handed out once per row, where a struct of Strings is copied with a retain per name.
    final class Columns {
        let cpr, ydelse, periodeFra, periodeTil, beloeb, udbetalingsdato, kilde: Column
        init(_ h: CSVHeader) {
            (cpr, ydelse, periodeFra, periodeTil) = (h.column("cpr"), h.column("ydelse"), h.column("periode_fra"), h.column("periode_til"))
            (beloeb, udbetalingsdato, kilde) = (h.column("beloeb"), h.column("udbetalingsdato"), h.column("kilde"))
        }
    }

    public func parse(_ row: inout RowContext) -> BenefitPayment? {
        let c = columns(row.header)
        let cpr = row.cpr(c.cpr, required: true)
        var benefit: Benefit?
        if let name = row.required(c.ydelse) {
            benefit = Benefit.lookup(name)
            if benefit == nil {
                row.problem(c.ydelse, "ukendt ydelse '\(name)'; kendte: \(Benefit.catalogue.map(\.name).joined(separator: ", "))")
            } else if benefit?.financing == .notCovered {
                row.problem(c.ydelse, "'\(name)' er ikke en ydelse på refusionstrappen")
            }
        }
        // Both ends are required; parsed once each.
        let from = row.day(c.periodeFra, required: true)
        let to = row.day(c.periodeTil, required: true)
        var period: DateRange?
        if let from, let to {
            period = DateRange.checked(from, to)
            if period == nil { row.problem(c.periodeTil, "perioden slutter (\(to.danish)) før den begynder (\(from.danish))") }
        }
        let amount = row.money(c.beloeb, required: true)
        let paid = row.day(c.udbetalingsdato)
        guard row.problems.isEmpty, let cpr, let benefit, let period, let amount else { return nil }
        return BenefitPayment(cpr: cpr, benefit: benefit, period: period, amount: amount, paidOn: paid, source: row.text(c.kilde))
    }
}

/// Periods of subsidised employment (`hjemtag import stoettet-beskaeftigelse`): `cpr`, `ordning`, `fra`, `til`.
public struct SubsidisedPeriodParser: RecordParser {
    public static let kind = ImportKind.subsidisedEmployment
    public static let requiredColumns = ["cpr", "ordning", "fra", "til"]
    public static let knownColumns = requiredColumns
    public init() {}

    public func parse(_ row: inout RowContext) -> SubsidisedPeriod? {
        let cpr = row.cpr("cpr", required: true)
        let scheme = row.required("ordning")
        _ = row.day("fra", required: true)
        _ = row.day("til", required: true)
        let period = row.period(from: "fra", to: "til")
        guard row.problems.isEmpty, let cpr, let scheme, let period else { return nil }
        return SubsidisedPeriod(cpr: cpr, scheme: scheme, period: period)
    }
}

/// KOMBIT Ydelsesrefusion's calculation file, exactly as delivered: semicolon, decimal comma,
/// `Uge` as the Monday's date, CPR numbers that may have lost their leading zero, exact duplicate
/// rows, `Fleksbidrag fra staten` rows. The municipality and file date come from the file name.
/// What it did with each quirk is counted and reported.
public final class YRCalculationParser: RecordParser, @unchecked Sendable {
    public static let kind = ImportKind.yrCalculation
    public static let requiredColumns = [
        "uge", "cpr_nummer", "ydelse", "beregnet_udbetalingsbeloeb", "refusionssats", "refusionsbeloeb",
        "medfinansieringssats", "medfinansieringsbeloeb",
    ]
    public static let knownColumns = requiredColumns + ["indberetning_udbetalingsbeloeb", "finansiering_kommunenavn"]

    private let lock = NSLock()
    private let repeats = DuplicateRows(reason: "dubletter (identiske rækker)")
    /// The file name is read once, not per row (it showed as 9 % of an import in a profile).
    private var fileNames: [String: YRFileName?] = [:]
    public init() {}

    public func parse(_ row: inout RowContext) -> YRRow? {
        lock.lock()
        if fileNames[row.file] == nil { fileNames[row.file] = .some(YRFileName(row.file)) }
        let known = fileNames[row.file] ?? nil
        lock.unlock()
        guard let fileName = known else {
            row.problem(
                "uge",
                "filnavnet '\(row.file)' følger ikke mønstret yr-ydelsesrefusion-beregning-KOMMUNEKODE-NNNN-ÅÅÅÅ-MM-DD.csv, så kommune og dato kan ikke læses"
            )
            return nil
        }
        if repeats.isRepeat(&row) { return nil }
        var week: ISOWeek?
        if let d = row.day("uge", required: true) {
            if d.isoWeekday != 1 {
                row.problem("uge", "\(d.danish) er ikke en mandag; YR angiver ugen ved dens mandag")
            } else {
                week = ISOWeek(containing: d)
            }
        }
        if let raw = row.text("cpr_nummer"), raw.filter(\.isNumber).count == 9 {
            row.notes.append("CPR-numre med 9 cifre rettet med foranstillet nul")
        }
        let cpr = row.cpr("cpr_nummer", required: true)
        let name = row.required("ydelse") ?? ""
        let benefit = Benefit.lookup(name)
        if benefit == nil && !name.isEmpty { row.notes.append("rækker med ydelser uden for Hjemtags katalog (kun i YR)") }
        if benefit?.financing == .notCovered { row.notes.append("rækker med Fleksbidrag fra staten (statens bidrag, holdt uden for afstemningen)") }
        let reported = row.money("indberetning_udbetalingsbeloeb") ?? .zero
        let computed = row.money("beregnet_udbetalingsbeloeb", required: true)
        if computed == .zero { row.notes.append("rækker med beregnet udbetalingsbeløb 0") }
        func rate(_ column: String) -> Rational? {
            guard let t = row.text(column) else { return nil }
            guard let r = Rational(decimal: t) else {
                row.problem(column, "'\(t)' er ikke en procentsats")
                return nil
            }
            return Rational.percent(r)
        }
        let refundRate = rate("refusionssats")
        let coRate = rate("medfinansieringssats")
        let refund = row.money("refusionsbeloeb") ?? .zero
        let co = row.money("medfinansieringsbeloeb") ?? .zero
        guard row.problems.isEmpty, let week, let cpr, let computed else { return nil }
        return YRRow(
            municipality: fileName.municipality, fileDate: fileName.date, week: week, cpr: cpr, benefitName: name, benefit: benefit,
            reported: reported, computed: computed, refundRate: refundRate, refund: refund, coFinancingRate: coRate,
            coFinancing: co, financingMunicipality: row.text("finansiering_kommunenavn"))
    }
}
