import HjemtagCore

public enum ResultGrantExport {
    public static func sheet(_ rows: [(CPR, Day, Money, [GrantAssessment])]) -> Sheet {
        var s = Sheet(
            name: "Resultattilskud",
            columns: [
                "CPR", "Programstart", "Hændelse", "Start", "Trin", "Status", "Optjent den", "Beløb", "Modtaget på personen", "Begrundelse", "Kilde",
            ])
        for (cpr, start, claimed, list) in rows {
            for a in list {
                s.add([
                    .text(cpr.formatted), .date(start), .text(a.kind.danishName), .date(a.start), .text(a.tier?.danishName ?? ""),
                    .text(a.outcome.rawValue),
                    a.earnedOn.map { .date($0) } ?? .empty, .money(a.amount), .money(claimed), .text(a.reason), .text(a.parameter?.source ?? ""),
                ])
            }
        }
        return s
    }
}
