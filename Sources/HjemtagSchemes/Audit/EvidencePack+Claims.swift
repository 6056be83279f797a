import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore

/// The evidence pack for our § 9 c claims (issue 21 § 5, `--ordning mellemkommunal --krav ID`):
/// per claim its facts and lines, the citizen's payer periods with the rule and explanation that
/// decided each, the postings it is made of with their import, file, SHA-256 and line, the
/// parameters with sources, and the letter as it is sent.
extension EvidencePack {
    public static func intermunicipal(
        selection: Selection, store: any Store, by user: String, programVersion: String, today: Day = .today, page: String
    ) async throws -> EvidencePack {
        let all = try await store.claims(direction: .outgoing, includeInactive: false).sorted { $0.draft.key < $1.draft.key }
        let chosen: [StoredClaim]
        let how: String
        switch selection {
        case .subjects(let ids):
            chosen = try ids.map { id in
                guard let c = all.first(where: { $0.id == id }) else { throw PackError.unknownClaim(id) }
                return c
            }
            how = "udvalgt: krav nr. \(ids.map(String.init).joined(separator: ", "))"
        case .sample(let count, let seed):
            guard count > 0 else { throw PackError.emptySample }
            var rng = SeededRandom(seed: seed)
            chosen = Array(all.shuffled(using: &rng).prefix(count))
            how =
                "stikprøve: \(chosen.count) af \(all.count) krav, trukket med frø \(seed) "
                + "(kravene ordnet efter nøgle, blandet med Hjemtags SeededRandom(seed: \(seed)), de første \(count))"
        }
        guard let ours = try await store.ownMunicipality() else { throw SchemeError.municipalityNotSet }
        let imports = Dictionary(try await store.imports().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let service = IntermunicipalService(store: store)
        let settings = try await service.settings(today)
        var files: [File] = []
        func add(_ path: String, _ text: String) { files.append(File(path: path, data: Data(text.utf8))) }
        add(
            "parametre.csv",
            (["parameter;navn;vaerdi;periode;kilde;kontrolleret"]
                + settings.references.map {
                    [$0.id, $0.title, $0.unit.shown($0.value), $0.period, $0.source, $0.checked.iso].map(csv).joined(separator: ";")
                }
                + [
                    ["frist", "Kravfrist (Højesteret 18.4.2024)", "\(settings.deadlineYears) år", "", ClaimRules.deadlineSource, ""].map(csv).joined(
                        separator: ";")
                ])
                .joined(separator: "\r\n") + "\r\n")
        for (n, c) in chosen.enumerated() {
            let folder = "krav-\(zeroPad(n + 1, 3))"
            let d = c.draft
            let value = c.value(today: today)
            add(
                "\(folder)/krav.csv",
                [
                    "nr;noegle;cpr;betaler;fra;til;beloeb;kan_kraeves;foraeldet;status;hjemmel;sendt",
                    [
                        String(c.id), d.key, d.cpr.formatted, zeroPad(d.counterpart, 3), d.from.iso, d.to.iso, d.amount.danish,
                        value.claimable.danish,
                        value.timeBarred.danish, c.status.rawValue, d.legalBasis, c.raisedOn?.iso ?? "",
                    ].map(csv).joined(separator: ";"),
                ].joined(separator: "\r\n") + "\r\n")
            add(
                "\(folder)/linjer.csv",
                (["maaned;kategori;paragraf;funktion;bilag;tekst;beloeb;hjaelp_fra;frist;hjemmel"]
                    + d.lines.map {
                        [
                            $0.month.description, $0.category.rawValue, $0.paragraph ?? "", $0.function, $0.voucher ?? "", $0.text ?? "",
                            $0.amount.danish,
                            $0.helpDay.iso, $0.deadline.iso, $0.legalBasis,
                        ].map(csv).joined(separator: ";")
                    }).joined(separator: "\r\n") + "\r\n")
            let (_, periods) = try await service.payerPeriods(cpr: d.cpr, today: today)
            let periodRows: [[String]] = periods.map { p in
                let handling = p.handlekommune.map { zeroPad($0, 3) } ?? ""
                let payer = p.payer.map { zeroPad($0, 3) } ?? ""
                return [
                    p.from.iso, p.to?.iso ?? "", zeroPad(p.episode.municipality, 3), p.episode.housing.rawValue, handling, payer,
                    p.scope?.rawValue ?? "", p.rule.rawValue, p.origin?.rawValue ?? "",
                ]
            }
            add(
                "\(folder)/betalerperioder.csv",
                csvFile("fra;til;opholdskommune;boligtype;handlekommune;betaler;omfang;regel;oprindelig_regel", periodRows))
            add("\(folder)/forklaring.txt", periods.map { $0.explanation.rendered() }.joined(separator: "\n") + "\n")
            add("\(folder)/posteringer.csv", try await postingRows([d.cpr], within: DateRange(d.from, d.to), store: store, imports: imports))
            if let letter = ClaimLetter.Content(claim: c, ours: ours, sender: user, date: today) {
                add("\(folder)/brev.html", ClaimLetter.render(letter, style: .inline))
            }
            try await store.appendAudit(
                username: user, action: .export, cpr: d.cpr, page: page, purpose: "revisionspakke mellemkommunal, \(folder) (krav nr. \(c.id))")
        }
        let about = [
            "Revisionspakke: \(Scheme.intermunicipal.title), vores krav efter retssikkerhedsloven § 9 c",
            "Dannet \(Date().formatted(.iso8601)) af \(user) med Hjemtag \(programVersion)",
            "Udvalg: \(how)",
            "Hver mappe krav-NNN: krav.csv (kravet), linjer.csv (kravets linjer med frist og hjemmel), betalerperioder.csv og forklaring.txt (hvem der betaler hvornår, efter hvilken regel), posteringer.csv (borgerens posteringer i kravets periode med import, fil, SHA-256 og linje), brev.html (kravbrevet).",
            "parametre.csv: fristen og de satser, analysen brugte, med kilde og kontroldato. manifest.csv: hver fil med SHA-256.",
        ]
        add("om-pakken.txt", about.joined(separator: "\n") + "\n")
        withManifest(&files)
        try await store.appendAudit(
            username: user, action: .export, page: page, purpose: "revisionspakke mellemkommunal: \(chosen.count) krav; \(how)")
        return EvidencePack(files: files, subjectCount: chosen.count)
    }
}
