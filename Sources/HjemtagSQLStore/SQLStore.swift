import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Logging
import NIOCore
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The one store implementation, over SQLKit, for SQLite (the embedded default) and
/// PostgreSQL. Every write goes through a single connection, serialised by a lock; reads of a
/// store in an SQLite file go to a pool of read-only connections beside it (`reading`, decision
/// 0009), otherwise through the same lock.
public final class SQLStore: Store, @unchecked Sendable {
    enum Backend {
        case sqlite(SQLiteConnection)
        case postgres(PostgresConnection)
    }

    let backend: Backend
    let writer: any SQLDatabase
    let readers: ReaderPool?
    /// Copies the write-ahead log of an SQLite file after the writer's commits, off the writer's path.
    let checkpointer: WALCheckpointer?
    /// The writing connection's turn: one task at a time.
    let lock = HandOut([()])
    let migrated = Mutex(false)
    /// The active claims and all claims as last read, at the claims' version
    /// (`claims(direction:includeInactive:)`).
    let activeClaims = KeptValue<Int64, ClaimsByDirection>()
    let allClaims = KeptValue<Int64, ClaimsByDirection>()
    /// The active claims valued on a day (`valuedClaims(on:)`), at the claims' version and the day.
    let valuedClaimsKept = KeptValue<ValuedClaimsKey, ValuedClaims>()
    /// What SDE's double-claim check reads of them (`passedOnClaims()`), at the claims' version.
    let passedOnClaimsKept = KeptValue<Int64, PassedOnClaims>()
    /// What the tables behind the inputs' version give, as last read at it (`SQLStore+Inputs`):
    /// the small tables, the data years, every citizen's residence history, the tariffs.
    let settingsKept = KeptValue<Int64, [String: String]>()
    let parameterValuesKept = KeptValue<Int64, [StoredParameterValue]>()
    let importsKept = KeptValue<Int64, [ImportSummary]>()
    let computationsKept = KeptValue<Int64, [StoredComputation]>()
    let dataYearsKept = KeptValue<Int64, [Scheme: ClosedRange<Int>]>()
    let residenceKept = KeptValue<Int64, [StoredEpisode]>()
    let passivityKept = KeptValue<Int64, [PassivityMark]>()
    let pensionGrantsKept = KeptValue<Int64, [PensionGrant]>()
    let paymentDecisionsKept = KeptValue<Int64, [String: Int64?]>()
    let tariffsKept = KeptValue<Int64, [Tariff]>()
    let departmentsKept = KeptValue<Int64, [String]>()
    /// The findings list's pages as last read, at the findings' version (`findings(_:limit:offset:)`).
    let findingPagesKept = KeptValues<Int64, FindingPageKey, FindingSelection>(capacity: 64)
    public let backendName: String

    private init(backend: Backend, db: any SQLDatabase, readers: ReaderPool? = nil, checkpointer: WALCheckpointer? = nil, name: String) {
        self.backend = backend
        self.writer = db
        self.readers = readers
        self.checkpointer = checkpointer
        self.backendName = name
    }

    /// The reader a `reading` body runs with, for the store that lent it.
    struct ReadScope: Sendable {
        let store: ObjectIdentifier
        let reader: ReaderPool.Reader
    }
    @TaskLocal static var readScope: ReadScope?

    private var scopedReader: ReaderPool.Reader? {
        guard let scope = Self.readScope, scope.store == ObjectIdentifier(self) else { return nil }
        return scope.reader
    }

    /// The connection this task uses: a reader inside `reading`, otherwise the writer.
    var db: any SQLDatabase { scopedReader?.db ?? writer }

