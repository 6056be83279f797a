import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Synchronization

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Importerer filer af én type. Hver fil gemmes helt eller slet ikke.",
        discussion:
            "Typer: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")). Formaterne står i docs/formats.md. Ved fejl gemmes intet, og alle problemer skrives som fil:linje:kolonne: årsag (afslutningskode 65)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Importtypen, fx posteringer.") var kind: String
    @Argument(help: "En eller flere filer.") var files: [String]
    @Flag(
        help:
            "Skriv på stderr for hver \(DanishFormat.integer(ImportProgressLine.step)) rækker, hvor langt importen er nået (sker også i en terminal)."
    )
    var fremdrift = false
    @Option(
        name: .customLong("tillad-dubletter"),
        help: "Importér rækker, hvis indhold allerede er gemt, og skriv hvorfor (begrundelsen gemmes med importen og i logningen).")
    var duplicatesReason: String?
    @Option(
        name: .customLong("kortlaegning"), help: "Læs posteringer i et andet systems layout gennem en gemt kortlægning (hjemtag kortlaegning liste).")
    var mappingName: String?

    func run() async throws {
        if kind == "sensum" { return try await importSensum() }
        guard let importKind = ImportKind(rawValue: kind) else { throw ImportError.unknownKind(kind) }
        let showProgress = fremdrift || isatty(STDERR_FILENO) != 0
        if mappingName != nil && importKind != .postings {
            throw UserFacingError(message: "--kortlaegning gælder kun posteringer")
        }
        try await withStore(global, migrated: true) { store in
            var mapping: ColumnMapping?
            if let name = mappingName { mapping = try await MappingCommand.saved(name, in: store) }
            var failures: [ImportError] = []
            for path in files {
                let url = URL(fileURLWithPath: path)
                do {
                    let progress = JobProgress(
                        onRows: showProgress ? ImportProgressLine(file: url.lastPathComponent, console: Console.current).report : nil)
                    let outcome = try await Jobs(store: store, user: cliUser, origin: "cli", today: .today).importFile(
                        importKind, file: url, name: url.lastPathComponent, duplicatesReason: duplicatesReason, mapping: mapping, progress: progress)
                    let s = outcome.summary
                    say(
                        "\(s.fileName): \(DanishFormat.count(s.rowCount, "række", "rækker")) importeret (import nr. \(s.id), tegnsæt \(outcome.encoding.rawValue))"
                            + (outcome.skippedText.map { "; sprunget over: \($0)" } ?? "") + ".")
                    if let notes = outcome.notesText { say("  Bemærk: \(notes).") }
                    for line in outcome.followUp { say("  \(line).") }
                    for warning in outcome.warnings { complain("\(s.fileName): advarsel: \(warning).") }
                } catch let e as ImportError {
                    failures.append(e)
                    if files.count > 1 { complain(e.description) }
                }
            }
            if files.count == 1, let only = failures.first { throw only }
            if !failures.isEmpty {
                let invalid = failures.contains(where: \.isDataError)
                throw UserFacingError(message: "\(failures.count) af \(files.count) filer blev ikke importeret", exitCode: invalid ? 65 : 1)
            }
        }
    }
}

extension Import {
    /// `hjemtag import sensum DIR`: the four files of an EG Sensum delivery found by their names
    /// (`Borger_*`, `Leverandør_*`, `Sager_*`, `Indsatser_*`), each imported whole or not at all.
    func importSensum() async throws {
        try await withStore(global, migrated: true) { store in
            var found = 0
            for dir in files {
                let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.sorted() ?? []
                for kind in ImportKind.sensum {
                    for name in names where FileRecognition.kind(byName: name) == kind {
                        let url = URL(fileURLWithPath: dir).appendingPathComponent(name)
                        let outcome = try await Jobs(store: store, user: cliUser, origin: "cli", today: .today).importFile(
                            kind, file: url, name: name)
                        found += 1
                        say(
                            "\(name) (\(kind.rawValue)): \(DanishFormat.count(outcome.summary.rowCount, "række", "rækker")) importeret (import nr. \(outcome.summary.id))"
                                + (outcome.skippedText.map { "; sprunget over: \($0)" } ?? "") + ".")
                    }
                }
            }
            if found == 0 {
                throw UserFacingError(
                    message: "ingen Sensum-filer (Borger_*.csv, Leverandør_*.csv, Sager_*.csv, Indsatser_*.csv) i \(files.joined(separator: ", "))")
            }
        }
    }
}

/// The import's progress as one stderr line per `step` rows written inside its open transaction.
/// Rows are not kept until the import ends, and the line says so.
final class ImportProgressLine: Sendable {
    static let step = 50_000
    let file: String
    let console: Console
    private let reported = Mutex(0)

    init(file: String, console: Console) {
        self.file = file
        self.console = console
    }

    func report(_ rowsWritten: Int) {
        let crossed = reported.withLock { last -> Bool in
            guard rowsWritten / ImportProgressLine.step > last / ImportProgressLine.step else { return false }
            last = rowsWritten
            return true
        }
        if crossed { console.err("\(file): \(DanishFormat.integer(rowsWritten)) rækker skrevet (gemmes først, når hele filen er læst)") }
    }
}
