import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagSQLStore
import HjemtagStore

/// Options every command takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "Databasen: en SQLite-fil (standard ./hjemtag.sqlite) eller postgres://bruger@vært/db. Også HJEMTAG_DATABASE.")
    var database: String?

    @Option(
        name: .customLong("skema"),
        help: "PostgreSQL på en delt server: kommunens eget skema i databasen (et skema pr. kommune). Også HJEMTAG_SCHEMA.")
    var schema: String?

    var location: String {
        database ?? ProcessInfo.processInfo.environment["HJEMTAG_DATABASE"] ?? "hjemtag.sqlite"
    }

    /// The municipality's schema on a shared PostgreSQL server, if one is named.
    var schemaName: String? {
        (schema ?? ProcessInfo.processInfo.environment["HJEMTAG_SCHEMA"]).flatMap { $0.isEmpty ? nil : $0 }
    }

    func openStore() async throws -> SQLStore {
        guard let schemaName else { return try await SQLStore.open(location) }
        guard SQLStore.isPostgres(location) else {
            throw UserFacingError(message: "--skema gælder en delt PostgreSQL-server; en SQLite-fil er kommunens egen database")
        }
        return try await SQLStore.open(location, schema: schemaName)
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