    public static func isPostgres(_ location: String) -> Bool { location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") }

    /// A schema name written into SQL as it is: lower-case letters, digits and underscores only.
    static func isSchemaName(_ name: String) -> Bool {
        guard let first = name.utf8.first, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(first), name.utf8.count <= 63 else { return false }
        return name.utf8.allSatisfy {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || $0 == UInt8(ascii: "_")
        }
    }

    /// `postgres://user:pass@host:port/db` for PostgreSQL; anything else is an SQLite file path
    /// (`:memory:` for a throwaway store in tests).
    /// `schema` (PostgreSQL only) puts every table in a schema of its own; the contract tests
    /// use it to run in isolation on a shared server, and a shared service keeps each
    /// municipality in one (`--skema`, docs/scaling.md).
    public static func open(_ location: String, schema: String? = nil, logger: Logger = Logger(label: "hjemtag.store")) async throws -> SQLStore {
        var quiet = logger
        quiet.logLevel = .warning
        if isPostgres(location) {
            if let schema, !isSchemaName(schema) {
                throw StoreError.cannotOpen(
                    "skemaet '\(schema)' er ikke et gyldigt navn: kun a-z, 0-9 og _, højst 63 tegn, og det første tegn et bogstav (fx k101)")
            }
            do {
                let config = try SQLPostgresConfiguration(url: location)
                let conn = try await PostgresConnection.connect(configuration: config.coreConfiguration, id: 1, logger: quiet)
                let store = SQLStore(backend: .postgres(conn), db: conn.sql(queryLogLevel: nil), name: "PostgreSQL")
                if let schema {
                    try await store.exec("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
                    try await store.exec("SET search_path TO \"\(schema)\"")
                }
                return store
            } catch {
                // The URL may carry a password: never repeat it.
                throw StoreError.cannotOpen("PostgreSQL-forbindelsen lykkedes ikke (\(String(describing: type(of: error))))")
            }
        }
        let path = location.hasPrefix("sqlite:") ? String(location.dropFirst(7)) : location
        // An in-memory database is the connection's own: no other connection can read it.
        let inMemory = path == ":memory:"
        do {
            let conn = try await SQLiteConnection.open(storage: inMemory ? .memory : .file(path: path), logger: quiet)
            do {
                let writer = conn.sql(queryLogLevel: nil)
                for pragma in [
                    // Before the first write, so only a new store takes it (an existing one keeps
                    // the page size it was made with): 16 KiB pages instead of SQLite's 4 KiB
                    // took the 10 M-posting import from 54,8 s to 39,3 s, a quarter of the
                    // pages to split, log and find again while the indexes are built
                    // (docs/PERFORMANCE.md § 5, decision 0013).
                    "PRAGMA page_size = \(SQLStore.pageSize)",
                    "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                    "PRAGMA busy_timeout = 5000", "PRAGMA cache_size = -\(WriterCache.usualKiB)",
                    // Helper threads for SQLite's sorter: the indexes a large import builds after
                    // its rows sort 10 M keys each, 21 s for the three of the postings alone
                    // single-threaded, 15-17 s with 2-4 helpers on two cores (docs/PERFORMANCE.md).
                    "PRAGMA threads = 4",
                ] {
                    try await writer.raw(SQLQueryString(pragma)).run()
                }
                let readers = inMemory ? nil : try await ReaderPool.open(path: path, count: readerCount, logger: quiet)
                let checkpointer = inMemory ? nil : WALCheckpointer(path: path, writer: conn)
                return SQLStore(backend: .sqlite(conn), db: writer, readers: readers, checkpointer: checkpointer, name: "SQLite")
            } catch {
                // The file opened but the store did not: its connection is not left open.
                try? await conn.close()
                throw error
            }
        } catch {
            throw StoreError.cannotOpen("SQLite-filen '\(path)' kan ikke åbnes: \(error)")
        }
    }

    var isSQLite: Bool { if case .sqlite = backend { return true } else { return false } }
    var sqliteConnection: SQLiteConnection? {
        if let reader = scopedReader { return reader.connection }
        if case .sqlite(let c) = backend { return c } else { return nil }
    }
    var postgresConnection: PostgresConnection? { if case .postgres(let c) = backend { return c } else { return nil } }

    /// Runs raw SQL; for tests that prove what the database itself refuses.
    /// A test's own statement: what it changes was written past the store, so nothing kept is trusted.
    func executeRaw(_ sql: String) async throws {
        activeClaims.forget()
        allClaims.forget()
        valuedClaimsKept.forget()
        passedOnClaimsKept.forget()
        findingPagesKept.forget()
        for kept in [
            settingsKept.forget, parameterValuesKept.forget, importsKept.forget, computationsKept.forget, dataYearsKept.forget, residenceKept.forget,
            passivityKept.forget, pensionGrantsKept.forget, paymentDecisionsKept.forget, tariffsKept.forget, departmentsKept.forget,
        ] { kept() }
        try await locked { try await exec(sql) }
    }

    /// A consistent copy of an SQLite store, safe while the server runs (`VACUUM INTO`).
    public func backup(to path: String) async throws {
        guard isSQLite else { throw StoreError.cannotOpen("backup gælder SQLite; brug pg_dump for PostgreSQL") }
        try await locked { try await db.raw("VACUUM INTO \(bind: path)").run() }
    }

    /// Removes a schema made by `open(_:schema:)` (tests only).
    public func dropSchema(_ schema: String) async throws {
        guard !isSQLite else { return }
        try await exec("DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE")
    }

    /// The writer last: SQLite's last connection to close copies what is left of the log into the
    /// file and removes it.
    public func close() async throws {
        await readers?.close()
        checkpointer?.stop()
        switch backend {
        case .sqlite(let c): try await c.close()
        case .postgres(let c): try await c.close()
        }
    }

    // MARK: serialised access and transactions

    /// The writer's turn. A write ends the view's remembered inputs' version (`oneView`), so what
    /// follows in the same view reads what it wrote.
    func locked<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        defer { ReadMoment.current?.forget() }
        return try await lock.with { _ in try await Self.$held.withValue(HeldTurn(store: ObjectIdentifier(self), writing: true)) { try await body() }
        }
    }

    /// The writer's turn this task holds: a read inside it does not wait for it again, and inside
    /// a write nothing read is kept (a transaction may be rolled back).
    struct HeldTurn: Sendable {
        let store: ObjectIdentifier
        let writing: Bool
    }
    @TaskLocal static var held: HeldTurn?

    /// Runs a read on a reader of its own when the store has readers, otherwise under the lock.
    /// Each statement reads the last committed state, as it always did when another process
    /// (the robot's CLI) wrote between two statements; a write inside fails (`query_only`).
    /// A read inside a read runs on the reader (or in the turn) it already has.
    func reading<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        if scopedReader != nil { return try await body() }
        guard let readers else {
            // Without readers (in memory, PostgreSQL) a read takes the writer's turn, but is no write.
            if Self.held?.store == ObjectIdentifier(self) { return try await body() }
            return try await lock.with { _ in
                try await Self.$held.withValue(HeldTurn(store: ObjectIdentifier(self), writing: false)) { try await body() }
            }
        }
        return try await readers.with { reader in
            try await Self.$readScope.withValue(ReadScope(store: ObjectIdentifier(self), reader: reader)) { try await body() }
        }
    }

