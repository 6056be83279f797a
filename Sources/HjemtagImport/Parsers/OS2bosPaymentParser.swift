import HjemtagCore

/// The OS2bos payments report (`granted_payments.csv`), exactly as OS2bos writes it with Python's
/// csv module: comma separator, `.` decimals, ISO dates, municipality names, `True`/`False`.
/// Columns are matched by name, so v0-v3 of the report all read (shared/formats/README.md § 1).
///
/// A payment is an expense only when it is not fictive and has been paid (`paid_amount` and
/// `paid_date` set); other rows are left out and counted. Each payment becomes a posting:
/// the child's CPR, the section as `paragraf`, the paid amount on the paid date, and the service
/// period from the plan's frequency clipped to the activity's dates.
public struct OS2bosPaymentParser: RecordParser {
    public static let kind = ImportKind.os2bosPayments
    public static let requiredColumns = [
        "id", "amount", "paid_amount", "date", "paid_date", "account_string", "fictive",
        "payment_schedule__payment_frequency", "section", "cpr_number", "paying_municipality",
    ]
    public static let knownColumns =
        requiredColumns + [
            "activity_start_date", "activity_end_date", "recipient_type", "recipient_id",
            "activity__details__name", "target_group", "account_alias", "mother_cpr", "father_cpr",
        ]

    public init() {}

    public func parse(_ row: inout RowContext) -> Posting? {
        switch row.text("fictive")?.lowercased() {
        case "true":
            row.skipReason = "fiktive betalinger"
            return nil
        case "false", nil: break
        case let other?:
            row.problem("fictive", "'\(other)' er hverken True eller False")
            return nil
        }
        guard row.text("paid_amount") != nil, row.text("paid_date") != nil else {
            row.skipReason = "planlagte, ikke betalte betalinger"
            return nil
        }
        let amount = row.money("paid_amount", required: true)
        let paidDate = row.day("paid_date", required: true)
        let planned = row.day("date", required: true)
        let cpr = row.cpr("cpr_number", required: true)
        let payer = row.kommune("paying_municipality")
        let activityStart = row.day("activity_start_date")
        let activityEnd = row.day("activity_end_date")
        var period: DateRange?
        if let planned {
            switch (row.text("payment_schedule__payment_frequency") ?? "").uppercased() {
            case "MONTHLY": period = planned.month.range
            case "WEEKLY": period = DateRange(planned, planned.adding(days: 6))
            case "BIWEEKLY": period = DateRange(planned, planned.adding(days: 13))
            case "DAILY": period = DateRange(planned, planned)
            case "": period = nil // a one-off: no period of its own
            case let other: row.problem("payment_schedule__payment_frequency", "ukendt betalingsfrekvens '\(other)'")
            }
        }
        // The payment's own period, clipped to the activity; a payment wholly outside it keeps its own.
        if let p = period, let clip = DateRange.checked(activityStart ?? p.start, activityEnd ?? p.end), let clipped = p.intersection(clip) {
            period = clipped
        }
        let account = row.text("account_string") ?? ""
        var cvr: String?
        if row.text("recipient_type")?.uppercased() == "COMPANY", let id = row.text("recipient_id"), id.utf8.count == 8,
            id.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 })
        {
            cvr = id
        }
        // Children who share a parent (custody holder) form a household (shared/formats § 1); the
        // parents' CPR numbers are kept with the posting so SDE can derive households from them.
        var extra = ["account_string": account]
        for parent in ["mother_cpr", "father_cpr"] {
            if let raw = row.text(parent), let p = try? CPR(parsing: raw) { extra[parent] = p.digits }
        }
        guard row.problems.isEmpty, let amount, let paidDate, let cpr else { return nil }
        return Posting(
            voucher: "os2bos-" + (row.text("id") ?? "?"), date: paidDate, amount: amount,
            function: OS2bosPaymentParser.function(fromAccount: account) ?? OS2bosPaymentParser.unknownFunction,
            cpr: cpr, paragraph: row.upper("section"), period: period,
            department: row.text("target_group"), payingMunicipality: payer?.code, cvr: cvr,
            text: row.text("activity__details__name"), extra: extra, line: row.line)
    }

    /// Stands for "the account could not be read as a kontoplan function"; no real function is 0.00.00.
    public static let unknownFunction = AccountFunction(main: 0, group: 0, function: 0)

    /// OS2bos writes `DEPARTMENT-ACCOUNTNUMBER-KIND`. Municipal account numbers usually begin with
    /// the kontoplan function without its leading zero (`528230...` → 5.28.23); anything else is unknown.
    static func function(fromAccount account: String) -> AccountFunction? {
        let parts = account.split(separator: "-")
        guard parts.count >= 2 else { return nil }
        let number = parts[1]
        if let f = AccountFunction(parsing: String(number)) { return f }
        // ASCII digits only: `isNumber` also accepts other scripts' digits, which Int() refuses.
        let digits = Array(number.utf8.prefix { $0 >= 48 && $0 <= 57 })
        guard digits.count >= 5 else { return nil }
        let d = digits.map { Int($0 - 48) }
        return AccountFunction(main: d[0], group: d[1] * 10 + d[2], function: d[3] * 10 + d[4])
    }
}
