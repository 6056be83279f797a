import HjemtagCore

/// Residence episodes (`hjemtag import ophold`): `cpr`, `fra`, `til` (empty = still there),
/// `kommune` (code or name; may be empty for UDLAND/UKENDT), `boligtype` (docs/formats.md),
/// `tilbud`, `visiteret_af` (codes joined by `+`, `ANDEN_MYNDIGHED` or `SELV`), `lovgrundlag`.
public struct ResidenceParser: RecordParser {
    public static let kind = ImportKind.residence
    public static let requiredColumns = ["cpr", "fra", "kommune", "boligtype"]
    public static let knownColumns = ["cpr", "fra", "til", "kommune", "boligtype", "tilbud", "visiteret_af", "lovgrundlag"]

    public init() {}

    public func parse(_ row: inout RowContext) -> ResidenceEpisode? {
        let cpr = row.cpr("cpr", required: true)
        let from = row.day("fra", required: true)
        let to = row.day("til")
        if let from, let to, to < from { row.problem("til", "opholdet slutter (\(to.danish)) før det begynder (\(from.danish))") }
        var housing: HousingType?
        if let raw = row.required("boligtype") {
            housing = HousingType(parsing: raw)
            if housing == nil {
                row.problem(
                    "boligtype", "'\(raw)' er ikke en kendt boligtype (brug en af: \(HousingType.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        var municipality: Int?
        if let housing, housing == .abroad || housing == .unknown, row.text("kommune") == nil {
            municipality = ResidenceEpisode.noMunicipality
        } else {
            municipality = row.kommune("kommune", required: true)?.code
        }
        let rawReferral = row.text("visiteret_af")
        let referral = Referral(parsing: rawReferral)
        if referral == nil {
            row.problem("visiteret_af", "'\(rawReferral ?? "")' er hverken kommunekoder (fx 350 eller 350+265), ANDEN_MYNDIGHED eller SELV")
        }
        guard row.problems.isEmpty, let cpr, let from, let municipality, let housing, let referral else { return nil }
        return ResidenceEpisode(
            cpr: cpr, from: from, to: to, municipality: municipality, housing: housing, offer: row.text("tilbud"),
            referral: referral, legalBasis: row.text("lovgrundlag"), line: row.line)
    }
}

/// Claims received from other municipalities (`hjemtag import krav`).
public struct IncomingClaimParser: RecordParser {
    public static let kind = ImportKind.incomingClaims
    public static let requiredColumns = ["krav_id", "fra_kommune", "cpr", "periode_fra", "periode_til", "beloeb", "modtaget_dato"]
    public static let knownColumns = ["krav_id", "fra_kommune", "cpr", "periode_fra", "periode_til", "beloeb", "lovgrundlag", "modtaget_dato"]

    public init() {}

    public func parse(_ row: inout RowContext) -> IncomingClaim? {
        let reference = row.required("krav_id")
        let from = row.kommune("fra_kommune", required: true)
        let cpr = row.cpr("cpr", required: true)
        let start = row.day("periode_fra", required: true)
        let end = row.day("periode_til", required: true)
        var period: DateRange?
        if let start, let end {
            period = DateRange.checked(start, end)
            if period == nil { row.problem("periode_til", "perioden slutter (\(end.danish)) før den begynder (\(start.danish))") }
        }
        let amount = row.money("beloeb", required: true)
        let received = row.day("modtaget_dato", required: true)
        guard row.problems.isEmpty, let reference, let from, let cpr, let period, let amount, let received else { return nil }
        return IncomingClaim(
            reference: reference, fromMunicipality: from.code, cpr: cpr, period: period, amount: amount,
            legalBasis: row.text("lovgrundlag"), receivedOn: received, line: row.line)
    }
}

/// Førtidspension grants (`hjemtag import foertidspension`): `cpr`, `tilkendt_dato`, `tilkendt_af`.
public struct PensionGrantParser: RecordParser {
    public static let kind = ImportKind.pensionGrants
    public static let requiredColumns = ["cpr", "tilkendt_dato", "tilkendt_af"]
    public static let knownColumns = requiredColumns

    public init() {}

    public func parse(_ row: inout RowContext) -> PensionGrant? {
        let cpr = row.cpr("cpr", required: true)
        let day = row.day("tilkendt_dato", required: true)
        let by = row.kommune("tilkendt_af", required: true)
        guard row.problems.isEmpty, let cpr, let day, let by else { return nil }
        return PensionGrant(cpr: cpr, grantedOn: day, grantingMunicipality: by.code)
    }
}
