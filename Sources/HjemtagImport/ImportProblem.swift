/// One problem in an input file, located exactly: `file:line:column: reason`, in Danish.
/// `column` is the field's position in the row (1 = first field); `columnName` is its header.
public struct ImportProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var columnName: String?
    public var reason: String

    public init(file: String, line: Int, column: Int, columnName: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.column = column
        self.columnName = columnName
        self.reason = reason
    }

    public var description: String {
        "\(file):\(line):\(column): " + (columnName.map { "kolonne '\($0)': " } ?? "") + reason
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
        case .unknownKind(let kind):
            return "ukendt importtype '\(kind)'; kendte typer: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", "))"
        }
    }
}
