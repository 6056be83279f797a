import Foundation
import HjemtagCore

extension ParameterFile {
    /// Every value of a parameter file, or the list of every problem with its line and column
    /// (`ImportError.invalidRows`). Values are read the way a person types them (`860.000`,
    /// `12,5`); the checked-on date is the file's, not the day it is imported. The rules between
    /// values (no overlap, rising tiers) are the store's to check, on the set they join.
    public static func read(_ url: URL, name: String? = nil, units: [String: ParameterUnit], by user: String) throws -> [ParameterEntry] {
        let name = name ?? url.lastPathComponent
        let fingerprint = try FileFingerprint.compute(url: url)
        let reader = try CSVReader(url: url, encoding: fingerprint.encoding)
        guard let headerRecord = try reader.next() else {
            throw ImportError.invalidRows([ImportProblem(file: name, line: 1, column: 1, reason: "filen er tom")], totalProblems: 1)
        }
        let header = CSVHeader(fields: headerRecord.fields)
        let missing = requiredColumns.filter { header.position(of: $0) == nil }
        guard missing.isEmpty else {
            let problems = missing.map {
                ImportProblem(
                    file: name, line: headerRecord.line, column: header.names.count + 1, columnName: $0,
                    reason:
                        "kolonnen mangler i overskriften (fundet: \(header.names.joined(separator: ", ")); forventet: \(columns.joined(separator: ";")))"
                )
            }
            throw ImportError.invalidRows(problems, totalProblems: problems.count)
        }
        var entries: [ParameterEntry] = []
        var problems: [ImportProblem] = []
        while let record = try reader.next() {
            var row = RowContext(file: name, header: header, record: record)
            let id = row.required("parameter")
            let unit = id.flatMap { units[$0] }
            if let id, unit == nil { row.problem("parameter", "ukendt parameter '\(id)'; se listen med: hjemtag parametre") }
            let from = row.required("fra")
            let value = row.required("vaerdi")
            let source = row.required("kilde")
            let checked = row.day("kontrolleret", required: true)
            if let checked, checked > .today { row.problem("kontrolleret", "kontroldatoen \(checked.danish) ligger i fremtiden") }
            if row.problems.isEmpty, let id, let unit, let from, let value, let source, let checked {
                do throws(ParameterEntryError) {
                    var v = try DatedValue.entered(
                        from: from, to: row.text("til"), value: value, unit: unit, source: source, note: row.text("note"), by: user,
                        today: checked)
                    v.checked = checked
                    entries.append(ParameterEntry(parameterID: id, value: v, line: record.line))
                } catch {
                    row.problem(error.column, error.description)
                }
            }
            problems += row.problems
        }
        guard problems.isEmpty else {
            throw ImportError.invalidRows(Array(problems.prefix(ImportRunner.problemListLimit)), totalProblems: problems.count)
        }
        guard !entries.isEmpty else {
            throw ImportError.invalidRows([ImportProblem(file: name, line: 2, column: 1, reason: "filen har ingen værdier")], totalProblems: 1)
        }
        return entries
    }
}
