import HjemtagCore

/// Reads a ledger extract through a saved `ColumnMapping`: each row is rewritten into Hjemtag's
/// columns and read by `PostingParser`, so a mapped row is validated and stored exactly as a
/// canonical one. A problem names the file's own column (where the user will look), with
/// Hjemtag's field beside it.
public struct MappedPostingParser: RecordParser {
    public static let kind = ImportKind.postings
    public static let requiredColumns: [String] = []
    public static let knownColumns: [String] = []
    public var requiredHeader: [String] { mapping.sourceColumns }

    public let mapping: ColumnMapping
    let inner = PostingParser()
    static let canonical = CSVHeader(fields: PostingParser.knownColumns)

    public init(mapping: ColumnMapping) { self.mapping = mapping }

    public func parse(_ row: inout RowContext) -> Posting? {
        var values: [String] = []
        values.reserveCapacity(PostingParser.knownColumns.count)
        var failed = false
        for field in PostingParser.knownColumns {
            do throws(MappingProblem) {
                values.append(try mapping.value(field, in: row) ?? "")
            } catch {
                row.problem(error.column, "\(error.reason) (feltet \(field))")
                values.append("")
                failed = true
            }
        }
        if failed { return nil }
        var mapped = RowContext(file: row.file, header: Self.canonical, record: CSVRecord(fields: values, line: row.line))
        let posting = inner.parse(&mapped)
        for p in mapped.problems {
            let field = p.columnName ?? ""
            let source = mapping.fields[field]?.column ?? field
            row.report(
                ImportProblem(
                    file: p.file, line: p.line, column: (row.header.position(of: source) ?? 0) + 1, columnName: "\(source) → \(field)",
                    reason: p.reason))
        }
        row.skipReason = mapped.skipReason
        row.notes += mapped.notes
        return mapped.problems.isEmpty ? posting : nil
    }
}
