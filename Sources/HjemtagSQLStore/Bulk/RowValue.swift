import Foundation
import HjemtagCore
import NIOCore
import SQLKit
import SQLiteKit

extension BatchWriter {
    /// A value for a row: typed, so neither path needs dynamic casts.
    enum Value {
        /// A day is stored in its ISO form, written from its bytes (no `String` a row).
        case int(Int?)
        case int64(Int64?)
        case text(String?)
        case day(Day?)

        var sqlite: SQLiteData {
            switch self {
            case .int(let v): return v.map { .integer($0) } ?? .null
            case .int64(let v): return v.map { .integer(Int($0)) } ?? .null
            case .text(let v): return v.map { .text($0) } ?? .null
            case .day(let v): return v.map { .text($0.iso) } ?? .null
            }
        }

        var bind: SQLBind {
            switch self {
            case .int(let v): return SQLBind(v)
            case .int64(let v): return SQLBind(v)
            case .text(let v): return SQLBind(v)
            case .day(let v): return SQLBind(v?.iso)
            }
        }

        /// The value in PostgreSQL's COPY text format: `\N` for NULL; backslash, tab, newline and
        /// carriage return escaped.
        func copyText(into buffer: inout ByteBuffer) {
            switch self {
            case .int(let v): if let v { buffer.writeString(String(v)) } else { buffer.writeStaticString("\\N") }
            case .int64(let v): if let v { buffer.writeString(String(v)) } else { buffer.writeStaticString("\\N") }
            case .day(let v):
                guard let v else {
                    buffer.writeStaticString("\\N")
                    return
                }
                v.withISO { buffer.writeBytes($0) }
            case .text(let v):
                guard let v else {
                    buffer.writeStaticString("\\N")
                    return
                }
                for byte in v.utf8 {
                    switch byte {
                    case 0x5C: buffer.writeStaticString("\\\\")
                    case 0x09: buffer.writeStaticString("\\t")
                    case 0x0A: buffer.writeStaticString("\\n")
                    case 0x0D: buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
    }

    /// A rate as a fraction `n/d`, exact and readable back.
    static func rateText(_ r: Rational) -> String { "\(r.numerator)/\(r.denominator)" }
    /// `n/d` as stored; without splitting into an array (two rates on each of a reconciliation's
    /// 328.000 YR rows).
    static func rate(_ text: String) -> Rational? {
        guard let slash = text.firstIndex(of: "/"), let n = Int64(text[..<slash]), let d = Int64(text[text.index(after: slash)...]), d != 0
        else { return nil }
        return Rational(n, d)
    }
}

extension BatchWriter.Value {
    /// Rows in PostgreSQL's COPY text format: values separated by tabs, a row a line.
    static func copyText(_ rows: some Sequence<[BatchWriter.Value]>) -> ByteBuffer {
        var buffer = ByteBuffer()
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { buffer.writeInteger(UInt8(0x09)) }
                value.copyText(into: &buffer)
            }
            buffer.writeInteger(UInt8(0x0A))
        }
        return buffer
    }
}
