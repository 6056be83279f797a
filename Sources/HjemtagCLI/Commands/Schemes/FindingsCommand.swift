import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct FindingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fund",
        abstract: "Lister robottens fund og ændrer deres status.", subcommands: [Liste.self, Status.self], defaultSubcommand: Liste.self)

    struct Liste: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Lister fund.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Ordning.") var ordning: Scheme?
        @Option(help: "År.") var aar: Int?
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            try await withStore(global) { store in
                let list = try await store.findings(scheme: ordning, year: aar, includeInactive: false)
                if json {
                    struct Row: Encodable {
                        var id: Int
                        var scheme: String
                        var year: Int
                        var kind: String
                        var amount: Money
                        var direction: String
                        var status: String
                        var text: String
                    }
                    say(
                        try JSONOutput.encode(
                            list.map {
                                Row(
                                    id: $0.id, scheme: $0.finding.scheme.rawValue, year: $0.finding.year, kind: $0.finding.kind,
                                    amount: $0.finding.amount, direction: $0.finding.direction.rawValue, status: $0.status.rawValue,
                                    text: $0.finding.text)
                            }))
                    return
                }
                let table = TextTable(columns: ["Nr.", "Ordning", "År", "Type", "Emne", "Beløb", "Retning", "Status"])
                for f in list {
                    let subject = f.finding.cprs.isEmpty ? f.finding.subjectKey : f.finding.cprs.map(\.masked).joined(separator: ", ")
                    table.add([
                        String(f.id), f.finding.scheme.rawValue, String(f.finding.year), f.finding.kind, subject, f.finding.amount.danish,
                        f.finding.direction.danishName, f.status.danishName,
                    ])
                }
                say(table.render(rightAligned: [0, 5]))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Sætter et funds status: ny, undersøges, hjemtaget, afvist.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Fundets nummer.") var id: Int
        @Argument(help: "ny, undersøges, hjemtaget eller afvist.") var status: String
        @Option(help: "Note.") var note: String?

        func run() async throws {
            guard let s = FindingStatus(parsing: status) else {
                throw UserFacingError(message: "ukendt status '\(status)'; brug ny, undersøges, hjemtaget eller afvist")
            }
            try await withStore(global) { store in
                guard try await store.finding(id: id) != nil else { throw UserFacingError(message: "fund nr. \(id) findes ikke") }
                try await store.setFindingStatus(id: id, status: s, note: note, by: cliUser)
                say("Fund nr. \(id) har nu status \(s.danishName).")
            }
        }
    }
}
