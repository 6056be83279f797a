import Foundation
import HjemtagCore

public enum StaircaseProfile {
    /// Persons and money on each step per month: the report municipalities buy for YR today.
    public static func sheet(_ r: StaircaseResult) -> Sheet {
        var s = Sheet(name: "Trinprofil", columns: ["Måned", "Trin", "Personer", "Beløb", "Refusion", "Medfinansiering"])
        let byMonth = Dictionary(grouping: r.weeks) { $0.week.month }
        for month in byMonth.keys.sorted() {
            for step in 1...4 {
                let ws = byMonth[month]!.filter { $0.step == step }
                guard !ws.isEmpty else { continue }
                s.add([
                    .text(month.description), .integer(step), .integer(Set(ws.map(\.cpr)).count), .money(ws.reduce(.zero) { $0 + $1.amount }),
                    .money(ws.filter { $0.financing == .refund }.reduce(.zero) { $0 + $1.result }),
                    .money(ws.filter { $0.financing == .coFinancing }.reduce(.zero) { $0 + $1.result }),
                ])
            }
        }
        return s
    }
}

/// The reconciliation with Ydelsesrefusion: every line, and a summary per benefit and month.
public enum YRExport {
    public static func sheets(_ lines: [YRReconciliation.Line]) -> [Sheet] {
        var list = Sheet(
            name: "Afstemning",
            columns: ["CPR", "Uge", "Ydelse", "Status", "Eget beløb", "Egen sats", "Eget resultat", "YR beløb", "YR sats", "YR resultat", "På spil"])
        for l in lines {
            list.add([
                .text(l.cpr.formatted), .text(l.week.description), .text(l.benefit), .text(l.status.danishName),
                l.ourAmount.map { .money($0) } ?? .empty, l.ourRate.map { .percent($0) } ?? .empty, l.ourResult.map { .money($0) } ?? .empty,
                l.yrAmount.map { .money($0) } ?? .empty, l.yrRate.map { .percent($0) } ?? .empty, l.yrResult.map { .money($0) } ?? .empty,
                .money(l.atStake),
            ])
        }
        var summary = Sheet(
            name: "Resumé pr. ydelse og måned", columns: ["Måned", "Ydelse"] + YRReconciliation.Status.allCases.map(\.danishName) + ["På spil"])
        for row in YRReconciliation.summary(lines) {
            summary.add(
                [.text(row.month.description), .text(row.benefit)] + YRReconciliation.Status.allCases.map { .integer(row.counts[$0] ?? 0) } + [
                    .money(row.atStake)
                ])
        }
        return [list, summary]
    }
}
