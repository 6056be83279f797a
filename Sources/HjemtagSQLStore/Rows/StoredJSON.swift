import HjemtagCore
import HjemtagStore

/// The JSON columns an SDE run writes for every subject (its months and departments), written
/// by hand in the form `SQLStore.json` writes them (sorted keys, amounts as plain strings): the
/// generic encoder cost 40 % of a computation from the stored sums (issue 22; `perf record`).
/// Read back by the same `Decodable` types, and a test compares the two forms.
enum StoredJSON {
    /// `[{"covered":true,"eligible":"1.00","month":"2021-01","refund":"0.00"},…]`
    static func months(_ months: [MonthFigure]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(months.count * 80)
        out.append(UInt8(ascii: "["))
        for (i, m) in months.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out.append(contentsOf: m.covered ? #"{"covered":true,"eligible":""#.utf8 : #"{"covered":false,"eligible":""#.utf8)
            appendPlain(m.eligible.ore, to: &out)
            out.append(contentsOf: #"","month":""#.utf8)
            appendDigits(m.month.year, width: 4, to: &out)
            out.append(UInt8(ascii: "-"))
            appendDigits(m.month.month, width: 2, to: &out)
            out.append(contentsOf: #"","refund":""#.utf8)
            appendPlain(m.refund.ore, to: &out)
            out.append(contentsOf: #""}"#.utf8)
        }
        out.append(UInt8(ascii: "]"))
        return String(decoding: out, as: UTF8.self)
    }

    /// An amount as `Money.plain` writes it (`-1234.50`), from its øre.
    static func appendPlain(_ ore: Int64, to out: inout [UInt8]) {
        if ore < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = ore.magnitude
        DecimalBytes.appendDigits(magnitude / 100, to: &out)
        out.append(UInt8(ascii: "."))
        out.append(UInt8(ascii: "0") + UInt8(magnitude % 100 / 10))
        out.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
    }

    private static func appendDigits(_ value: Int, width: Int, to out: inout [UInt8]) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
            divisor /= 10
        }
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
