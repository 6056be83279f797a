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

    public func parse(_ row: inout RowContext) -> Posting? {
        let date = row.day("dato", required: true)
        let amount = row.money("beloeb", required: true)
        var function: AccountFunction?
        if let raw = row.required("funktion") {
            function = AccountFunction(parsing: raw)
            if function == nil { row.problem("funktion", "'\(raw)' er ikke en kontoplanfunktion (skriv 5.38.50 eller 053850)") }
        }
        let cpr = row.cpr("cpr")
        let period = row.period(from: "periode_fra", to: "periode_til")
        let paying = row.kommune("betalingskommune")
        let vat = row.money("moms")
        var cvr = row.text("cvr")
        if let c = cvr {
            let digits = c.filter { $0 != " " }
            if digits.utf8.count == 8, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { cvr = digits }
            else { row.problem("cvr", "'\(c)' er ikke et CVR-nummer (8 cifre)") }
        }
        var extra: [String: String] = [:]
        for i in row.header.extraPositions(known: PostingParser.knownSet) {
            // An empty momskode says "no VAT handled" and must not read as "no momskode column".
            if i < row.record.fields.count, !row.record.fields[i].isEmpty || PostingParser.keepsEmpty(row.header.names[i]) {
                extra[row.header.names[i]] = row.record.fields[i]
            }
        }
        guard row.problems.isEmpty, let date, let amount, let function else { return nil }
        return Posting(voucher: row.text("bilag"), date: date, amount: amount, function: function,
                       dranst: row.text("dranst"), art: row.text("art"), cpr: cpr, paragraph: row.text("paragraf")?.uppercased(),
                       period: period, department: row.text("forvaltning"), payingMunicipality: paying?.code,
                       cvr: cvr, vat: vat, text: row.text("tekst"), extra: extra, line: row.line)
    }
}
