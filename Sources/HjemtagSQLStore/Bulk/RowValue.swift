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
        /// carriage return escaped. Into an array, not a `ByteBuffer`: written a byte at a time,
        /// the buffer's checks of its storage were a tenth of a PostgreSQL import's client
        /// (perf, docs/PERFORMANCE.md); a text without those four bytes is copied whole.
        func copyText(into bytes: inout [UInt8]) {
            switch self {
            case .int(let v): if let v { DecimalBytes.append(Int64(v), to: &bytes) } else { bytes.append(contentsOf: Self.null) }
            case .int64(let v): if let v { DecimalBytes.append(v, to: &bytes) } else { bytes.append(contentsOf: Self.null) }
            case .day(let v):
                guard let v else {
                    bytes.append(contentsOf: Self.null)
                    return
                }
                v.withISO { bytes.append(contentsOf: $0) }
            case .text(let v):
                guard var v else {
                    bytes.append(contentsOf: Self.null)
                    return
                }
                v.withUTF8 { utf8 in
                    guard utf8.contains(where: Self.escaped) else {
                        bytes.append(contentsOf: utf8)
                        return
                    }
                    for byte in utf8 {
                        switch byte {
                        case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                        case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                        case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                        case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                        default: bytes.append(byte)
                        }
                    }
                }
            }
        }

        /// `\N`, COPY's NULL.
        static let null: [UInt8] = [0x5C, 0x4E]
        static func escaped(_ byte: UInt8) -> Bool { byte == 0x5C || byte == 0x09 || byte == 0x0A || byte == 0x0D }
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
    static func copyText(_ rows: some Collection<[BatchWriter.Value]>) -> ByteBuffer {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 160)
        for row in rows {
            for (i, value) in row.enumerated() {
                if i > 0 { bytes.append(0x09) }
                value.copyText(into: &bytes)
            }
            bytes.append(0x0A)
        }
        return ByteBuffer(bytes: bytes)
    }
}
