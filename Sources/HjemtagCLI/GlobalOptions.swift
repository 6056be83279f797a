import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagSQLStore
import HjemtagStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Databasen: en SQLite-fil (standard ./hjemtag.sqlite) eller postgres://bruger@vært/db. Også HJEMTAG_DATABASE.")
    var database: String?

    var location: String {
        database ?? ProcessInfo.processInfo.environment["HJEMTAG_DATABASE"] ?? "hjemtag.sqlite"
    }

    func openStore() async throws -> SQLStore {
        try await SQLStore.open(location)
    }

    /// The store, migrated if it is new, so a first `import` or `demo` just works.
    func openMigratedStore() async throws -> SQLStore {
        let store = try await openStore()
        _ = try await store.migrate()
        return store
    }
}

/// The user the CLI acts as, for the import archive and the audit log.
var cliUser: String {
    let env = ProcessInfo.processInfo.environment
    return "cli:" + (env["HJEMTAG_USER"] ?? env["USER"] ?? "ukendt")
}

/// A failure the user can act on: printed as one Danish line, exit code as given.
struct UserFacingError: Error, CustomStringConvertible {
    var message: String
    var exitCode: Int32 = 1
    var description: String { message }
}

/// Runs `body` with a store and always closes it.
func withStore<T>(_ options: GlobalOptions, migrated: Bool = false, _ body: (SQLStore) async throws -> T) async throws -> T {
    let store = migrated ? try await options.openMigratedStore() : try await options.openStore()
    do {
        let r = try await body(store)
        try? await store.close()
        return r
    } catch {
        try? await store.close()
        throw error
    }
}

/// The day a command judges deadlines on: `--dato` when given, otherwise today.
func judgementDay(_ dato: String?) throws -> Day {
    guard let dato else { return .today }
    guard let d = Day(parsing: dato) else { throw UserFacingError(message: "--dato '\(dato)' er ikke en dato") }
    return d
}

/// `--ordning sde`: the scheme's stored key, as users know it.
extension Scheme: ExpressibleByArgument {}
