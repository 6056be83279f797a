import HjemtagCore

/// Sheets for the mellemkommunal analysis: payer periods, our claims line by line, received claims.
public enum IntermunicipalExport {
    /// `today` splits each line of our claims into claimable and time-barred (three years after the help).
    public static func sheets(
        periods: [(CPR, [PayerPeriod])], outgoing: [ClaimCandidate],
        incoming: [(claim: IncomingClaim, verdict: ClaimVerdict)], today: Day
    ) -> [Sheet] {
        var payer = Sheet(
            name: "Betalingsperioder",
            columns: [
                "CPR", "Fra", "Til", "Kommune", "Boligtype", "Tilbud", "Visiteret af",
                "Handlekommune", "Betaler", "Omfang", "Regel", "Kilde", "Til undersøgelse",
            ])
        for (cpr, list) in periods {
            for p in list {
                payer.add([
                    .text(cpr.formatted), .date(p.from), p.to.map { .date($0) } ?? .empty, .text(p.episode.municipalityName),
                    .text(p.episode.housing.danishName), .text(p.episode.offer ?? ""), .text(p.episode.referral.danishText),
                    .text(p.handlekommune.map(ResidenceEpisode.name) ?? ""), .text(p.payer.map(ResidenceEpisode.name) ?? ""),
                    .text(p.scope?.danishText ?? ""), .text(p.rule.rawValue), .text(p.rule.source), .text(p.review ?? ""),
                ])
            }
        }
        var out = Sheet(
            name: "Vores krav",
            columns: [
                "CPR", "Betaler", "År", "Måned", "Funktion", "Lovgrundlag (postering)", "Bilag", "Beløb (kr.)",
                "Kan kræves (kr.)", "Forældet (kr.)", "Hjælp ydet fra", "Frist", "Retsgrundlag for kravet",
            ])
        for c in outgoing {
            for l in c.lines {
                out.add([
                    .text(c.cpr.formatted), .text(ResidenceEpisode.name(c.payer)), .integer(c.year), .text(l.month.description), .text(l.function),
                    .text(l.paragraph ?? ""), .text(l.voucher ?? ""), .money(l.amount),
                    .money(l.isTimely(on: today) ? l.amount : .zero), .money(l.isTimely(on: today) ? .zero : l.amount),
                    .date(l.helpDay), .date(l.deadline), .text(l.legalBasis),
                ])
            }
        }
        var inc = Sheet(
            name: "Modtagne krav",
            columns: [
                "Krav", "Fra kommune", "CPR", "Periode fra", "Periode til", "Krævet", "Godkendt",
                "Vurdering", "Begrundelse", "Modtaget",
            ])
        for (c, v) in incoming {
            inc.add([
                .text(c.reference), .text(ResidenceEpisode.name(c.fromMunicipality)), .text(c.cpr.formatted), .date(c.period.start),
                .date(c.period.end),
                .money(c.amount), .money(v.acceptedAmount), .text(v.kind.danishText), .text(v.reasons.joined(separator: " | ")), .date(c.receivedOn),
            ])
        }
        return [payer, out, inc]
    }
}
