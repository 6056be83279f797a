import ArgumentParser
import Foundation
import HjemtagSQLStore
import HjemtagStore

struct Backup: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Tager en konsistent kopi af SQLite-databasen, også mens serveren kører.",
        discussion: "PostgreSQL: brug pg_dump -Fc DATABASE > kopi.dump og pg_restore (se docs/SECURITY.md).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Kopiens filnavn (må ikke findes).") var file: String

    func run() async throws {
        guard !FileManager.default.fileExists(atPath: file) else { throw UserFacingError(message: "'\(file)' findes allerede; vælg et nyt filnavn") }
        try await withStore(global) { store in
            try await store.backup(to: file)
            try await store.appendAudit(username: cliUser, action: .backup, cpr: nil, page: "hjemtag backup", purpose: nil)
        }
        say("Kopi skrevet: \(file)")
    }
}

struct Restore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lægger en kopi fra hjemtag backup tilbage som SQLite-database. Stop serveren først.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "Kopien.") var file: String
    @Flag(help: "Overskriv en eksisterende database.") var overskriv = false

    func run() async throws {
        let target = global.location
        guard !target.hasPrefix("postgres") else { throw UserFacingError(message: "restore gælder SQLite; brug pg_restore for PostgreSQL") }
        // The copy must be a Hjemtag store before it replaces anything.
        let copy = try await SQLStore.open(file)
        let migrations = try await copy.appliedMigrations()
        try await copy.close()
        guard !migrations.isEmpty else { throw UserFacingError(message: "'\(file)' er ikke en Hjemtag-database") }
        if FileManager.default.fileExists(atPath: target) {
            guard overskriv else { throw UserFacingError(message: "'\(target)' findes; brug --overskriv for at erstatte den") }
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
        }
        try FileManager.default.copyItem(atPath: file, toPath: target)
        say("Databasen \(target) er lagt tilbage fra \(file) (\(migrations.count) migreringer).")
    }
}
