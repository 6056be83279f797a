import HjemtagCore

/// The canonical ledger postings file (`hjemtag import posteringer`); docs/formats.md.
public struct PostingParser: RecordParser {
    public static let kind = ImportKind.postings
    public static let requiredColumns = ["dato", "beloeb", "funktion"]
    public static let knownColumns = ["bilag", "dato", "beloeb", "funktion", "dranst", "art", "cpr", "paragraf",
                                      "periode_fra", "periode_til", "forvaltning", "betalingskommune", "cvr", "moms", "tekst"]
    private static let knownSet = Set(knownColumns)
    static func keepsEmpty(_ name: String) -> Bool { ColumnName.normalise(name) == "momskode" }

    public init() {}

    /// The columns resolved once per file.
    private let columns = PerHeader(Columns.init)

    /// A class: handed out once per row, where a struct of Strings is copied with a retain per name.
    final class Columns {
        let bilag, dato, beloeb, funktion, dranst, art, cpr, paragraf, periodeFra, periodeTil, forvaltning, betalingskommune, cvr, moms, tekst: Column
        /// Columns the parser does not know, kept as extra data (an empty momskode included).
        let extra: [(position: Int, name: String, keepsEmpty: Bool)]

        init(_ h: CSVHeader) {
            (bilag, dato, beloeb, funktion, dranst, art, cpr) = (h.column("bilag"), h.column("dato"), h.column("beloeb"), h.column("funktion"),
                                                                 h.column("dranst"), h.column("art"), h.column("cpr"))
            (paragraf, periodeFra, periodeTil, forvaltning) = (h.column("paragraf"), h.column("periode_fra"), h.column("periode_til"), h.column("forvaltning"))
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
        var cvr = row.text(c.cvr)
        if let v = cvr {
            let digits = v.filter { $0 != " " }
            if digits.utf8.count == 8, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { cvr = digits }
            else { row.problem(c.cvr, "'\(v)' er ikke et CVR-nummer (8 cifre)") }
        }
        var extra: [String: String] = [:]
        for e in c.extra where e.position < row.record.count {
            // An empty momskode says "no VAT handled" and must not read as "no momskode column".
            if !row.record.isEmpty(e.position) || e.keepsEmpty { extra[e.name] = row.record.field(e.position) }
        }
        guard row.problems.isEmpty, let date, let amount, let function else { return nil }
        return Posting(voucher: row.text(c.bilag), date: date, amount: amount, function: function,
                       dranst: row.text(c.dranst), art: row.text(c.art), cpr: cpr, paragraph: row.upper(c.paragraf),
                       period: period, department: row.text(c.forvaltning), payingMunicipality: paying?.code,
                       cvr: cvr, vat: vat, text: row.text(c.tekst), extra: extra, line: row.line)
    }
}
