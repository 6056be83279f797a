import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore

/// The evidence pack for a scheme whose result is its findings (the staircase's reconciliation
/// with Ydelsesrefusion, resultattilskud, momsrefusion; issue 21 § 5, `--ordning O --aar ÅR`): per
/// finding chosen, by id or as a sample from a seed, the finding with its rule and amount, the
/// citizen's postings with their import, file, SHA-256 and line, and the scheme's parameters for
/// the year with their sources and checked-on dates.
extension EvidencePack {
    public static func findings(
        scheme: Scheme, year: Int, selection: Selection, store: any Store, by user: String, programVersion: String, page: String
    ) async throws -> EvidencePack {
        let all = try await store.findings(scheme: scheme, year: year, includeInactive: false).sorted {
            $0.finding.subjectKey < $1.finding.subjectKey
        }
        guard !all.isEmpty else { throw PackError.noFindings(scheme: scheme, year: year) }
        let chosen: [StoredFinding]
        let how: String
        switch selection {
        case .subjects(let ids):
            chosen = try ids.map { id in
                guard let f = all.first(where: { $0.id == id }) else { throw PackError.unknownFinding(id) }
                return f
            }
            how = "udvalgt: fund nr. \(ids.map(String.init).joined(separator: ", "))"
        case .sample(let count, let seed):
            guard count > 0 else { throw PackError.emptySample }
            var rng = SeededRandom(seed: seed)
            chosen = Array(all.shuffled(using: &rng).prefix(count))
            how =
                "stikprøve: \(chosen.count) af \(all.count) fund, trukket med frø \(seed) "
                + "(fundene ordnet efter nøgle, blandet med Hjemtags SeededRandom(seed: \(seed)), de første \(count))"
        }
        let imports = Dictionary(try await store.imports().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let yearDays = DateRange(Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
        let stale = try await ComputationLedger(store: store).staleness(scheme, year: year)
        var files: [File] = []
        func add(_ path: String, _ text: String) { files.append(File(path: path, data: Data(text.utf8))) }
        let parameters = try await store.parameterSet().definitions.values.filter { Scheme(parameterID: $0.id) == scheme }.sorted { $0.id < $1.id }
            .flatMap { d in
                d.values.filter { $0.from <= yearDays.end && ($0.to ?? .distantFuture) >= yearDays.start }.map { v in
                    [d.id, d.title, v.value, "\(v.from.iso)-\(v.to?.iso ?? "")", v.source, v.checked.iso]
                }
            }
        add("parametre.csv", csvFile("parameter;navn;vaerdi;periode;kilde;kontrolleret", parameters))
        // The staircase's inputs are benefits, not postings: its pack holds them and the weeks reconciled with YR.
        let chosenCPRs = Set(chosen.flatMap(\.finding.cprs))
        var benefits: [CPR: [BenefitPayment]] = [:]
        var weeks: [CPR: [YRReconciliation.Line]] = [:]
        if scheme == .staircase, !chosenCPRs.isEmpty {
            for p in try await store.benefitPayments() where chosenCPRs.contains(p.cpr) && p.period.intersection(yearDays) != nil {
                benefits[p.cpr, default: []].append(p)
            }
            for l in try await StaircaseService(store: store).reconcile(year: year).1 where chosenCPRs.contains(l.cpr) {
                weeks[l.cpr, default: []].append(l)
            }
        }
        for (n, f) in chosen.enumerated() {
            let folder = "fund-\(zeroPad(n + 1, 3))"
            let x = f.finding
            add(
                "\(folder)/fund.csv",
                csvFile(
                    "nr;ordning;aar;art;noegle;cpr;retning;beloeb;status;tekst",
                    [
                        [
                            String(f.id), x.scheme.rawValue, String(x.year), x.kind, x.subjectKey, x.cprs.map(\.formatted).joined(separator: " "),
                            x.direction.danishName, x.amount.danish, f.status.danishName, x.text,
                        ]
                    ]))
            if scheme == .staircase {
                add(
                    "\(folder)/ydelser.csv",
                    csvFile(
                        "cpr;ydelse;periode_fra;periode_til;beloeb;udbetalt;kilde",
                        x.cprs.flatMap { cpr in
                            (benefits[cpr] ?? []).map {
                                [
                                    cpr.formatted, $0.benefit.code, $0.period.start.iso, $0.period.end.iso, $0.amount.danish, $0.paidOn?.iso ?? "",
                                    $0.source ?? "",
                                ]
                            }
                        }))
                add(
                    "\(folder)/afstemning.csv",
                    csvFile(
                        "cpr;uge;ydelse;status;vores_beloeb;vores_sats;vores_resultat;yr_beloeb;yr_sats;yr_resultat;paa_spil",
                        x.cprs.flatMap { cpr in
                            (weeks[cpr] ?? []).map { l in
                                [
                                    cpr.formatted, l.week.description, l.benefit, l.status.rawValue, l.ourAmount?.danish ?? "",
                                    l.ourRate?.danishPercent ?? "",
                                    l.ourResult?.danish ?? "", l.yrAmount?.danish ?? "", l.yrRate?.danishPercent ?? "", l.yrResult?.danish ?? "",
                                    l.atStake.danish,
                                ]
                            }
                        }))
            }
            if !x.cprs.isEmpty {
                add("\(folder)/posteringer.csv", try await postingRows(x.cprs, within: yearDays, store: store, imports: imports))
                for cpr in x.cprs {
                    try await store.appendAudit(
                        username: user, action: .export, cpr: cpr, page: page, purpose: "revisionspakke \(scheme.rawValue) \(year), \(folder)")
                }
            }
        }
        let about = [
            "Revisionspakke: \(scheme.title) \(year), fund",
            "Dannet \(Date().formatted(.iso8601)) af \(user) med Hjemtag \(programVersion)",
            "Udvalg: \(how)",
            stale.map { "OBS: data eller satser er ændret siden beregningen (\($0.changes.joined(separator: "; ")))" }
                ?? "Data og satser er de samme som ved beregningen.",
            "Hver mappe fund-NNN: fund.csv (fundet med regel, beløb og status) og, for fund på en borger, posteringer.csv (borgerens posteringer i året med import, fil, SHA-256 og linje)"
                + (scheme == .staircase ? ", ydelser.csv (borgerens ydelser i året) og afstemning.csv (ugerne afstemt med Ydelsesrefusion)." : "."),
            parameters.isEmpty
                ? "parametre.csv er tom: ordningen har ingen verificerede satser, der gælder i \(year)."
                : "parametre.csv: ordningens satser for året med kilde og kontroldato.",
            "manifest.csv: hver fil med SHA-256.",
        ]
        add("om-pakken.txt", about.joined(separator: "\n") + "\n")
        withManifest(&files)
        try await store.appendAudit(
            username: user, action: .export, page: page, purpose: "revisionspakke \(scheme.rawValue) \(year): \(chosen.count) fund; \(how)")
        return EvidencePack(files: files, subjectCount: chosen.count)
    }
}
