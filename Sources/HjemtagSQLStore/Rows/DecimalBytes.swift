/// Whole numbers written as ASCII digits straight into a byte array, with no `String` between:
/// the SDE subjects' JSON (`StoredJSON`) and PostgreSQL's COPY text (`BatchWriter.Value`) write
/// millions of them.
enum DecimalBytes {
    /// `-42`, `0`, `9223372036854775807`.
    static func append(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        appendDigits(value.magnitude, to: &out)
    }

    /// The digits of `magnitude`, most significant first.
    static func appendDigits(_ magnitude: UInt64, to out: inout [UInt8]) {
        let start = out.count
        var rest = magnitude
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(rest % 10))
            rest /= 10
        } while rest > 0
        out[start...].reverse()
    }
}
