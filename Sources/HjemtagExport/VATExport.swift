import HjemtagCore

/// The VAT screening as a findings sheet and as a correction journal the ERP can book: one line per
/// finding with the art and momskode to change and the VAT to claim (positive) or pay back (negative).
public enum VATExport {
    public static func findings(_ list: [VATFinding]) -> Sheet {
        var s = Sheet(
            name: "Momsfund",
            columns: [
                "Regel", "Bilag", "Linje", "Dato", "Funktion", "Art", "CVR", "Beløb (kr.)", "Moms (kr.)", "På spil (kr.)", "Retning", "Tekst",
                "Kilde",
            ])
        for f in list {
            s.add([
                .text(f.rule.rawValue), .text(f.posting.voucher ?? ""), .integer(f.posting.line), .date(f.posting.date),
                .text(f.posting.function.description),
                .text(f.posting.art ?? ""), .text(f.posting.cvr ?? ""), .money(f.posting.amount), f.posting.vat.map { .money($0) } ?? .empty,
                .money(f.amount), .text(f.direction.danishName), .text(f.text), .text(f.rule.source),
            ])
        }
        return s
    }

    public static func journal(_ list: [VATFinding]) -> Sheet {
        var s = Sheet(
            name: "Rettelsesjournal",
            columns: [
                "bilag", "dato", "funktion", "art_fra", "art_til", "momskode_fra", "momskode_til", "cvr",
                "momsrefusion", "regel", "tekst",
            ])
        for f in list where f.direction != .check {
            let signed = f.direction == .payBack ? -f.amount : f.amount
            s.add([
                .text(f.posting.voucher ?? ""), .date(f.posting.date), .text(f.posting.function.description), .text(f.posting.art ?? ""),
                .text(f.correctArt ?? f.posting.art ?? ""), .text(f.posting.extra(named: "momskode") ?? ""), .text(f.correctCode ?? ""),
                .text(f.posting.cvr ?? ""), .money(signed), .text(f.rule.rawValue), .text(f.text),
            ])
        }
        return s
    }
}