    /// As many readers as cores, at least two: SQLite's calls run on a thread pool of as many
    /// threads as there are cores, which the writer shares.
    static let readerCount = max(2, ProcessInfo.processInfo.activeProcessorCount)

    /// The page size a new SQLite store is made with (decision 0013).
    static let pageSize = 16_384

    func transaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        try await locked {
            try await exec("BEGIN")
            do {
                let r = try await body()
                try await exec("COMMIT")
                return r
            } catch {
                try? await exec("ROLLBACK")
                throw error
            }
        }
    }

    func exec(_ sql: String) async throws {
        try await db.raw(SQLQueryString(sql)).run()
    }

    func rows(_ query: SQLQueryString) async throws -> [any SQLRow] {
        let result: [any SQLRow] = try await db.raw(query).all()
        return result
    }

    /// UTC, `2026-11-23T09:15:00Z`. The format style is a value: no formatter is built per
    /// audit line (that showed in a drill-down's profile).
    static func now() -> String { Date().formatted(.iso8601) }

    /// Row ids as `IN (…)` lists of at most `per` each: one statement for a hundred thousand ids
    /// would pass the database's limit on a statement's length.
    static func idLists(_ ids: [Int], per: Int = 5_000) -> [String] {
        stride(from: 0, to: ids.count, by: per).map { ids[$0..<min($0 + per, ids.count)].map(String.init).joined(separator: ",") }
    }
}
