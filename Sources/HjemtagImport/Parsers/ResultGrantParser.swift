import HjemtagCore

/// Integration results (`hjemtag import integration`): `cpr`, `programstart`, and optionally an
/// event: `haendelse` (job, uddannelse, danskproeve), `fra`, `til` (empty = still going),
/// `timer_pr_uge` (jobs), `su` (ja/nej, educations), `proeve` (exams).
public struct ResultGrantParser: RecordParser {
    public static let kind = ImportKind.integration
    public static let requiredColumns = ["cpr", "programstart"]
    public static let knownColumns = ["cpr", "programstart", "haendelse", "fra", "til", "timer_pr_uge", "su", "proeve"]
    public init() {}

    public func parse(_ row: inout RowContext) -> IntegrationRow? {
        let cpr = row.cpr("cpr", required: true)
        let start = row.day("programstart", required: true)
        guard let raw = row.text("haendelse") else {
            guard row.problems.isEmpty, let cpr, let start else { return nil }
            return IntegrationRow(cpr: cpr, programStart: start, event: nil)
        }
        let kind = IntegrationEventKind(rawValue: ColumnName.normalise(raw))
        if kind == nil { row.problem("haendelse", "'\(raw)' er ikke en hændelse (brug job, uddannelse eller danskproeve)") }
        let from = row.day("fra", required: true)
        let to = row.day("til")
        if let from, let to, to < from { row.problem("til", "forløbet slutter (\(to.danish)) før det begynder (\(from.danish))") }
        var hours: Rational?
        if kind == .job {
            if let h = row.required("timer_pr_uge") {
                hours = Rational(decimal: h)
                if hours == nil || hours! < .zero || hours! > Rational(100) {
                    row.problem("timer_pr_uge", "'\(h)' er ikke et antal timer om ugen")
                    hours = nil
                }
            }
        }
        let supported = kind == .education ? (row.yesNo("su") ?? false) : false
        guard row.problems.isEmpty, let cpr, let start, let kind, let from else { return nil }
        return IntegrationRow(
            cpr: cpr, programStart: start,
            event: IntegrationEvent(
                cpr: cpr, programStart: start, kind: kind, from: from, to: to, hoursPerWeek: hours,
                supported: supported, exam: row.text("proeve"), line: row.line))
    }
}
