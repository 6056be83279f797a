import HjemtagCore

/// Typed access to one CSV row, collecting every problem with its exact line and column
/// instead of stopping at the first, so the user gets the whole list in one go.
public struct RowContext {
    public let file: String
    public let header: CSVHeader
    public let record: CSVRecord
    public private(set) var problems: [ImportProblem] = []
    /// Set when a valid row is deliberately not stored (a fictive or unpaid payment); counted and reported.
    public var skipReason: String?
    /// Things the import did to a stored row (a CPR number padded, a row kept out of a
    /// comparison); counted and reported.
    public var notes: [String] = []

    public init(file: String, header: CSVHeader, record: CSVRecord) {
        self.file = file; self.header = header; self.record = record
    }

    public var line: Int { record.line }

    public mutating func problem(_ column: String, _ reason: String) { problem(header.column(column), reason) }

    public mutating func problem(_ column: Column, _ reason: String) {
        problems.append(ImportProblem(file: file, line: record.line, column: (column.position ?? 0) + 1,
                                      columnName: column.position.map { header.names[$0] } ?? column.name, reason: reason))
    }

    /// The trimmed text of a column; nil when the column is absent or the field empty.
    public func text(_ column: String) -> String? { text(header.column(column)) }

    public func text(_ column: Column) -> String? {
        guard let i = column.position, i < record.fields.count else { return nil }
        let raw = record.fields[i]
        // Most fields carry no padding: skip the costly trim unless an end is whitespace. The
        // ends are read from the string's own bytes (the generic `utf8.last` showed in profiles).
        let ends: (UInt8, UInt8)? = raw.utf8.withContiguousStorageIfAvailable { $0.isEmpty ? nil : ($0[0], $0[$0.count - 1]) }
            ?? raw.utf8.first.map { ($0, raw.utf8.last!) }
        guard let (first, last) = ends else { return nil }
        if first != 32 && first != 9 && last != 32 && last != 9 { return raw }
        let v = raw.trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }

    public mutating func required(_ column: String) -> String? { required(header.column(column)) }

    public mutating func required(_ column: Column) -> String? {
        guard let v = text(column) else { problem(column, "værdi mangler"); return nil }
        return v
    }

    public mutating func money(_ column: String, required isRequired: Bool = false) -> Money? { money(header.column(column), required: isRequired) }

    public mutating func money(_ column: Column, required isRequired: Bool = false) -> Money? {
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        do { return try Money.parse(raw) } catch { problem(column, error.description); return nil }
    }

    public mutating func day(_ column: String, required isRequired: Bool = false) -> Day? { day(header.column(column), required: isRequired) }

    public mutating func day(_ column: Column, required isRequired: Bool = false) -> Day? {
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        guard let d = Day(parsing: raw) else {
            problem(column, "'\(raw)' er ikke en gyldig dato (brug ÅÅÅÅ-MM-DD, DD-MM-ÅÅÅÅ eller DD.MM.ÅÅÅÅ)")
            return nil
        }
        return d
    }

    /// The CPR number is never repeated in the message.
    public mutating func cpr(_ column: String, required isRequired: Bool = false) -> CPR? { cpr(header.column(column), required: isRequired) }

    public mutating func cpr(_ column: Column, required isRequired: Bool = false) -> CPR? {
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        do { return try CPR(parsing: raw) } catch { problem(column, error.description); return nil }
    }

    /// A municipality given by its 3-digit code or by its name.
    public mutating func kommune(_ column: String, required isRequired: Bool = false) -> Kommune? { kommune(header.column(column), required: isRequired) }

    public mutating func kommune(_ column: Column, required isRequired: Bool = false) -> Kommune? {
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        guard let k = Kommune.lookup(raw) else {
            problem(column, "'\(raw)' er hverken en kommunekode eller et kommunenavn")
            return nil
        }
        return k
    }

    /// `ja`/`nej` (also `j`, `1`, `x` / `n`, `0`); nil when empty.
    public mutating func yesNo(_ column: String) -> Bool? {
        guard let raw = text(column) else { return nil }
        switch ColumnName.normalise(raw) {
        case "ja", "j", "1", "x": return true
        case "nej", "n", "0": return false
        default: problem(column, "'\(raw)' skal være ja eller nej"); return nil
        }
    }

    /// A closed period from two columns: both or neither, and not ending before it starts.
    public mutating func period(from: String, to: String) -> DateRange? { period(from: header.column(from), to: header.column(to)) }

    public mutating func period(from: Column, to: Column) -> DateRange? {
        let start = day(from), end = day(to)
        switch (start, end) {
        case (nil, nil):
            return nil
        case (let s?, let e?):
            guard let r = DateRange.checked(s, e) else { problem(to, "perioden slutter (\(e.danish)) før den begynder (\(s.danish))"); return nil }
            return r
        case (nil, _?) where text(from) == nil:
            problem(from, "perioden har en slutdato men ingen startdato"); return nil
        case (_?, nil) where text(to) == nil:
            problem(to, "perioden har en startdato men ingen slutdato"); return nil
        default:
            return nil
        }
    }
}

/// Turns rows of one kind of file into records.
public protocol RecordParser: Sendable {
    associatedtype Record: Sendable
    static var kind: ImportKind { get }
    /// Columns that must be in the header.
    static var requiredColumns: [String] { get }
    /// All columns the parser understands; others are kept as extra where the record allows.
    static var knownColumns: [String] { get }
    func parse(_ row: inout RowContext) -> Record?
}

extension RecordParser {
    func missingColumns(in header: CSVHeader) -> [String] {
        Self.requiredColumns.filter { header.position(of: $0) == nil }
    }
}
