import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import HjemtagWeb

/// `hjemtag robot`: the unattended pass (files in, schemes rerun, findings saved) and its record.
struct RobotCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "robot",
        abstract: "Robotten: nye filer ind fra indbakken, alle berørte ordninger beregnet igen, fund gemt.",
        subcommands: [Koer.self, RobotStatus.self], defaultSubcommand: RobotStatus.self)

    struct Koer: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "koer",
            abstract: "Kører én gang: importerer nye filer fra indbakken og beregner de ordninger, hvis data er ændret.",
            discussion: """
                Filer genkendes på navn (Ydelsesrefusions yr-ydelsesrefusion-beregning-*.csv, OS2bos' granted_payments*.csv) \\
                eller på kolonnerne. Importerede filer flyttes til INDBAKKE/behandlet/, afviste til INDBAKKE/afvist/ med \\
                NAVN.fejl.txt ved siden af. En fil, der stadig skrives (.part, .tmp eller ændret inden for 2 sekunder), \\
                venter til næste gang. Afslutter med 0, når kørslen er gennemført, også med afviste filer.
                """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "Mappen, som de andre systemer leverer filer til.") var indbakke: String
        @Option(help: "Dagen frister og vinduer regnes fra (ÅÅÅÅ-MM-DD); standard i dag.") var dato: String?
        @OptionGroup var mail: DigestOptions
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            let today = try judgementDay(dato)
            let report = try await withStore(global, migrated: true) { store in
                try await RobotService(store: store).run(
                    inbox: URL(fileURLWithPath: indbakke), today: today, by: cliUser, after: mail.hook(store: store, today: today))
            }
            if json {
                say(try JSONOutput.encode(report))
                return
            }
            RobotCommand.print(report)
        }
    }

    struct RobotStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Viser robottens seneste kørsler.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            let runs = try await withStore(global, migrated: true) { try await $0.robotRuns(limit: 10) }
            if json {
                struct Out: Encodable {
                    let id: Int
                    let startet: String
                    let slut: String?
                    let af: String
                    let rapport: RobotReport?
                }
                say(
                    try JSONOutput.encode(
                        runs.map { Out(id: $0.id, startet: $0.startedAt, slut: $0.finishedAt, af: $0.startedBy, rapport: $0.report) }))
                return
            }
            guard let last = runs.first else {
                say("Robotten har ikke kørt endnu. Kør: hjemtag robot koer --indbakke MAPPE")
                return
            }
            for r in runs {
                let files = r.report?.filer ?? []
                say(
                    "Kørsel \(r.id): \(DanishFormat.timestamp(r.startedAt)) af \(r.startedBy), "
                        + (r.finishedAt == nil
                            ? "kører stadig"
                            : "\(DanishFormat.count(files.filter { $0.status == "importeret" }.count, "fil", "filer")) importeret, \(DanishFormat.count(files.filter { $0.status == "afvist" }.count, "fil", "filer")) afvist")
                )
            }
            if let report = last.report {
                say("")
                RobotCommand.print(report)
            }
        }
    }

    /// `12,3 s`, or `0,04 s` under a second.
    static func seconds(_ s: Double) -> String { DanishFormat.seconds(s, decimals: s < 1 ? 2 : 1) }

    static func print(_ report: RobotReport) {
        if report.filer.isEmpty { say("Ingen nye filer i indbakken.") }
        for f in report.filer {
            switch f.status {
            case "importeret":
                say(
                    "\(f.fil): \(f.art ?? ""), \(DanishFormat.count(f.raekker, "række", "rækker")) importeret"
                        + (f.sekunder.map { " på \(Self.seconds($0))" } ?? ""))
            case "venter": say("\(f.fil): venter (skrives stadig)")
            default:
                say("\(f.fil): afvist")
                for line in f.fejl.prefix(10) { say("  \(line)") }
            }
        }
        // An error is a note under the table, each message once: SDE's years without verified
        // limits give the same long message every night, which in the table made every row as wide.
        let table = TextTable(columns: ["Ordning", "År", "Status", "Nye fund", "Ændrede", "Lukkede", "Tid", "Fejl"])
        var notes: [String] = []
        for s in report.ordninger {
            var note = ""
            if let message = s.fejl {
                if !notes.contains(message) { notes.append(message) }
                note = "se (\(notes.firstIndex(of: message)! + 1))"
            }
            table.add([
                Scheme(rawValue: s.ordning)?.shortTitle ?? s.ordning, s.aar.map(String.init) ?? "", s.status, String(s.nye_fund),
                String(s.aendrede_fund),
                String(s.lukkede_fund), s.sekunder.map(Self.seconds) ?? "", note,
            ])
        }
        if !report.ordninger.isEmpty { say(table.render(rightAligned: [3, 4, 5, 6])) }
        for (i, message) in notes.enumerated() { say("(\(i + 1)) \(message)") }
        if let post = report.post {
            let sent = post.filter { $0.status == "sendt" }.count
            say("Sammendrag sendt til \(DanishFormat.count(sent, "bruger", "brugere")).")
            for m in post where m.status != "sendt" { say("  \(m.bruger): \(m.fejl ?? m.status)") }
        }
    }
}

/// Where the daily digest goes after a pass: the sendmail command, the sender, and the web
/// address the links point to. Without `--sendmail` no digest is sent.
struct DigestOptions: ParsableArguments {
    @Option(
        help: "Sendmail-kommandoen sammendraget sendes med, fx /usr/sbin/sendmail eller 'msmtp --host=relay.kommune.dk' (køres uden skal, med -t).")
    var sendmail: String?
    @Option(help: "Afsenderadressen på sammendraget.") var afsender = "hjemtag@localhost"
    @Option(help: "Webadressen brugerne når Hjemtag på (til links i sammendraget).") var webAdresse = "http://127.0.0.1:8080"

    func hook(store: any Store, today: Day) -> (@Sendable (RobotReport, String) async -> [RobotReport.Mail])? {
        guard let sendmail else { return nil }
        return DailyDigest.hook(store: store, sendmail: Sendmail(command: sendmail, from: afsender), baseURL: webAdresse, today: today)
    }
}
