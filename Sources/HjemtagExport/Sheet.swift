import Foundation
import HjemtagCore

/// A table for export: a name, column headers and typed cells, so the CSV writer can use
/// Danish number and date conventions and the XLSX writer can store real numbers and dates.
public struct Sheet: Sendable {
    public enum Cell: Sendable, Hashable {
        case text(String)
        case money(Money)
        case integer(Int)
        case percent(Rational)
        case date(Day)
        case empty
    }

    public var name: String
    public var columns: [String]
    public var rows: [[Cell]]

    public init(name: String, columns: [String], rows: [[Cell]] = []) {
        self.name = name
        self.columns = columns
        self.rows = rows
    }

    public mutating func add(_ row: [Cell]) { rows.append(row) }
}

/// CSV as Danish Excel reads it: `;` separator, decimal comma, `DD.MM.YYYY`, UTF-8 with BOM
/// (so Excel picks the encoding), fields quoted when they contain `;`, `"` or a newline.
public enum DanishCSV {
    public static func render(_ sheet: Sheet) -> String {
        var out = "\u{FEFF}"
        out += sheet.columns.map(quote).joined(separator: ";") + "\r\n"
        for row in sheet.rows {
            out += row.map { quote(text($0)) }.joined(separator: ";") + "\r\n"
        }
        return out
    }

    public static func write(_ sheet: Sheet, to url: URL) throws {
        try Data(render(sheet).utf8).write(to: url, options: .atomic)
    }

    static func text(_ cell: Sheet.Cell) -> String {
        switch cell {
        case .text(let s): return s
        case .money(let m): return m.danish
        case .integer(let n): return String(n)
        case .percent(let r): return r.danishPercent
        case .date(let d): return d.danish
        case .empty: return ""
        }
    }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
