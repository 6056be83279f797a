import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Forklarer et beregnet beløb trin for trin med kilder.", subcommands: [ExplainSDE.self, ExplainStaircaseCommand.self])

    struct ExplainSDE: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sde", abstract: "Forklarer en borgers SDE-refusion for et år.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Borgerens CPR-nummer.") var cpr: String
        @Option(name: .customLong("year"), help: "Året.") var year: Int
        @Option(help: "Formålet med opslaget (skrives i logningen).") var formaal = "forklaring af SDE-beregning"

        func run() async throws {
            let person: CPR
            do { person = try CPR(parsing: cpr) } catch { throw UserFacingError(message: error.description) }
            try await withStore(global) { store in
                try await store.appendAudit(
                    username: cliUser, action: .view, cpr: person, page: "hjemtag explain sde --year \(year)", purpose: formaal)
                let explained = try await SDEService(store: store).explain(cpr: person, year: year)
                if explained.isEmpty {
                    say("Borgeren \(person.masked) har ingen SDE-relevante udgifter i \(year).")
                    return
                }
                for (_, e) in explained {
                    say(e.rendered())
                    say("")
                }
            }
        }
    }
}
