import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// Saved column mappings for ledger extracts in other systems' layouts (docs/formats.md).
struct MappingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kortlaegning",
        abstract: "Gemmer, viser og afprøver kortlægninger af økonomisystemers posteringsudtræk til Hjemtags felter.",
        discussion:
            "En kortlægning er JSON: {\"navn\": \"opus\", \"filnavn\": \"OPUS_*.csv\", \"felter\": {\"dato\": {\"kolonne\": \"Bogf.dato\", \"datoformat\": \"DD.MM.ÅÅÅÅ\"}, \"beloeb\": {\"kolonne\": \"Beløb\", \"fortegn\": {\"kolonne\": \"D/K\", \"kredit\": [\"K\"]}}, \"funktion\": {\"kolonne\": \"Konto\", \"del\": {\"separator\": \"-\", \"nummer\": 1}}}}. Importér med: hjemtag import posteringer FIL --kortlaegning NAVN.",
        subcommands: [Save.self, List.self, Show.self, Delete.self, Try.self])

    struct Save: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "gem", abstract: "Gemmer (eller retter) en kortlægning fra en JSON-fil.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "JSON-filen.") var file: String

        func run() async throws {
            let mapping = try MappingCommand.read(file)
            try await withStore(global, migrated: true) { store in
                try await store.saveMapping(mapping, by: cliUser, page: "hjemtag kortlaegning gem")
                say(
                    "Kortlægningen \(mapping.name) er gemt"
                        + (mapping.fileNamePattern.map { "; filer i indbakken med navnet \($0) læses med den" } ?? "") + ".")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Viser de gemte kortlægninger.")
        @OptionGroup var global: GlobalOptions
        func run() async throws {
            try await withStore(global, migrated: true) { store in
                let all = try await store.mappings()
                if all.isEmpty { say("Ingen kortlægninger gemt.") }
                for m in all {
                    say("\(m.mapping.name)\t\(m.mapping.fileNamePattern ?? "-")\tgemt \(m.savedAt) af \(m.savedBy)")
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "vis", abstract: "Skriver en kortlægning som JSON (til eksport).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Navnet.") var name: String
        func run() async throws {
            try await withStore(global, migrated: true) { store in
                say(try await MappingCommand.saved(name, in: store).encoded())
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "slet", abstract: "Sletter en kortlægning (importer læst med den beholdes).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Navnet.") var name: String
        func run() async throws {
            try await withStore(global, migrated: true) { store in
                guard try await store.deleteMapping(named: name, by: cliUser, page: "hjemtag kortlaegning slet") else {
                    throw UserFacingError(message: MappingError.unknown(name).description)
                }
                say("Kortlægningen \(name) er slettet.")
            }
        }
    }

    struct Try: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "proev",
            abstract: "Viser en fils første \(MappingPreview.rowLimit) rækker, som de læses gennem en kortlægning; intet gemmes.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Kortlægningens navn, eller en JSON-fil.") var mapping: String
        @Argument(help: "Posteringsfilen.") var file: String
        func run() async throws {
            let url = URL(fileURLWithPath: file)
            let sample = try MappingPreview.sample(url: url)
            say("\(url.lastPathComponent): tegnsæt \(sample.encoding.rawValue), separator \(sample.separator)")
            say("Kolonner: " + zip(sample.header, sample.looks).map { "\($0) (\($1))" }.joined(separator: ", "))
            let m: ColumnMapping
            if FileManager.default.fileExists(atPath: mapping) {
                m = try MappingCommand.read(mapping)
            } else {
                m = try await withStore(global, migrated: true) { store in try await MappingCommand.saved(mapping, in: store) }
            }
            let (missing, rows) = try MappingPreview.mapped(url: url, mapping: m)
            if !missing.isEmpty { complain("kolonner, kortlægningen læser, men filen mangler: \(missing.joined(separator: ", "))") }
            say(PostingParser.knownColumns.joined(separator: "\t"))
            for r in rows {
                say("\(r.line):\t" + (r.problems.isEmpty ? r.values.joined(separator: "\t") : "FEJL " + r.problems.joined(separator: "; ")))
            }
        }
    }

    /// A saved mapping, or the Danish error that names the list.
    static func saved(_ name: String, in store: any Store) async throws -> ColumnMapping {
        guard let m = try await store.mapping(named: name) else { throw UserFacingError(message: MappingError.unknown(name).description) }
        return m
    }

    static func read(_ path: String) throws -> ColumnMapping {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw UserFacingError(message: "\(path): kan ikke læses") }
        do { return try ColumnMapping.decode(text) } catch { throw UserFacingError(message: "\(path): \(error.description)") }
    }
}
