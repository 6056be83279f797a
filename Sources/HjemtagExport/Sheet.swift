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

/// Text a spreadsheet could take for a formula: it starts with `=`, `+`, `@`, a tab or a carriage
/// return, or with `-` and is not a plain number. A user name or a posting text such as
/// `=HYPERLINK(...)` from a file must stay text in the auditor's spreadsheet (OWASP, CSV injection).
public enum FormulaGuard {
    public static func isRisky(_ s: String) -> Bool {
        guard let first = s.unicodeScalars.first else { return false }
        switch first {
        case "=", "+", "@", "\t", "\r": return true
        case "-": return s.count > 1 && s.range(of: #"^-[0-9][0-9.]*(,[0-9]+)?$"#, options: .regularExpression) == nil
        default: return false
        }
    }
}

/// CSV as Danish Excel reads it: `;` separator, decimal comma, `DD.MM.YYYY`, UTF-8 with BOM
/// (so Excel picks the encoding), fields quoted when they contain `;`, `"` or a newline.
public enum DanishCSV {
    public static func render(_ sheet: Sheet) -> String {
        var out = "\u{FEFF}"
        out += sheet.columns.map(quote).joined(separator: ";") + "\r\n"
        for row in sheet.rows {
            out += row.map { quote(guarded($0)) }.joined(separator: ";") + "\r\n"
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

    /// A text cell that could be read as a formula gets an apostrophe in front, as Excel writes
    /// such a cell itself; amounts, dates and numbers are never text.
    static func guarded(_ cell: Sheet.Cell) -> String {
        if case .text(let s) = cell, FormulaGuard.isRisky(s) { return "'" + s }
        return text(cell)
    }

    /// One text field as a line of such a file writes it: guarded against formulas, quoted if needed.
    public static func field(_ s: String) -> String { quote(guarded(.text(s))) }

    static func quote(_ s: String) -> String {
        guard s.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
