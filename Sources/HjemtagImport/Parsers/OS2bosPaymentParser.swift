import HjemtagCore

/// The OS2bos payments report (`granted_payments.csv`), exactly as OS2bos writes it with Python's
/// csv module: comma separator, `.` decimals, ISO dates, municipality names, `True`/`False`.
/// Columns are matched by name, so v0-v3 of the report all read (shared/formats/README.md § 1).
///
/// Every payment that is not fictive is kept, paid or not: OS2bos never marks `INVOICE` and
/// `INTERNAL` payments paid (they are paid in the ERP against the supplier's invoice), so a
/// paid-only reading would drop most of the SDE cost base. A paid payment is posted at its paid
/// amount on its paid date, a planned one at its planned amount on its due date, marked planned;
/// whether either counts is decided against the ledger (`PaymentMatching`). Each posting carries
/// the child's CPR, the section as `paragraf`, the service period from the plan's frequency
/// clipped to the activity's dates, and OS2bos's plan, method and approval (`OS2bosPayment.Key`).
/// `expected_payments` is a forecast that already holds the granted payments: refused here, and
/// read by `OS2bosForecastParser` as the forecast's input instead.
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
            "payment_schedule__payment_id", "payment_method", "activity_status", "acting_municipality",
            "residence_municipality", "note", "approval_level", "approval_user", "appropriation_date",
        ]

    /// Expected (not granted) activities are read too: the forecast's input, never costs.
    let acceptsExpected: Bool

    public init() { acceptsExpected = false }
    init(acceptsExpected: Bool) { self.acceptsExpected = acceptsExpected }

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
        if !acceptsExpected, row.upper("activity_status") == "EXPECTED" {
            row.problem(
                "activity_status",
                "en forventet, ikke bevilget aktivitet: filen er OS2bos' expected_payments, en prognose der allerede rummer de bevilgede betalinger, ikke udgifter; importér granted_payments, og denne som prognose: hjemtag import os2bos-prognose"
            )
            return nil
        }
        let paid = row.text("paid_amount") != nil || row.text("paid_date") != nil
        let planned = row.day("date", required: true)
        let amount = paid ? row.money("paid_amount", required: true) : row.money("amount", required: true)
        let postedOn = paid ? row.day("paid_date", required: true) : planned
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
        typealias Key = OS2bosPayment.Key
        if !paid { extra[Key.paid] = "nej" }
        if let planned { extra[Key.dueDate] = planned.iso }
        for (column, key) in [
            ("payment_schedule__payment_id", Key.plan), ("payment_method", Key.method), ("activity_status", Key.status),
            ("note", Key.note), ("approval_level", Key.approvalLevel), ("approval_user", Key.approvalUser),
        ] {
            if let v = row.text(column) { extra[key] = v }
        }
        if let d = row.day("appropriation_date") { extra[Key.appropriationDate] = d.iso }
        // Handlekommune and opholdskommune, for the mellemkommunal reading where no residence file says otherwise.
        if let k = row.kommune("acting_municipality") { extra[Key.actingMunicipality] = String(k.code) }
        if let k = row.kommune("residence_municipality") { extra[Key.residenceMunicipality] = String(k.code) }
        guard row.problems.isEmpty, let amount, let postedOn, let cpr else { return nil }
        // Which years the file covers (OS2bos writes the current year and the two before).
        row.notes.append(paid ? "betalte betalinger i \(postedOn.year)" : "planlagte betalinger i \(postedOn.year)")
        return Posting(
            voucher: OS2bosPayment.voucherPrefix + (row.text("id") ?? "?"), date: postedOn, amount: amount,
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

/// OS2bos's `expected_payments_N.csv`: the granted payments and those of expected activities that
/// replace them, a forecast scenario (shared/formats/README.md § 1). Stored apart from the
/// ledger (`os2bos_forecast`; the newest import is the forecast), never counted as a cost.
public struct OS2bosForecastParser: RecordParser {
    public static let kind = ImportKind.os2bosForecast
    public static let requiredColumns = OS2bosPaymentParser.requiredColumns
    public static let knownColumns = OS2bosPaymentParser.knownColumns
    let inner = OS2bosPaymentParser(acceptsExpected: true)
    public init() {}
    public func parse(_ row: inout RowContext) -> Posting? { inner.parse(&row) }
}
