import Foundation
import HjemtagCore
import HjemtagStore

/// The findings worklist as a sheet: every column the list shows, with the full CPR numbers and
/// the amount as a number, for the one who works the list in Excel.
public enum FindingExport {
    public static let columns = [
        "Nr.", "Ordning", "År", "Type", "CPR-numre", "Beløb", "Retning", "Status", "Note", "Tildelt", "Beskrivelse", "Fundet", "Ændret",
        "Ændret af",
    ]

    public static func sheet(_ findings: [StoredFinding]) -> Sheet {
        var sheet = Sheet(name: "Fund", columns: columns)
        for f in findings {
            sheet.add([
                .integer(f.id), .text(f.finding.scheme.title), .integer(f.finding.year), .text(f.finding.kind),
                .text(f.finding.cprs.map(\.formatted).joined(separator: ", ")), .money(f.finding.amount), .text(f.finding.direction.danishName),
                .text(f.status.danishName), .text(f.note ?? ""), .text(f.assignedTo ?? ""), .text(f.finding.text),
                .text(DanishFormat.timestamp(f.createdAt)), .text(DanishFormat.timestamp(f.updatedAt)), .text(f.updatedBy ?? ""),
            ])
        }
        return sheet
    }
}
