import Foundation
import HjemtagCore

/// What a person sees before saving a mapping: a file's first rows as they are (with the
/// encoding and separator found and what each column looks like), and the same rows as Hjemtag
/// will read them through a mapping, with every problem marked. CPR numbers are shown masked.
public enum MappingPreview {
    public struct Sample: Sendable {
        public var encoding: TextEncoding
        public var separator: String
        public var header: [String]
        public var rows: [[String]]
        /// Per column, what its values look like (`dato DD.MM.ÅÅÅÅ`, `beløb`, `CPR`, `tekst`).
        public var looks: [String]
    }

    public struct MappedRow: Sendable {
        public var line: Int
        /// Hjemtag's fields as read (`PostingParser.knownColumns` order), empty when not mapped.
        public var values: [String]
        public var problems: [String]
    }

    public static let rowLimit = 20

    public static func sample(url: URL, rows limit: Int = rowLimit) throws -> Sample {
        let encoding = try FileFingerprint.compute(url: url).encoding
        let reader = try CSVReader(url: url, encoding: encoding)
        guard let head = try reader.next() else { throw ImportError.unreadable(file: url.lastPathComponent, reason: "filen er tom") }
        let header = (0..<head.count).map { head.field($0) }
        var rows: [[String]] = []
        while rows.count < limit, let r = try reader.next() {
            rows.append((0..<r.count).map { mask(r.field($0)) })
        }
        let looks = header.indices.map { i in look(rows.compactMap { i < $0.count ? $0[i] : nil }) }
        return Sample(encoding: encoding, separator: reader.separatorName, header: header, rows: rows, looks: looks)
    }

    /// The first rows through `mapping`: what each field becomes, or why it cannot.
    public static func mapped(url: URL, mapping: ColumnMapping, rows limit: Int = rowLimit) throws -> (missing: [String], rows: [MappedRow]) {
        let name = url.lastPathComponent
        let reader = try CSVReader(url: url, encoding: try FileFingerprint.compute(url: url).encoding)
        guard let head = try reader.next() else { throw ImportError.unreadable(file: name, reason: "filen er tom") }
        let header = CSVHeader(fields: head.fields)
        let parser = MappedPostingParser(mapping: mapping)
        let missing = parser.requiredHeader.filter { header.position(of: $0) == nil }
        var out: [MappedRow] = []
        while out.count < limit, let r = try reader.next() {
            var ctx = RowContext(file: name, header: header, record: r)
            let p = parser.parse(&ctx)
            var values = [String](repeating: "", count: PostingParser.knownColumns.count)
            if let p {
                let shown: [String: String] = [
                    "bilag": p.voucher ?? "", "dato": p.date.danish, "beloeb": p.amount.danish, "funktion": p.function.description,
                    "dranst": p.dranst ?? "", "art": p.art ?? "", "cpr": p.cpr?.masked ?? "", "paragraf": p.paragraph ?? "",
                    "periode_fra": p.period?.start.danish ?? "", "periode_til": p.period?.end.danish ?? "", "forvaltning": p.department ?? "",
                    "betalingskommune": p.payingMunicipality.map { zeroPad($0, 3) } ?? "", "cvr": p.cvr ?? "", "moms": p.vat?.danish ?? "",
                    "tekst": p.text.map(mask) ?? "",
                ]
                values = PostingParser.knownColumns.map { shown[$0] ?? "" }
            }
            out.append(
                MappedRow(line: r.line, values: values, problems: ctx.problems.map { "kolonne \($0.column) '\($0.columnName ?? "")': \($0.reason)" }))
        }
        return (missing, out)
    }

    /// A value that reads as a CPR number, masked.
    static func mask(_ v: String) -> String { CPRMask.scrub(v) == v ? v : ((try? CPR(parsing: v))?.masked ?? CPRMask.scrub(v)) }

    /// What most of a column's values (two in three) look like: one bad row does not hide the format.
    static func look(_ values: [String]) -> String {
        let v = values.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !v.isEmpty else { return "tom" }
        func most(_ test: (String) -> Bool) -> Bool { v.filter(test).count * 3 >= v.count * 2 }
        if most({ $0.hasSuffix("-XXXX") || (try? CPR(parsing: $0)) != nil }) { return "CPR" }
        for format in ColumnMapping.dateFormats where most({ ColumnMapping.isoDate($0, format: format) != nil && matchesLayout($0, format) }) {
            return "dato \(format)"
        }
        if most({ AccountFunction(parsing: $0) != nil }) { return "funktion" }
        if most({ (try? Money.parse($0)) != nil }) { return "beløb" }
        return "tekst"
    }

    /// The separators of a date layout must be the value's (`01.02.2026` is not `DD-MM-ÅÅÅÅ`).
    static func matchesLayout(_ value: String, _ format: String) -> Bool {
        let sep = format.filter { !"DMÅ".contains($0) }
        return value.filter { !$0.isNumber } == sep
    }
}
