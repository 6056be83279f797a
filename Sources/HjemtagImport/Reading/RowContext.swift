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
        self.file = file
        self.header = header
        self.record = record
    }

    public var line: Int { record.line }

    public mutating func problem(_ column: String, _ reason: String) { problem(header.column(column), reason) }

    /// A problem worked out elsewhere (a mapped row read as Hjemtag's columns).
    public mutating func report(_ problem: ImportProblem) { problems.append(problem) }

    public mutating func problem(_ column: Column, _ reason: String) {
        problems.append(
            ImportProblem(
                file: file, line: record.line, column: (column.position ?? 0) + 1,
                columnName: column.position.map { header.names[$0] } ?? column.name, reason: reason))
    }

    /// The trimmed text of a column; nil when the column is absent or the field empty.
    public func text(_ column: String) -> String? { text(header.column(column)) }

    public func text(_ column: Column) -> String? {
        guard let i = column.position, i < record.count else { return nil }
        // Most fields carry no padding: skip the costly trim unless an end is whitespace.
        let padded: Bool? = record.withBytes(of: i) { b in
            b.isEmpty ? nil : b[0] == 32 || b[0] == 9 || b[b.count - 1] == 32 || b[b.count - 1] == 9
        }
        guard let padded else { return nil }
        let raw = record.field(i)
        if !padded { return raw }
        let v = raw.trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }

    /// A value read straight from the field's bytes by `fast`, which returns nil for anything but
    /// the plain forms; the String path then reads the rest or names the problem. Only the
    /// String path speaks to the user, so the two cannot disagree on a message.
    private func fast<T>(_ column: Column, _ fast: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard let i = column.position, i < record.count else { return nil }
        return record.withBytes(of: i, fast)
    }

    /// The text in capitals (`SEL-52` for `sel-52`); a field with no small letter is kept as read.
    public func upper(_ column: String) -> String? { upper(header.column(column)) }

    public func upper(_ column: Column) -> String? {
        guard let raw = text(column) else { return nil }
        let capitals = raw.utf8.allSatisfy { $0 < 0x80 && !($0 >= 97 && $0 <= 122) }
        return capitals ? raw : raw.uppercased()
    }

    public mutating func required(_ column: String) -> String? { required(header.column(column)) }

    public mutating func required(_ column: Column) -> String? {
        guard let v = text(column) else {
            problem(column, "værdi mangler")
            return nil
        }
        return v
    }

    public mutating func money(_ column: String, required isRequired: Bool = false) -> Money? { money(header.column(column), required: isRequired) }

    public mutating func money(_ column: Column, required isRequired: Bool = false) -> Money? {
        if let m = fast(column, { Money.plainFast(utf8: $0) }) { return m }
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        do { return try Money.parse(raw) } catch {
            problem(column, error.description)
            return nil
        }
    }

    public mutating func day(_ column: String, required isRequired: Bool = false) -> Day? { day(header.column(column), required: isRequired) }

    public mutating func day(_ column: Column, required isRequired: Bool = false) -> Day? {
        if let d = fast(column, { Day(utf8: $0) }) { return d }
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
        if let c = fast(column, { CPR(exactUTF8: $0) }) { return c }
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        do { return try CPR(parsing: raw) } catch {
            problem(column, error.description)
            return nil
        }
    }

    public mutating func accountFunction(_ column: String, required isRequired: Bool = false) -> AccountFunction? {
        accountFunction(header.column(column), required: isRequired)
    }

    /// A kontoplan function (`5.38.50` or `053850`).
    public mutating func accountFunction(_ column: Column, required isRequired: Bool = false) -> AccountFunction? {
        if let f = fast(column, { AccountFunction(canonicalUTF8: $0) }) { return f }
        guard let raw = isRequired ? required(column) : text(column) else { return nil }
        guard let f = AccountFunction(parsing: raw) else {
            problem(column, "'\(raw)' er ikke en kontoplanfunktion (skriv 5.38.50 eller 053850)")
            return nil
        }
        return f
    }

    /// A municipality given by its 3-digit code or by its name.
    public mutating func kommune(_ column: String, required isRequired: Bool = false) -> Kommune? {
        kommune(header.column(column), required: isRequired)
    }

    public mutating func kommune(_ column: Column, required isRequired: Bool = false) -> Kommune? {
        // A code of up to four digits from the bytes; names and padded codes go the String way.
        if let k = fast(
            column,
            { b -> Kommune? in
                guard (1...4).contains(b.count) else { return nil }
                var code = 0
                for d in b {
                    guard d >= 48 && d <= 57 else { return nil }
                    code = code * 10 + Int(d - 48)
                }
                return Kommune.byCode(code)
            })
        {
            return k
        }
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
        default:
            problem(column, "'\(raw)' skal være ja eller nej")
            return nil
        }
    }

    /// A closed period from two columns: both or neither, and not ending before it starts.
    public mutating func period(from: String, to: String) -> DateRange? { period(from: header.column(from), to: header.column(to)) }

    public mutating func period(from: Column, to: Column) -> DateRange? {
        let start = day(from)
        let end = day(to)
        switch (start, end) {
        case (nil, nil):
            return nil
        case (let s?, let e?):
            guard let r = DateRange.checked(s, e) else {
                problem(to, "perioden slutter (\(e.danish)) før den begynder (\(s.danish))")
                return nil
            }
            return r
        case (nil, _?) where text(from) == nil:
            problem(from, "perioden har en slutdato men ingen startdato")
            return nil
        case (_?, nil) where text(to) == nil:
            problem(to, "perioden har en startdato men ingen slutdato")
            return nil
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
    /// The columns this parser needs in the file's header: the kind's, or a mapping's.
    var requiredHeader: [String] { get }
    func parse(_ row: inout RowContext) -> Record?
}

extension RecordParser {
    public var requiredHeader: [String] { Self.requiredColumns }

    func missingColumns(in header: CSVHeader) -> [String] {
        Self.requiredColumns.filter { header.position(of: $0) == nil }
    }
}
