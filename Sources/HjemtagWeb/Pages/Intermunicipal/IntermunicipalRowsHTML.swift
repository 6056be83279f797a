/// The mellemkommunal overview's three lists' rows, written here rather than in the template:
/// with 100 rows in each, Mustache's name look-ups and escaping were 38 % of the page under load
/// at Copenhagen's size (issue 22 § 4, `perf record`), as they were for the findings list
/// (`FindingRowsHTML`). The markup is the template's as it was; the page snapshot holds it.
enum IntermunicipalRowsHTML {
    /// Ours are named MK-id and show what is time-barred; a received claim shows what we accept
    /// of it and our verdict.
    static func claims(_ rows: [IntermunicipalContent.Claim], received: Bool) -> String {
        let e = HTMLText.escaped
        var out = ""
        out.reserveCapacity(rows.count * 300)
        for r in rows {
            out += "<tr class=\"urgency-\(e(r.level))\"><td><a href=\"\(e(r.href))\">\(received ? "" : "MK-")\(r.id)</a></td><td>\(e(r.cpr))</td>"
            out += "<td>\(e(r.counterpart))</td><td>\(e(r.period))</td><td class=\"num\">\(e(r.amount))</td>"
            out += received ? "<td class=\"num\">\(e(r.accepted))</td><td>\(e(r.verdict))</td>" : "<td class=\"num\">\(e(r.timeBarred))</td>"
            out += "<td>\(e(r.status))</td><td>\(e(r.urgency))</td></tr>"
        }
        return out
    }

    static func persons(_ rows: [IntermunicipalContent.Person]) -> String {
        let e = HTMLText.escaped
        var out = ""
        out.reserveCapacity(rows.count * 250)
        for r in rows {
            out += "<tr><td><a href=\"\(e(r.href))\">\(e(r.cpr))</a></td><td>\(e(r.stay))</td>"
            out += "<td>\(e(r.payers))\(r.wePay ? " (vi betaler)" : "")</td><td>\(e(r.rule))</td><td>\(e(r.review))</td></tr>"
        }
        return out
    }
}
