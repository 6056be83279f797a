import HjemtagCore
import HjemtagStore

/// The JSON columns an SDE run writes for every subject (its months and departments), written
/// by hand in the form `SQLStore.json` writes them (sorted keys, amounts as plain strings): the
/// generic encoder cost 40 % of a computation from the stored sums (issue 22; `perf record`).
/// Read back by the same `Decodable` types, and a test compares the two forms.
enum StoredJSON {
    /// `[{"covered":true,"eligible":"1.00","month":"2021-01","refund":"0.00"},…]`
    static func months(_ months: [MonthFigure]) -> String {
        var out = "["
        out.reserveCapacity(months.count * 80)
        for (i, m) in months.enumerated() {
            if i > 0 { out += "," }
            out +=
                "{\"covered\":" + (m.covered ? "true" : "false") + ",\"eligible\":\"" + m.eligible.plain + "\",\"month\":\""
                + m.month.description + "\",\"refund\":\"" + m.refund.plain + "\"}"
        }
        return out + "]"
    }

    /// `{"BUF":"1.00","SOF":"2.00"}`, keys sorted as the encoder sorts them (by their UTF-8 bytes).
    static func amounts(_ amounts: [String: Money]) -> String {
        var out = "{"
        for (i, key) in amounts.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if i > 0 { out += "," }
            out += string(key) + ":\"" + amounts[key]!.plain + "\""
        }
        return out + "}"
    }

    /// A JSON string: quotes, backslashes and control characters escaped (RFC 8259 § 7).
    static func string(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20: out += "\\u00" + (u.value < 0x10 ? "0" : "") + String(u.value, radix: 16)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }
}
