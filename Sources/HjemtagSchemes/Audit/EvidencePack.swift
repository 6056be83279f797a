import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore

/// The auditor's evidence pack for a year's SDE result (issue 21 § 5; seed 003: "levere
/// aktindsigt til revisor ifm påtegning"): for each subject chosen, by key or as a random sample
/// drawn reproducibly from a stated seed, the input rows with the file, SHA-256 and line they came
/// from, the parameters used with their values, sources and checked-on dates, the explanation and
/// the result; and a description of the pack (program version, time, who, how the sample was
/// drawn, whether data changed since the computation). CPR numbers stand only inside the files,
/// never in a file's name; every pack is audit-logged, with each citizen in it.
public struct EvidencePack: Sendable {
    /// A file of the pack: its path in the archive and its bytes.
    public struct File: Sendable {
        public var path: String
        public var data: Data
    }

    public enum Selection: Sendable, Equatable {
        /// Subjects (SDE) or claims (mellemkommunal) by their stored id, as their pages link them.
        case subjects([Int])
        /// N subjects drawn with `SeededRandom(seed)`: the subjects ordered by key, shuffled, the first N.
        case sample(count: Int, seed: UInt64)
    }

    public var files: [File]
    public var subjectCount: Int

    public enum PackError: Error, CustomStringConvertible, Sendable, Equatable {
        case unknownSubject(Int)
        case unknownClaim(Int)
        case unknownFinding(Int)
        case noFindings(scheme: Scheme, year: Int)
        case emptySample

        public var description: String {
            switch self {
            case .unknownSubject(let id): return "emne nr. \(id) findes ikke i årets SDE-beregning"
            case .noFindings(let scheme, let year): return "\(scheme.title) har ingen aktive fund for \(year); beregn året først (hjemtag robot koer)"
            case .unknownFinding(let id): return "fund nr. \(id) er ikke et aktivt fund for ordningen og året"
            case .unknownClaim(let id): return "krav nr. \(id) er ikke et af vores aktive mellemkommunale krav"
            case .emptySample: return "stikprøven skal have mindst ét emne"
            }
        }
    }

