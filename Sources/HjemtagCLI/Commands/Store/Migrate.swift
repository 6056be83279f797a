import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Synchronization

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Opretter eller opdaterer databasen og sætter hvilken kommune den tilhører.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Kommunens 3-cifrede kode (fx 350 for Lejre) eller navn.")
    var kommune: String?

    func run() async throws {
        try await withStore(global) { store in
            let applied = try await store.migrate()
            say(applied.isEmpty ? "Databasen er opdateret (\(store.backendName))." : "Migreringer kørt: \(applied.joined(separator: ", ")) (\(store.backendName)).")
            if let kommune {
                guard let k = Kommune.lookup(kommune) else { throw UserFacingError(message: "'\(kommune)' er ikke en kommunekode eller et kommunenavn") }
                try await store.setSetting("kommune", k.codeText)
                say("Databasen tilhører \(k.name) Kommune (\(k.codeText)).")
            }
        }
    }
}

struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Importerer filer af én type. Hver fil gemmes helt eller slet ikke.",
        discussion: "Typer: \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")). Formaterne står i docs/formats.md. Ved fejl gemmes intet, og alle problemer skrives som fil:linje:kolonne: årsag (afslutningskode 65).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Importtypen, fx posteringer.") var kind: String
    @Argument(help: "En eller flere filer.") var files: [String]
    @Flag(help: "Skriv på stderr for hver \(DanishFormat.integer(ImportProgressLine.step)) rækker, hvor langt importen er nået (sker også i en terminal).")
    var fremdrift = false

    func run() async throws {
        guard let importKind = ImportKind(rawValue: kind) else { throw ImportError.unknownKind(kind) }
        let showProgress = fremdrift || isatty(STDERR_FILENO) != 0
        try await withStore(global, migrated: true) { store in
            var failures: [ImportError] = []
            for path in files {
                let url = URL(fileURLWithPath: path)
                do {
                    let progress = showProgress ? ImportProgressLine(file: url.lastPathComponent, console: Console.current).report : nil
                    let outcome = try await ImportRunner(progress: progress).run(kind: importKind, file: url, importedBy: cliUser, into: store)
                    let s = outcome.summary
                    say("\(s.fileName): \(s.rowCount) rækker importeret (import nr. \(s.id), tegnsæt \(outcome.encoding.rawValue))"
                        + (outcome.skippedText.map { "; sprunget over: \($0)" } ?? "") + ".")
                    if let notes = outcome.notesText { say("  Bemærk: \(notes).") }
                } catch let e as ImportError {
                    failures.append(e)
                    if files.count > 1 { complain(e.description) }
                }
            }
            if files.count == 1, let only = failures.first { throw only }
            if !failures.isEmpty {
                let invalid = failures.contains { if case .invalidRows = $0 { return true } else { return false } }
                throw UserFacingError(message: "\(failures.count) af \(files.count) filer blev ikke importeret", exitCode: invalid ? 65 : 1)
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

    init(file: String, console: Console) { self.file = file; self.console = console }

    func report(_ rowsWritten: Int) {
        let crossed = reported.withLock { last -> Bool in
            guard rowsWritten / ImportProgressLine.step > last / ImportProgressLine.step else { return false }
            last = rowsWritten
            return true
        }
        if crossed { console.err("\(file): \(DanishFormat.integer(rowsWritten)) rækker skrevet (gemmes først, når hele filen er læst)") }
    }
}

struct Imports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lister de arkiverede importer.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Skriv JSON.") var json = false

    func run() async throws {
        try await withStore(global) { store in
            let list = try await store.imports()
            if json {
                say(try JSONOutput.encode(list))
                return
            }
            if list.isEmpty { say("Ingen importer endnu."); return }
            let table = TextTable(columns: ["Nr.", "Type", "Fil", "Rækker", "Størrelse", "Tegnsæt", "Af", "Tidspunkt", "SHA-256"])
            for i in list {
                table.add([String(i.id), i.kind, i.fileName, DanishFormat.integer(i.rowCount), DanishFormat.bytes(i.size),
                           i.encoding, i.importedBy, i.importedAt, String(i.sha256.prefix(12)) + "…"])
            }
            say(table.render(rightAligned: [0, 3, 4]))
        }
    }
}

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Viser databasen, kommunen og hvad der er indlæst.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await withStore(global) { store in
            let migrations = try await store.appliedMigrations()
            say("Database: \(store.backendName) (\(store.backendName == "SQLite" ? global.location : "PostgreSQL-server"))")
            guard !migrations.isEmpty else {
                say("Databasen er ikke oprettet. Kør: hjemtag migrate --kommune KODE")
                return
            }
            say("Migreringer: \(migrations.count) (\(migrations.last!))")
            if let k = try await store.ownMunicipality() {
                say("Kommune: \(k.name) Kommune (\(k.codeText))")
            } else {
                say("Kommune: ikke sat. Kør: hjemtag migrate --kommune KODE")
            }
            let imports = try await store.imports()
            say("Importer: \(imports.count); posteringer: \(DanishFormat.integer(try await store.postingCount()))")
            say("Brugere: \(try await store.users().count)")
        }
    }
}
