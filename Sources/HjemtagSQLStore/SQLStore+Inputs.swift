import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit
import Synchronization

/// The small tables that say what every result was computed from: the settings, the parameter
/// entries, the imports' list and the computations. Every page that says whether a result is
/// stale read them, a setting at a time: 20-40 statements a view at Copenhagen's size, each a hop
/// to SQLite's thread and back (issue 22 § 4). The database moves one version at every write to
/// them, by triggers (migration 0037), so another process's write and a raw statement move it
/// too; a process keeps what it read until the version moves (decision 0012).
extension SQLStore {
    /// The `row_counts` entry the triggers move.
    static let inputsVersionName = "inputs_version"
    /// The tables whose every write moves it (migrations 0037 and 0038). The tables an import
    /// fills (the postings, Sensum's and OS2bos's rows, the grants, the tariffs) move it by the
    /// import's row in `imports`, written in the same transaction; a retention deletion that
    /// removes rows counts itself in `settings`, in its transaction.
    static let inputsTables = [
        "settings", "parameter_values", "imports", "computations", "passivity_marks", "payment_decisions", "payment_matches",
        "service_matches",
    ]

    /// SQLite's triggers moving a version (the `row_counts` entry `version`), one per table and kind of write.
    static func versionTriggers(sqliteOn tables: [String], version: String = inputsVersionName) -> [String] {
        tables.flatMap { table in
            ["INSERT", "UPDATE", "DELETE"].map { event in
                """
                CREATE TRIGGER \(table)_\(event.lowercased())_\(version) AFTER \(event) ON \(table)
                BEGIN UPDATE row_counts SET n = n + 1 WHERE name = '\(version)'; END
                """
            }
        }
    }

    /// PostgreSQL's, one per table and statement, through the function `versionMovedFunction(version)` makes.
    static func versionTriggers(postgresOn tables: [String], version: String = inputsVersionName) -> [String] {
        tables.map { table in
            """
            CREATE TRIGGER \(table)_\(version) AFTER INSERT OR UPDATE OR DELETE ON \(table)
            FOR EACH STATEMENT EXECUTE FUNCTION \(version)_moved()
            """
        }
    }

    /// PostgreSQL's trigger function that moves `version` (migration 0037 made the inputs' one).
    static func versionMovedFunction(_ version: String) -> String {
        """
        CREATE FUNCTION \(version)_moved() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN UPDATE row_counts SET n = n + 1 WHERE name = '\(version)'; RETURN NULL; END $$
        """
    }

    public func inputsVersion() async throws -> Int64? {
        try await requireMigrated()
        return try await reading { try await readInputsVersion() }
    }

    /// The inputs' version, inside `reading`: read once per view (`oneView`), otherwise per call.
    /// Nil inside a write: what a write's transaction reads may be rolled back, so it is never kept.
    func readInputsVersion() async throws -> Int64? { try await readVersions()?.inputs }

    /// The claims' version the same way (`SQLStore.claimsVersion`).
    func readClaimsVersion() async throws -> Int64? { try await readVersions()?.claims }

    /// Both versions in one statement: a page that reads one nearly always reads the other (the
    /// staleness check reads the settings and the claims' fingerprints), and each statement is a
    /// reader's turn on a page under load.
    func readVersions() async throws -> KeptVersions? {
        guard Self.held?.writing != true else { return nil }
        if let known = ReadMoment.current?.versions(of: self) { return known }
        var versions = KeptVersions()
        for r in try await rows(
            "SELECT name, n FROM row_counts WHERE name IN (\(bind: Self.inputsVersionName), \(bind: SQLStore.claimsVersion))")
        {
            let n = try r.decode(column: "n", as: Int64.self)
            if try r.decode(column: "name", as: String.self) == Self.inputsVersionName { versions.inputs = n } else { versions.claims = n }
        }
        ReadMoment.current?.remember(versions, of: self)
        return versions
    }

    /// `read`'s value as kept in `kept` at the inputs' version, inside `reading`.
    func keptInput<T: Sendable>(_ kept: KeptValue<Int64, T>, _ read: () async throws -> T) async throws -> T {
        guard let version = try await readInputsVersion() else { return try await read() }
        return try await kept.value(at: version, read)
    }

    /// Every setting, inside `reading`.
    func keptSettings() async throws -> [String: String] {
        try await keptInput(settingsKept) {
            var all: [String: String] = [:]
            for r in try await rows("SELECT key, value FROM settings") {
                all[try r.decode(column: "key", as: String.self)] = try r.decode(column: "value", as: String.self)
            }
            return all
        }
    }

    /// Runs `body` as one view of the store: the inputs' version is read once, at the first read
    /// that needs it, and not again for every setting and list the page reads. A write inside
    /// (through this store's lock) forgets it, so the body reads its own writes.
    public func oneView<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if ReadMoment.current != nil { return try await body() }
        return try await ReadMoment.$current.withValue(ReadMoment()) { try await body() }
    }
}

/// The versions the kept inputs and claims are read at; nil where the store has no entry.
struct KeptVersions: Sendable {
    var inputs: Int64?
    var claims: Int64?
}

/// The versions as one view (a page) first read them, per store.
final class ReadMoment: Sendable {
    @TaskLocal static var current: ReadMoment?
    private let versions = Mutex<[ObjectIdentifier: KeptVersions]>([:])

    func versions(of store: SQLStore) -> KeptVersions? { versions.withLock { $0[ObjectIdentifier(store)] } }
    func remember(_ kept: KeptVersions, of store: SQLStore) { versions.withLock { $0[ObjectIdentifier(store)] = kept } }
    /// After a write: the next read reads the version again.
    func forget() { versions.withLock { $0.removeAll() } }
}
