import Foundation
import HjemtagCore
import HjemtagStore

/// The SDE year as a workbook: subjects, their months, findings, totals with the parameters used.
public enum SDEExport {
    public static func sheets(run: StoredSDERun, subjects: [StoredSDESubject], findings: [Finding]) -> [Sheet] {
        var list = Sheet(
            name: "SDE \(run.year) emner", columns: ["Emne", "Type", "CPR-numre", "Nettoudgift", "Refusion", "Bogført refusion", "Forskel", "Spor"])
        var months = Sheet(name: "Månedsdetaljer", columns: ["Emne", "CPR-numre", "Måned", "Nettoudgift", "Refusion", "Omfattet"])
        for s in subjects {
            let cprs = s.cprs.map(\.formatted).joined(separator: ", ")
            list.add([
                .text(s.key), .text(s.kind == "household" ? "husstand" : "borger"), .text(cprs), .money(s.eligible), .money(s.refund),
                .money(s.claimed), .money(s.refund - s.claimed), .text(s.track),
            ])
            for m in s.months where m.eligible != .zero {
                months.add([
                    .text(s.key), .text(cprs), .text(m.month.description), .money(m.eligible), .money(m.refund), .text(m.covered ? "ja" : "nej"),
                ])
            }
        }
        var found = Sheet(name: "Fund", columns: ["Type", "Emne", "CPR-numre", "Beløb", "Retning", "Beskrivelse"])
        for f in findings {
            found.add([
                .text(f.kind), .text(f.subjectKey), .text(f.cprs.map(\.formatted).joined(separator: ", ")), .money(f.amount),
                .text(f.direction.danishName), .text(f.text),
            ])
        }
        var totals = Sheet(name: "Total og parametre", columns: ["Post", "Beløb / værdi", "Kilde"])
        totals.add([.text("Refusion i alt \(run.year)"), .money(run.totalRefund), .empty])
        totals.add([.text("Nettoudgift i alt"), .money(run.totalEligible), .empty])
        for (rate, amount) in run.tierRefunds.sorted(by: { $0.key < $1.key }) { totals.add([.text("Refusion \(rate) %"), .money(amount), .empty]) }
        for (d, amount) in run.departmentRefunds.sorted(by: { $0.key < $1.key }) { totals.add([.text("Forvaltning \(d)"), .money(amount), .empty]) }
        for p in run.parameters { totals.add([.text("\(p.title) (\(p.period))"), .text(p.value), .text(p.source)]) }
        return [list, months, found, totals]
    }
}
