import Foundation
import HjemtagCore

extension ParameterFile {
    /// Values as a parameter file (`ParameterFile.columns`), in the Danish form a person types and
    /// `ParameterFile.read` reads back: one verified file to pass on to other municipalities.
    public static func sheet(_ values: [(id: String, unit: ParameterUnit, value: DatedValue)]) -> Sheet {
        var sheet = Sheet(name: "Parametre", columns: columns)
        for (id, unit, v) in values {
            let shown: String
            switch unit {
            case .kroner: shown = (try? Money.parse(v.value))?.danish ?? v.value
            case .percent: shown = v.value.replacingOccurrences(of: ".", with: ",")
            case .count: shown = v.value
            }
            sheet.add([
                .text(id), .date(v.from), v.to.map { .date($0) } ?? .empty, .text(shown), .text(v.source), .date(v.checked),
                .text(v.note ?? ""),
            ])
        }
        return sheet
    }
}
