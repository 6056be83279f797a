import HjemtagCore
import HjemtagStore

/// A printable claim letter to another municipality (Danish HTML with print CSS). The same
/// stylesheet serves the web (linked, because the CSP forbids inline styles) and a file the
/// CLI writes (inlined, so the file prints on its own).
public enum ClaimLetter {
    public enum Style {
        case linked(String)
        case inline
    }

    public struct Content: Sendable {
        public var ours: Kommune
        public var theirs: Kommune
        public var reference: String
        public var cpr: CPR
        public var from: Day
        public var to: Day
        public var legalBasis: String
        public var reasons: [String]
        /// Lines still within the three-year deadline on `date`; only these are claimed.
        public var lines: [ClaimLine]
        /// Lines whose deadline has passed: named in the letter, not claimed.
        public var expired: [ClaimLine]
        public var amount: Money { lines.reduce(.zero) { $0 + $1.amount } }
        public var date: Day
        public var sender: String

        public init(
            ours: Kommune, theirs: Kommune, reference: String, cpr: CPR, from: Day, to: Day, legalBasis: String, reasons: [String],
            allLines: [ClaimLine], date: Day, sender: String
        ) {
            self.ours = ours
            self.theirs = theirs
            self.reference = reference
            self.cpr = cpr
            self.from = from
            self.to = to
            self.legalBasis = legalBasis
            self.reasons = reasons
            (self.lines, self.expired) = ClaimRules.timely(allLines, on: date)
            self.date = date
            self.sender = sender
        }
    }

    public static let css = """
        body { font-family: Georgia, 'Times New Roman', serif; max-width: 46rem; margin: 2rem auto; color: #111; line-height: 1.45; }
        header { display: flex; justify-content: space-between; border-bottom: 2px solid #1d3c5a; padding-bottom: .5rem; margin-bottom: 1.5rem; }
        header .from { font-weight: bold; color: #1d3c5a; }
        h1 { font-size: 1.3rem; margin: 1.5rem 0 1rem; }
        table { width: 100%; border-collapse: collapse; margin: 1rem 0; font-size: .92rem; }
        th, td { border-bottom: 1px solid #bbb; padding: .25rem .4rem; text-align: left; vertical-align: top; }
        td.num, th.num { text-align: right; white-space: nowrap; }
        tfoot td { font-weight: bold; border-top: 2px solid #111; }
        .basis { font-size: .9rem; color: #333; }
        .signature { margin-top: 2.5rem; }
        .noprint { background: #eef3f8; padding: .5rem .75rem; border-radius: 4px; }
        @page { size: A4; margin: 20mm 18mm; }
        @media print { body { margin: 0; max-width: none; } .noprint { display: none; } a { color: inherit; text-decoration: none; } }
        """

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    public static func render(_ c: Content, style: Style) -> String {
        let head: String
        switch style {
        case .linked(let href): head = "<link rel=\"stylesheet\" href=\"\(esc(href))\">"
        case .inline: head = "<style>\n\(css)\n</style>"
        }
        let rows = c.lines.map { l in
            "<tr><td>\(esc(l.month.danishName))</td><td>\(esc(l.function))</td><td>\(esc(l.paragraph ?? "–"))</td><td>\(esc(l.text ?? l.voucher ?? ""))</td>"
                + "<td class=\"num\">\(esc(l.amount.danish))</td></tr>"
        }.joined(separator: "\n")
        let reasons = c.reasons.map { "<li>\(esc($0))</li>" }.joined()
        return """
            <!doctype html>
            <html lang="da"><head><meta charset="utf-8"><title>Krav om mellemkommunal refusion \(esc(c.reference))</title>\(head)</head>
            <body>
            <header><div class="from">\(esc(c.ours.name)) Kommune<br>Økonomi – refusion</div><div>\(esc(c.date.danish))<br>Vores reference: \(esc(c.reference))</div></header>
            <p>Til<br><strong>\(esc(c.theirs.name)) Kommune</strong><br>Att.: Refusion / mellemkommunale betalinger</p>
            <h1>Krav om mellemkommunal refusion</h1>
            <p>Borger: CPR-nr. \(esc(c.cpr.formatted))<br>Periode: \(esc(c.from.danish)) – \(esc(c.to.danish))</p>
            <p>\(esc(c.ours.name)) Kommune har afholdt udgifter til borgeren i perioden, som efter \(esc(c.legalBasis)) skal refunderes af \(esc(c.theirs.name)) Kommune.
            Vi anmoder derfor om refusion af i alt <strong>\(esc(c.amount.danishKroner))</strong>, specificeret nedenfor.</p>
            <ul class="basis">\(reasons)</ul>
            <table><thead><tr><th>Måned</th><th>Funktion</th><th>Lovgrundlag</th><th>Tekst</th><th class="num">Beløb (kr.)</th></tr></thead>
            <tbody>
            \(rows)
            </tbody>
            <tfoot><tr><td colspan="4">I alt</td><td class="num">\(esc(c.amount.danish))</td></tr></tfoot></table>
            <p class="basis">Beløbene er kommunens faktiske nettoudgift (retssikkerhedsloven § 9 c; andel efter statsrefusion).
            Kravet er rejst inden for fristen på tre år efter hjælpen (Højesterets dom af 18. april 2024).
            \(c.expired.isEmpty ? "" : "Hjælp for \(esc(c.expired.reduce(Money.zero) { $0 + $1.amount }.danishKroner)) i \(esc(Set(c.expired.map(\.month)).sorted().map(\.danishName).joined(separator: ", "))) er ikke medtaget, fordi fristen er overskredet.")</p>
            <p>Beløbet bedes indbetalt med angivelse af vores reference \(esc(c.reference)). Er I uenige i kravet, beder vi jer kontakte os inden fire uger.
            Uenighed kan forelægges Ankestyrelsen efter retssikkerhedslovens § 61.</p>
            <p class="signature">Med venlig hilsen<br><br>\(esc(c.sender))<br>\(esc(c.ours.name)) Kommune</p>
            <p class="noprint">Udskriv med Ctrl+P. Brevet indeholder personoplysninger; udskrivning og visning er logget.</p>
            </body></html>
            """
    }
}

extension ClaimLetter.Content {
    /// The letter for one of our stored claims, as the web, the command and the evidence pack
    /// write it; nil when the counterpart is not a known municipality.
    public init?(claim: StoredClaim, ours: Kommune, sender: String, date: Day) {
        guard let theirs = Kommune.byCode(claim.draft.counterpart) else { return nil }
        self.init(
            ours: ours, theirs: theirs, reference: "MK-\(claim.id)", cpr: claim.draft.cpr, from: claim.draft.from, to: claim.draft.to,
            legalBasis: claim.draft.legalBasis, reasons: claim.draft.reasons, allLines: claim.draft.lines, date: date, sender: sender)
    }
}
