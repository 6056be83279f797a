import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore

struct ParametersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parametre",
        abstract: "Lister og vedligeholder regelparametre (grænser, satser) med periode og kilde.",
        subcommands: [Liste.self, Saet.self, Historik.self, Tilbagetraek.self, Tjek.self, Import.self, Eksport.self],
        defaultSubcommand: Liste.self)

    struct Liste: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Lister alle parametre med værdi, periode og kilde.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            // Parameters are readable without a database; entered values are added when one exists.
            var set = try ParameterSet.bundled()
            if let store = try? await global.openStore() {
                if let entered = try? await store.parameterSet() { set = entered }
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
                    table.add([
                        d.id, d.unit.shown(v.value), v.periodText, v.enteredBy.map { "indtastet af \($0): " + v.source } ?? v.source,
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
            abstract: "Indtaster eller retter en verificeret værdi for en periode (fx et års SDE-grænser).",
            discussion: """
                En ny værdi for samme parameter og præcis samme periode erstatter den tidligere indtastning, \
                som bliver stående i historikken. Beløb skal være større end 0 og have en slutdato; et års \
                grænser skal stige trin for trin; perioder må ikke overlappe andre indtastninger.
                Eksempel: hjemtag parametre saet sde.graense.t1 --fra 2023-01-01 --til 2023-12-31 --vaerdi 880000 --kilde https://...
                """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Parameterens id, fx sde.graense.t1.") var id: String
        @Option(help: "Første dag værdien gælder.") var fra: String
        @Option(help: "Sidste dag værdien gælder (udelades for satser i loven).") var til: String?
        @Option(help: "Værdien: kroner eller procent.") var vaerdi: String
        @Option(help: "Kilden: URL til lov, bekendtgørelse eller satsmeddelelse.") var kilde: String
        @Option(help: "Note, fx hvem der har kontrolleret, eller hvad der rettes.") var note: String?

        func run() async throws {
            let today = Day.today
            try await withStore(global, migrated: true) { store in
                let unit = try await store.parameterSet().definition(id).unit
                let value = try DatedValue.entered(
                    from: fra, to: til, value: vaerdi, unit: unit, source: kilde, note: note, by: cliUser, today: today)
                let stored = try await store.enterParameterValues(
                    [ParameterEntry(parameterID: id, value: value)], by: cliUser, origin: "kommandolinje")
                let before = try await store.storedParameterValues().filter { $0.supersededBy == stored[0].entry }
                say("\(id) = \(unit.shown(value.value)) for \(value.periodText) er gemt (indtastning nr. \(stored[0].entry)).")
                for b in before {
                    say("Erstatter indtastning nr. \(b.entry) (\(unit.shown(b.value.value)), indtastet af \(b.value.enteredBy ?? "")).")
                }
            }
        }
    }

    struct Historik: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "historik", abstract: "Viser kommunens indtastninger med hvem, hvornår, hvorfor og om de stadig gælder.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Kun denne parameter (fx sde.graense.t1).") var id: String?

        func run() async throws {
            try await withStore(global, migrated: true) { store in
                let set = try await store.parameterSet()
                let entries = try await store.storedParameterValues().filter { id == nil || $0.parameterID == id }
                guard !entries.isEmpty else {
                    say("Ingen indtastninger.")
                    return
                }
                let table = TextTable(columns: ["Nr.", "Parameter", "Værdi", "Periode", "Indtastet af", "Tidspunkt (UTC)", "Note", "Status"])
                for e in entries {
                    table.add([
                        String(e.entry), e.parameterID, (set.definitions[e.parameterID]?.unit ?? .count).shown(e.value.value), e.value.periodText,
                        e.value.enteredBy ?? "", String(e.enteredAt.prefix(16)).replacingOccurrences(of: "T", with: " "), e.value.note ?? "",
                        e.stateText,
                    ])
                }
                say(table.render(rightAligned: [0, 2]))
            }
        }
    }

    struct Tilbagetraek: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tilbagetraek",
            abstract: "Tilbagetrækker en indtastning; den leverede værdi (eller fejlen for en manglende) gælder igen.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Indtastningens nummer (se: hjemtag parametre historik).") var nummer: Int
        @Option(help: "Hvorfor (mindst 10 tegn); skrives i logningen.") var grund: String

        func run() async throws {
            try await withStore(global, migrated: true) { store in
                let w = try await store.withdrawParameterEntry(nummer, by: cliUser, reason: grund)
                say("Indtastning nr. \(nummer) (\(w.parameterID) for \(w.value.periodText)) er tilbagetrukket.")
            }
        }
    }

    struct Tjek: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "tjek",
            abstract: "Finder, for hvert år med data, manglende værdier, dage med to værdier, grænser der ikke stiger og gamle kontroldatoer.",
            discussion: "Afslutter med kode 1, når der er problemer, så tjekket kan køre i natten.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            let problems = try await withStore(global, migrated: true) { store in
                try await store.parameterCheck(today: .today)
            }
            if json {
                struct Line: Encodable { let kind, parameter: String, year, lastYear: Int, text: String }
                say(
                    try JSONOutput.encode(
                        problems.map { Line(kind: $0.kind.rawValue, parameter: $0.parameterID, year: $0.year, lastYear: $0.lastYear, text: $0.text) })
                )
            } else if problems.isEmpty {
                say("Ingen problemer: alle parametre har én verificeret værdi for hvert år med data.")
            } else {
                let table = TextTable(columns: ["År", "Parameter", "Problem", "Forklaring"])
                for p in problems { table.add([p.yearsText, p.parameterID, p.kind.rawValue, p.text]) }
                say(table.render(rightAligned: []))
                say(DanishFormat.count(problems.count, "problem", "problemer") + ". Indtast manglende værdier med: hjemtag parametre saet")
            }
            if !problems.isEmpty { throw ExitCode(1) }
        }
    }

    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Indlæser en parameterfil (parameter;fra;til;vaerdi;kilde;kontrolleret;note); alle værdier eller ingen.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Parameterfilen (CSV).") var fil: String

        func run() async throws {
            let url = URL(fileURLWithPath: fil)
            try await withStore(global, migrated: true) { store in
                let units = try await store.parameterSet().definitions.mapValues(\.unit)
                let entries = try ParameterFile.read(url, units: units, by: cliUser)
                let stored = try await store.enterParameterValues(
                    entries, by: cliUser, origin: "parameterfil \(url.lastPathComponent)", file: url.lastPathComponent)
                say("\(url.lastPathComponent): \(DanishFormat.count(stored.count, "værdi", "værdier")) gemt.")
            }
        }
    }

    struct Eksport: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eksport", abstract: "Skriver kommunens gældende indtastninger (eller med --alle alle værdier) som parameterfil.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Filen der skrives.") var fil: String
        @Flag(help: "Alle værdier, også dem Hjemtag leverer.") var alle = false

        func run() async throws {
            let set = try await withStore(global, migrated: true) { try await $0.parameterSet() }
            let values = ParameterFile.values(of: set, everything: alle)
            try DanishCSV.write(ParameterFile.sheet(values), to: URL(fileURLWithPath: fil))
            say("\(fil): \(DanishFormat.count(values.count, "værdi", "værdier")) skrevet.")
        }
    }
}
