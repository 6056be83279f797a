import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagStore

struct ParametersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parametre",
        abstract: "Lister og vedligeholder regelparametre (grænser, satser) med periode og kilde.",
        subcommands: [Liste.self, Saet.self], defaultSubcommand: Liste.self)

    struct Liste: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Lister alle parametre med værdi, periode og kilde.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            // Parameters are readable without a database; entered values are added when one exists.
            var set = try ParameterSet.bundled()
            if let store = try? await global.openStore() {
                if let stored = try? await store.storedParameterValues() {
                    for s in stored { try set.apply(override: s.value, to: s.parameterID) }
                }
                try? await store.close()
            }
            let defs = set.definitions.values.sorted { $0.id < $1.id }
            if json {
                say(try JSONOutput.encode(defs))
                return
            }
            let table = TextTable(columns: ["Parameter", "Værdi", "Periode", "Kilde", "Kontrolleret", "Note"])
            for d in defs {
                for v in d.values.sorted(by: { $0.from < $1.from }) {
                    let shown =
                        d.unit == .kroner ? ((try? Money.parse(v.value))?.danishKroner ?? v.value) : v.value + (d.unit == .percent ? " %" : "")
                    table.add([
                        d.id, shown, v.periodText, v.enteredBy.map { "indtastet af \($0): " + v.source } ?? v.source,
                        v.checked.danish, v.note ?? "",
                    ])
                }
            }
            say(table.render(rightAligned: [1]))
        }
    }

    struct Saet: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "saet",
            abstract: "Indtaster en verificeret værdi for en periode (fx et års SDE-grænser).",
            discussion: "Eksempel: hjemtag parametre saet sde.graense.t1 --fra 2023-01-01 --til 2023-12-31 --vaerdi 880000 --kilde https://... ")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Parameterens id, fx sde.graense.t1.") var id: String
        @Option(help: "Første dag værdien gælder.") var fra: String
        @Option(help: "Sidste dag værdien gælder (udelades for satser i loven).") var til: String?
        @Option(help: "Værdien: kroner eller procent.") var vaerdi: String
        @Option(help: "Kilden: URL til lov, bekendtgørelse eller satsmeddelelse.") var kilde: String
        @Option(help: "Note, fx hvem der har kontrolleret.") var note: String?

        func run() async throws {
            let today = Day.today
            try await withStore(global, migrated: true) { store in
                var set = try await store.parameterSet()
                let unit = try set.definition(id).unit
                let value: DatedValue
                do {
                    value = try DatedValue.entered(
                        from: fra, to: til, value: vaerdi, unit: unit, source: kilde, note: note, by: cliUser, today: today)
                } catch let e as ParameterEntryError { throw UserFacingError(message: e.description) }
                try set.apply(override: value, to: id) // validates id and value before storing
                try await store.addParameterValue(id, value)
                say("\(id) = \(value.value) for \(value.periodText) er gemt.")
            }
        }
    }
}
