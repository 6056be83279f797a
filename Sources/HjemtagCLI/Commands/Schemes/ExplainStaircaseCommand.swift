import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct ExplainStaircaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trappe", abstract: "Forklarer hvorfor en uge har sin sats: talte uger, nulstilling og selvforsørgelsesuger.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Personens CPR-nummer.") var cpr: String
    @Option(help: "Ugen, fx 2024-W10.") var uge: String
    @Option(help: "Formålet med opslaget (skrives i logningen).") var formaal = "forklaring af refusionstrappen"

    func run() async throws {
        let person: CPR
        do { person = try CPR(parsing: cpr) } catch { throw UserFacingError(message: error.description) }
        guard let week = ISOWeek(parsing: uge) else { throw UserFacingError(message: "'\(uge)' er ikke en uge (skriv fx 2024-W10)") }
        try await withStore(global) { store in
            try await store.appendAudit(username: cliUser, action: .view, cpr: person, page: "hjemtag explain trappe --uge \(week)", purpose: formaal)
            let calc = try await StaircaseService(store: store).calculator(from: week.monday, to: week.sunday)
            say(calc.explain(cpr: person, week: week).rendered())
        }
    }
}
