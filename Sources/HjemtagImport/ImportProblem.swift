import Foundation
import HjemtagCore

/// One problem in an input file, located exactly: `file:line:column: reason`, in Danish.
/// `column` is the field's position in the row (1 = first field); `columnName` is its header.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var columnName: String?
    public var reason: String

    /// `reason` never carries a CPR number out: a value that reads as one is replaced, wherever
    /// it stood (a CPR number in the amount column is still a CPR number).
    public init(file: String, line: Int, column: Int, columnName: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.reason = CPRMask.scrub(reason)
    }

    public var description: String {
        "\(file):\(line):\(column): " + (columnName.map { "kolonne '\($0)': " } ?? "") + reason
    }
}

/// A row whose content is already stored: from an earlier import, or from an earlier line of
/// the same file (`earlierImport` nil).
public struct DuplicateRow: Sendable, Hashable {
    public var line: Int
    public var earlierImport: Int?
    public var earlierFile: String
    public var earlierLine: Int

    public init(line: Int, earlierImport: Int?, earlierFile: String, earlierLine: Int) {
        self.line = line
        self.earlierImport = earlierImport
        self.earlierFile = earlierFile
        self.earlierLine = earlierLine
    }

    /// `fil.csv:12:1: rækken findes allerede fra import nr. 3 (posteringer.csv), linje 7`.
    func problem(in file: String) -> String {
        let earlier =
            earlierImport.map { "findes allerede fra import nr. \($0) (\(earlierFile)), linje \(earlierLine)" }
            ?? "gentager linje \(earlierLine) i samme fil"
        return "\(file):\(line):1: rækken har samme indhold som en gemt række: \(earlier)"
    }
}

/// Removes CPR numbers from text meant for messages and logs (docs/SECURITY.md): every run of
/// digits that reads as one (`DDMMYY-SSSS`, `DDMMYYSSSS`, nine digits that lost a leading zero)
/// is replaced, with its quotes, by a phrase that says a CPR number stood there.
public enum CPRMask {
    static let placeholder = "et CPR-nummer (vises ikke)"
    static let pattern = try! NSRegularExpression(pattern: #"'?(?<![0-9])([0-9]{6}[- ]?[0-9]{4}|[0-9]{9})(?![0-9])'?"#)

    public static func scrub(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x30 && $0 <= 0x39 }) else { return text }
        let ns = text as NSString
        var out = ""
        var last = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            let digits = ns.substring(with: match.range(at: 1))
            guard (try? CPR(parsing: digits)) != nil else { continue }
            out += ns.substring(with: NSRange(location: last, length: match.range.location - last)) + placeholder
            last = match.range.location + match.range.length
        }
        return last == 0 ? text : out + ns.substring(from: last)
    }
}

/// Why an import stored nothing.
public enum ImportError: Error, Sendable, CustomStringConvertible {
    /// The file has invalid rows: every problem, in file order.
    case invalidRows([ImportProblem], totalProblems: Int)
    /// The same bytes were imported before.
    case alreadyImported(file: String, importID: Int, importedAt: String)
    case unreadable(file: String, reason: String)
    case unknownKind(String)
    /// Rows whose content is already stored, or repeated in the file: the first of them, and how
    /// many there are. Imported anyway only with a reason (`ImportMeta.duplicatesReason`).
    case duplicateRows(file: String, [DuplicateRow], total: Int)

    /// One line for the audit log: what was wrong, without the file's contents.
    public var summary: String {
        switch self {
        case .invalidRows(_, let total): return "afvist: \(total) \(total == 1 ? "problem" : "problemer")"
        case .duplicateRows(_, _, let total): return "afvist: \(total) \(total == 1 ? "dublet" : "dubletter")"
        case .alreadyImported(_, let id, _): return "afvist: filen er allerede importeret (import nr. \(id))"
        case .unreadable: return "afvist: filen kan ikke læses"
        case .unknownKind(let kind): return "afvist: ukendt importtype \(kind)"
        }
    }

    /// Bad input data: the CLI exits with 65 (sysexits' EX_DATAERR) for these.
    public var isDataError: Bool {
        switch self {
        case .invalidRows, .duplicateRows: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case .invalidRows(let problems, let total):
            var lines = problems.map(\.description)
            if total > problems.count { lines.append("... og \(total - problems.count) problemer mere") }
            lines.append("Intet er gemt: filen har \(total) \(total == 1 ? "problem" : "problemer"). Ret filen og importér den igen.")
            return lines.joined(separator: "\n")
        case .alreadyImported(let file, let id, let at):
            return "\(file): filen er allerede importeret (import nr. \(id), \(at)); samme indhold (SHA-256) importeres ikke to gange"
        case .unreadable(let file, let reason):
            return "\(file): kan ikke læses: \(reason)"
        case .duplicateRows(let file, let rows, let total):
            var lines = rows.map { $0.problem(in: file) }
            if total > rows.count { lines.append("... og \(total - rows.count) dubletter mere") }
            lines.append(
                "Intet er gemt: \(total) \(total == 1 ? "række har" : "rækker har") samme indhold som rækker, der allerede er gemt, og ville tælle to gange. "
                    + "Er det tilsigtet, så importér igen med en begrundelse: hjemtag import … --tillad-dubletter \"BEGRUNDELSE\" "
                    + "(på webben: feltet ›Begrundelse for dubletter‹). Begrundelsen skrives i logningen.")
            return lines.joined(separator: "\n")
        case .unknownKind(let kind):
            return "ukendt importtype '\(kind)'; kendte typer: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