    /// Builds the pack for `year`'s stored SDE run.
    public static func sde(
        year: Int, selection: Selection, store: any Store, by user: String, programVersion: String, today: Day = .today, page: String
    ) async throws -> EvidencePack {
        guard let run = try await store.latestSDERun(year: year) else { throw SchemeError.noRun(scheme: .sde, year: year) }
        let all = try await store.sdeSubjects(runID: run.id).sorted { $0.key < $1.key }
        let chosen: [StoredSDESubject]
        let how: String
        switch selection {
        case .subjects(let ids):
            chosen = try ids.map { id in
                guard let s = all.first(where: { $0.id == id }) else { throw PackError.unknownSubject(id) }
                return s
            }
            how = "udvalgt: emne nr. \(ids.map(String.init).joined(separator: ", "))"
        case .sample(let count, let seed):
            guard count > 0 else { throw PackError.emptySample }
            var rng = SeededRandom(seed: seed)
            chosen = Array(all.shuffled(using: &rng).prefix(count))
            how =
                "stikprøve: \(chosen.count) af \(all.count) emner, trukket med frø \(seed) "
                + "(emnerne ordnet efter nøgle, blandet med Hjemtags SeededRandom(seed: \(seed)), de første \(count))"
        }
        let imports = Dictionary(try await store.imports().map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let stale = try await ComputationLedger(store: store).staleness(.sde, year: year)
        let service = SDEService(store: store, today: today)
        var files: [File] = []
        func add(_ path: String, _ text: String) { files.append(File(path: path, data: Data(text.utf8))) }
        let parameters =
            (["parameter;navn;vaerdi;periode;kilde;kontrolleret"]
            + run.parameters.map { [$0.id, $0.title, $0.unit.shown($0.value), $0.period, $0.source, $0.checked.iso].map(csv).joined(separator: ";") })
            .joined(separator: "\r\n") + "\r\n"
        add("parametre.csv", parameters)
        for (n, s) in chosen.enumerated() {
            let folder = "emne-\(zeroPad(n + 1, 3))"
            var result = [
                "noegle;art;cpr;spor;berettiget;refusion;bogfoert_refusion",
                [s.key, s.kind, s.cprs.map(\.formatted).joined(separator: " "), s.track, s.eligible.danish, s.refund.danish, s.claimed.danish].map(
                    csv
                )
                .joined(separator: ";"),
                "", "maaned;berettiget;refusion;omfattet",
            ]
            result += s.months.map { [$0.month.description, $0.eligible.danish, $0.refund.danish, $0.covered ? "ja" : "nej"].joined(separator: ";") }
            add("\(folder)/resultat.csv", result.joined(separator: "\r\n") + "\r\n")
            let yearDays = DateRange(Day(year: year, month: 1, day: 1)!, Day(year: year, month: 12, day: 31)!)
            add("\(folder)/posteringer.csv", try await postingRows(s.cprs, within: yearDays, store: store, imports: imports))
            let explanations = try await service.explain(cpr: s.cprs[0], year: year).filter { $0.0.key == s.key }
            add("\(folder)/forklaring.txt", explanations.map { $0.1.rendered() }.joined(separator: "\n") + "\n")
            try await store.appendAudit(
                username: user, action: .export, cpr: s.cprs[0], page: page, purpose: "revisionspakke SDE \(year), \(folder)")
        }
        let about = [
            "Revisionspakke: \(Scheme.sde.title) \(year)",
            "Dannet \(Date().formatted(.iso8601)) af \(user) med Hjemtag \(programVersion)",
            "Beregningen: nr. \(run.id) (beregnet \(DanishFormat.count(run.revision + 1, "gang", "gange"))), \(run.computedAt) af \(run.computedBy); refusion i alt \(run.totalRefund.danishKroner), \(run.subjectCount) emner",
            "Udvalg: \(how)",
            stale.map {
                "OBS: data eller satser er ændret siden beregningen (\($0.changes.joined(separator: "; "))); forklaringerne er dannet af data, som de er nu"
            }
                ?? "Data og satser er de samme som ved beregningen.",
            "Hver mappe emne-NNN: resultat.csv (emnets tal pr. måned), posteringer.csv (de posteringer, der indgår, med import, fil, SHA-256 og linje), forklaring.txt.",
            "parametre.csv: de satser og grænser, beregningen brugte, med kilde og kontroldato. manifest.csv: hver fil med SHA-256.",
        ]
        add("om-pakken.txt", about.joined(separator: "\n") + "\n")
        withManifest(&files)
        try await store.appendAudit(
            username: user, action: .export, page: page, purpose: "revisionspakke SDE \(year): \(chosen.count) emner; \(how)")
        return EvidencePack(files: files, subjectCount: chosen.count)
    }

    /// The citizens' postings that touch `range`, with the import, file, SHA-256 and line each came
    /// from, and where its facts come from (an OS2bos payment, a Sensum service, a tariff).
    static func postingRows(_ cprs: [CPR], within range: DateRange, store: any Store, imports: [Int: ImportSummary]) async throws -> String {
        var rows = ["cpr;bilag;dato;beloeb;funktion;paragraf;periode_fra;periode_til;import;fil;sha256;linje;kilde"]
        for cpr in cprs {
            for (p, importID) in try await store.postingsWithImport(cpr: cpr) {
                let covered = p.period ?? DateRange(p.date, p.date)
                guard covered.intersection(range) != nil || range.contains(p.date) else { continue }
                let i = imports[importID]
                let source = OS2bosPayment.provenance(of: p).first ?? (p.extra["takst"] != nil ? p.text ?? "" : "")
                rows.append(
                    [
                        cpr.formatted, p.voucher ?? "", p.date.iso, p.amount.danish, p.function.description, p.paragraph ?? "",
                        p.period?.start.iso ?? "", p.period?.end.iso ?? "", String(importID), i?.fileName ?? "", i?.sha256 ?? "", String(p.line),
                        source,
                    ].map(csv).joined(separator: ";"))
            }
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV file of the pack: the header as given, each field through `csv`, CRLF line ends.
    static func csvFile(_ header: String, _ rows: [[String]]) -> String {
        ([header] + rows.map { $0.map(csv).joined(separator: ";") }).joined(separator: "\r\n") + "\r\n"
    }

    /// Adds `manifest.csv`: every file of the pack with its SHA-256 and size.
    static func withManifest(_ files: inout [File]) {
        let manifest = ["fil;sha256;bytes"] + files.map { "\($0.path);\(FileFingerprint.sha256(of: $0.data));\($0.data.count)" }
        files.append(File(path: "manifest.csv", data: Data((manifest.joined(separator: "\r\n") + "\r\n").utf8)))
    }

    /// A field as the project's Danish CSV writes it: a posting text such as `=HYPERLINK(…)` from
    /// a file stays text in the auditor's spreadsheet (`FormulaGuard`).
    static func csv(_ v: String) -> String { DanishCSV.field(v) }
}
