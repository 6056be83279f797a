import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore

/// `hjemtag opbevaring`: sets the retention period, shows what it would delete, and deletes.
struct RetentionCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "opbevaring",
        abstract: "Opbevaringsreglen: sletter data på personniveau, der er ældre end et antal hele regnskabsår.",
        discussion: """
            Uden --slet vises kun, hvad der ville blive slettet. Med --slet slettes det i én transaktion, \
            og sletningen skrives i logningen. Logningen selv slettes ikke. Mindst \(RetentionRule.minimumYears) år.
            """)
    @OptionGroup var global: GlobalOptions
    @Option(help: "Sæt opbevaringsperioden til dette antal hele regnskabsår (gemmes i databasen).") var aar: Int?
    @Flag(help: "Slet nu (ellers vises kun, hvad der ville blive slettet).") var slet = false
    @Option(help: "Dagen reglen regnes fra (ÅÅÅÅ-MM-DD); standard i dag.") var dato: String?
    @Flag(help: "Skriv JSON.") var json = false

    func run() async throws {
        let today = try judgementDay(dato)
        try await withStore(global) { store in
            if let aar {
                let rule: RetentionRule
                do { rule = try RetentionRule(years: aar) } catch let e as RetentionError { throw UserFacingError(message: e.description) }
                try await RetentionService(store: store).setPeriod(rule, by: cliUser, page: "hjemtag opbevaring")
                if !json { say("Opbevaringsperioden er sat til \(rule.years) hele regnskabsår.") }
            }
            guard let rule = try await store.retentionRule() else { throw UserFacingError(message: RetentionError.notConfigured.description) }
            let report = try await RetentionService(store: store).run(rule, today: today, apply: slet, by: cliUser)
            if json {
                say(try JSONOutput.encode(report))
                return
            }
            let table = TextTable(columns: ["Data", slet ? "Slettet" : "Ville blive slettet"])
            for line in report.lines { table.add([line.what, DanishFormat.integer(line.rows)]) }
            say("Opbevaring \(rule.years) år: data fra før \(report.cutoff.danish) \(slet ? "er slettet" : "kan slettes").")
            say(table.render(rightAligned: [1]))
            if report.keptCounters > 0 {
                say(
                    "Tællerne på refusionstrappen gemmes for \(DanishFormat.count(report.keptCounters, "borger", "borgere")) i stedet for deres ydelseshistorik, så de bevarede år giver de samme resultater."
                )
            }
            say(slet ? "Sletningen er skrevet i logningen." : "Kør med --slet for at slette.")
        }
    }
}
