import HjemtagCore

/// Household membership periods from CPR (`hjemtag import husstande`): `cpr`, `husstand` (household
/// or address key), `fra`, `til` (empty = still a member).
public struct HouseholdParser: RecordParser {
    public static let kind = ImportKind.households
    public static let requiredColumns = ["cpr", "husstand", "fra"]
    public static let knownColumns = ["cpr", "husstand", "fra", "til"]

    public init() {}

    public func parse(_ row: inout RowContext) -> HouseholdMembership? {
        let cpr = row.cpr("cpr", required: true)
        let household = row.required("husstand")
        let from = row.day("fra", required: true)
        let to = row.day("til")
        if let from, let to, to < from { row.problem("til", "perioden slutter (\(to.danish)) før den begynder (\(from.danish))") }
        guard row.problems.isEmpty, let cpr, let household, let from else { return nil }
        return HouseholdMembership(cpr: cpr, household: household, from: from, to: to)
    }
}
