import HjemtagCore

/// A year's positive list (`hjemtag import positivliste`): `aar`, `funktion`, `art` (empty = every
/// art), `sats` (percent, e.g. `5` or `5,5`), `ejerforhold4` (ja/nej: the entry requires
/// ejerforholdskode 4). The newest import of a year replaces that year's list.
public struct PositiveListParser: RecordParser {
    public static let kind = ImportKind.positiveList
    public static let requiredColumns = ["aar", "funktion", "sats"]
    public static let knownColumns = ["aar", "funktion", "art", "sats", "ejerforhold4"]
    public init() {}

    public func parse(_ row: inout RowContext) -> PositiveListEntry? {
        let year = BudgetAmount.year(&row, "aar", required: true)
        let function = row.accountFunction("funktion", required: true)
        var rate: Rational?
        if let raw = row.required("sats") {
            rate = Rational(decimal: raw.replacingOccurrences(of: "%", with: "").trimmingCharacters(in: .whitespaces))
            if rate == nil || rate! < .zero || rate! > Rational(100) {
                row.problem("sats", "'\(raw)' er ikke en procentsats mellem 0 og 100")
                rate = nil
            }
        }
        let ef4 = row.yesNo("ejerforhold4") ?? false
        guard row.problems.isEmpty, let year, let function, let rate else { return nil }
        return PositiveListEntry(year: year, function: function, art: row.text("art"), rate: rate * Rational(1, 100), requiresOwnership4: ef4)
    }
}

/// VAT-registered suppliers (`hjemtag import momsregistrering`): `cvr`, `fra`, `til` (empty = still
/// registered), and optionally `driftsoverenskomst` (ja: the supplier is an institution under a
/// driftsoverenskomst — listed so that its purchases are never given positive-list refund).
public struct VATRegistrationParser: RecordParser {
    public static let kind = ImportKind.vatRegistrations
    public static let requiredColumns = ["cvr", "fra"]
    public static let knownColumns = ["cvr", "fra", "til", "driftsoverenskomst"]
    public init() {}

    public func parse(_ row: inout RowContext) -> VATRegistration? {
        var cvr: String?
        if let raw = row.required("cvr") {
            let digits = raw.filter { $0 != " " }
            if digits.utf8.count == 8, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                cvr = digits
            } else {
                row.problem("cvr", "'\(raw)' er ikke et CVR-nummer (8 cifre)")
            }
        }
        let from = row.day("fra", required: true)
        let to = row.day("til")
        if let from, let to, to < from { row.problem("til", "registreringen slutter (\(to.danish)) før den begynder (\(from.danish))") }
        let agreement = row.yesNo("driftsoverenskomst") ?? false
        guard row.problems.isEmpty, let cvr, let from else { return nil }
        return VATRegistration(cvr: cvr, from: from, to: to, operatingAgreement: agreement)
    }
}
