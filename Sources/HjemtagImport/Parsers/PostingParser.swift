import HjemtagCore

/// The canonical ledger postings file (`hjemtag import posteringer`); docs/formats.md.
public struct PostingParser: RecordParser {
    public static let kind = ImportKind.postings
    public static let requiredColumns = ["dato", "beloeb", "funktion"]
    public static let knownColumns = [
        "bilag", "dato", "beloeb", "funktion", "dranst", "art", "cpr", "paragraf",
        "periode_fra", "periode_til", "forvaltning", "betalingskommune", "cvr", "moms", "tekst",
    ]
    private static let knownSet = Set(knownColumns)
    static func keepsEmpty(_ name: String) -> Bool { ColumnName.normalise(name) == "momskode" }

    /// Whether the free-text fields a calculation never reads are kept: voucher, dranst, art,
    /// text and extra columns. Every field is validated either way; a calculation reading a file
    /// directly (`bench sde`) leaves them out, which spared it a String for each on every row.
    public let keepsText: Bool

    public init(keepsText: Bool = true) { self.keepsText = keepsText }

    /// The columns resolved once per file.
    private let columns = PerHeader(Columns.init)

    /// A class: handed out once per row, where a struct of Strings is copied with a retain per name.
    final class Columns {
        let bilag, dato, beloeb, funktion, dranst, art, cpr, paragraf, periodeFra, periodeTil, forvaltning, betalingskommune, cvr, moms, tekst: Column
        /// Columns the parser does not know, kept as extra data (an empty momskode included).
        let extra: [(position: Int, name: String, keepsEmpty: Bool)]

        init(_ h: CSVHeader) {
            (bilag, dato, beloeb, funktion, dranst, art, cpr) = (
                h.column("bilag"), h.column("dato"), h.column("beloeb"), h.column("funktion"),
                h.column("dranst"), h.column("art"), h.column("cpr")
            )
            (paragraf, periodeFra, periodeTil, forvaltning) = (
                h.column("paragraf"), h.column("periode_fra"), h.column("periode_til"), h.column("forvaltning")
            )
            (betalingskommune, cvr, moms, tekst) = (h.column("betalingskommune"), h.column("cvr"), h.column("moms"), h.column("tekst"))
            extra = h.extraPositions(known: PostingParser.knownSet).map { ($0, h.names[$0], PostingParser.keepsEmpty(h.names[$0])) }
        }
    }

    public func parse(_ row: inout RowContext) -> Posting? {
        let c = columns(row.header)
        let date = row.day(c.dato, required: true)
        let amount = row.money(c.beloeb, required: true)
        let function = row.accountFunction(c.funktion, required: true)
        let cpr = row.cpr(c.cpr)
        let period = row.period(from: c.periodeFra, to: c.periodeTil)
        let paying = row.kommune(c.betalingskommune)
        let vat = row.money(c.moms)
        let cvr = PostingParser.cvr(&row, c.cvr, keep: keepsText)
        var extra: [String: String] = [:]
        if keepsText {
            for e in c.extra where e.position < row.record.count {
                // An empty momskode says "no VAT handled" and must not read as "no momskode column".
                if !row.record.isEmpty(e.position) || e.keepsEmpty { extra[e.name] = row.record.field(e.position) }
            }
        }
        guard row.problems.isEmpty, let date, let amount, let function else { return nil }
        func kept(_ column: Column) -> String? { keepsText ? row.text(column) : nil }
        return Posting(
            voucher: kept(c.bilag), date: date, amount: amount, function: function,
            dranst: kept(c.dranst), art: kept(c.art), cpr: cpr, paragraph: row.upper(c.paragraf),
            period: period, department: row.text(c.forvaltning), payingMunicipality: paying?.code,
            cvr: cvr, vat: vat, text: kept(c.tekst), extra: extra, line: row.line)
    }

    /// A CVR number: eight digits, spaces between them allowed; nil when the field is empty or
    /// not a CVR number (then a problem is noted). The plain form (eight digits) is checked from
    /// the bytes; `keep: false` checks without making the String.
    static func cvr(_ row: inout RowContext, _ column: Column, keep: Bool) -> String? {
        guard let i = column.position, i < row.record.count else { return nil }
        let plain = row.record.withBytes(of: i) { b in b.count == 8 && b.allSatisfy { $0 >= 48 && $0 <= 57 } }
        if plain { return keep ? row.record.field(i) : nil }
        guard let v = row.text(column) else { return nil }
        let digits = v.filter { $0 != " " }
        if digits.utf8.count == 8, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return keep ? digits : nil }
        row.problem(column, "'\(v)' er ikke et CVR-nummer (8 cifre)")
        return nil
    }
}
