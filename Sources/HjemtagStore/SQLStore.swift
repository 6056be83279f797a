import Foundation
import HjemtagCore
import HjemtagImport
import Logging
import NIOCore
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// The one store implementation, over SQLKit, for SQLite (the embedded default) and
/// PostgreSQL. All access goes through a single connection, serialised by a lock.
public final class SQLStore: Store, @unchecked Sendable {
    enum Backend { case sqlite(SQLiteConnection), postgres(PostgresConnection) }

    private let backend: Backend
    let db: any SQLDatabase
    private let lock = AsyncLock()
    private let migrated = Mutex(false)
    public let backendName: String

    private init(backend: Backend, db: any SQLDatabase, name: String) {
        self.backend = backend; self.db = db; self.backendName = name
    }

    /// `postgres://user:pass@host:port/db` for PostgreSQL; anything else is an SQLite file path
    /// (`:memory:` for a throwaway store in tests).
    /// `schema` (PostgreSQL only) puts every table in a schema of its own; the contract tests
    /// use it to run in isolation on a shared server.
    public static func open(_ location: String, schema: String? = nil, logger: Logger = Logger(label: "hjemtag.store")) async throws -> SQLStore {
        var quiet = logger
        quiet.logLevel = .warning
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
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
        do {
            let storage: SQLiteConnection.Storage = path == ":memory:" ? .memory : .file(path: path)
            let conn = try await SQLiteConnection.open(storage: storage, logger: quiet)
            let store = SQLStore(backend: .sqlite(conn), db: conn.sql(queryLogLevel: nil), name: "SQLite")
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                           "PRAGMA busy_timeout = 5000", "PRAGMA cache_size = -65536"] {
                try await store.db.raw(SQLQueryString(pragma)).run()
            }
            return store
        } catch {
            throw StoreError.cannotOpen("SQLite-filen '\(path)' kan ikke åbnes: \(error)")
        }
    }

    var isSQLite: Bool { if case .sqlite = backend { return true } else { return false } }
    var sqliteConnection: SQLiteConnection? { if case .sqlite(let c) = backend { return c } else { return nil } }
    var postgresConnection: PostgresConnection? { if case .postgres(let c) = backend { return c } else { return nil } }

    /// Runs raw SQL; for tests that prove what the database itself refuses.
    func executeRaw(_ sql: String) async throws { try await locked { try await exec(sql) } }

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

    public func close() async throws {
        switch backend {
        case .sqlite(let c): try await c.close()
        case .postgres(let c): try await c.close()
        }
    }

    // MARK: serialised access and transactions

    func locked<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        await lock.lock()
        do {
            let r = try await body()
            await lock.unlock()
            return r
        } catch {
            await lock.unlock()
            throw error
        }
    }

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

    // MARK: migrations

    private func dialect(_ sql: String) -> String {
        sql.replacingOccurrences(of: "{pk}", with: isSQLite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY")
            .replacingOccurrences(of: "{blob}", with: isSQLite ? "BLOB" : "BYTEA")
    }

    public func migrate() async throws -> [String] {
        try await locked {
            try await exec("CREATE TABLE IF NOT EXISTS hjemtag_migrations (id TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        }
        let done = Set(try await appliedMigrations())
        var applied: [String] = []
        for m in Migrations.all where !done.contains(m.id) {
            try await transaction {
                for s in m.statements + (isSQLite ? m.sqliteOnly : m.postgresOnly) { try await exec(dialect(s)) }
                try await db.raw("INSERT INTO hjemtag_migrations (id, applied_at) VALUES (\(bind: m.id), \(bind: SQLStore.now()))").run()
            }
            applied.append(m.id)
        }
        return applied
    }

    public func appliedMigrations() async throws -> [String] {
        try await locked {
            let exists: [any SQLRow] = try await rows(isSQLite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'hjemtag_migrations'"
                : "SELECT table_name AS name FROM information_schema.tables WHERE table_name = 'hjemtag_migrations' AND table_schema = current_schema()")
            guard !exists.isEmpty else { return [] }
            return try await rows("SELECT id FROM hjemtag_migrations ORDER BY id").map { try $0.decode(column: "id", as: String.self) }
        }
    }

    /// Once a store has every migration it keeps them, so the check reads the database only
    /// until it passes (it ran two queries on every page view).
    func requireMigrated() async throws {
        if migrated.withLock({ $0 }) { return }
        if try await appliedMigrations().count < Migrations.all.count { throw StoreError.notMigrated }
        migrated.withLock { $0 = true }
    }

    // MARK: settings

    public func setting(_ key: String) async throws -> String? {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT value FROM settings WHERE key = \(bind: key)").first?.decode(column: "value", as: String.self)
        }
    }

    public func setSetting(_ key: String, _ value: String) async throws {
        try await requireMigrated()
        try await transaction {
            try await db.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
            try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: value))").run()
        }
    }

    // MARK: imports

    public func findImport(sha256: String) async throws -> ImportSummary? {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT \(unsafeRaw: SQLStore.importColumns) FROM imports WHERE sha256 = \(bind: sha256)").first.map(SQLStore.summary)
        }
    }

    public func imports() async throws -> [ImportSummary] {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT \(unsafeRaw: SQLStore.importColumns) FROM imports ORDER BY id").map(SQLStore.summary)
        }
    }

    public func archivedFile(importID: Int) async throws -> Data? {
        try await locked {
            guard let row = try await rows("SELECT content, content_encoding FROM imports WHERE id = \(bind: importID)").first else { return nil }
            let content = try row.decode(column: "content", as: Data.self)
            switch try row.decode(column: "content_encoding", as: String?.self) {
            case nil: return content
            case ArchivedFile.deflate?: return content.isEmpty ? content : try ArchivedFile.inflate(content)
            case let other?: throw ImportError.unreadable(file: "import \(importID)", reason: "arkivet er gemt som '\(other)', som denne version ikke kan læse")
            }
        }
    }

    static let importColumns = "id, kind, file_name, sha256, size, row_count, imported_by, imported_at, encoding"

    static func summary(_ row: any SQLRow) throws -> ImportSummary {
        ImportSummary(id: try row.decode(column: "id", as: Int.self), kind: try row.decode(column: "kind", as: String.self),
                      fileName: try row.decode(column: "file_name", as: String.self), sha256: try row.decode(column: "sha256", as: String.self),
                      size: try row.decode(column: "size", as: Int.self), rowCount: try row.decode(column: "row_count", as: Int.self),
                      importedBy: try row.decode(column: "imported_by", as: String.self),
                      importedAt: try row.decode(column: "imported_at", as: String.self),
                      encoding: try row.decode(column: "encoding", as: String.self))
    }

    public func performImport(meta: ImportMeta, file: URL,
                              _ body: @Sendable (any ImportWriter) async throws -> Int) async throws -> ImportSummary {
        try await requireMigrated()
        // Deflated beside the import, on the core the parser leaves free; stored with the rows.
        let archive = ArchivedFile.Job(file)
        defer { archive.cancel() }
        return try await transaction {
            let inserted = try await rows("""
                INSERT INTO imports (kind, file_name, sha256, size, row_count, imported_by, imported_at, encoding, separator, content, content_encoding)
                VALUES (\(bind: meta.kind.rawValue), \(bind: meta.fileName), \(bind: meta.fingerprint.sha256), \(bind: meta.fingerprint.size),
                        0, \(bind: meta.importedBy), \(bind: SQLStore.now()), \(bind: meta.fingerprint.encoding.rawValue),
                        \(bind: meta.separator), \(bind: Data()), \(bind: ArchivedFile.deflate))
                RETURNING id
                """)
            let id = try inserted[0].decode(column: "id", as: Int.self)
            let writer = BatchWriter(db: db, sqlite: sqliteConnection, postgres: postgresConnection, importID: id)
            defer { writer.close() }
            let count = try await body(writer)
            try await writer.finish()
            try await db.raw("UPDATE imports SET row_count = \(bind: count), content = \(bind: try await archive.value) WHERE id = \(bind: id)").run()
            return try SQLStore.summary(try await rows("SELECT \(unsafeRaw: SQLStore.importColumns) FROM imports WHERE id = \(bind: id)")[0])
        }
    }

    // MARK: postings

    public func postingCount() async throws -> Int {
        // Kept in the same transactions that insert and delete postings: a COUNT(*) over ten
        // million rows on every dashboard view would cost half a second.
        try await locked { try await rows("SELECT n FROM row_counts WHERE name = 'postings'")[0].decode(column: "n", as: Int.self) }
    }

    /// The order `posting(_:)` reads them in.
    static let postingList = ["line", "voucher", "posting_date", "amount_ore", "function_code", "dranst", "art", "cpr", "paragraph",
                              "period_from", "period_to", "department", "paying_municipality", "cvr", "vat_ore", "text", "extra"]

    public func postings(cpr: CPR) async throws -> [Posting] {
        try await positionalRows(SQLStore.postingList, "FROM postings WHERE cpr = ? ORDER BY posting_date, id", binds: [cpr.digits]) { SQLStore.posting($0) }
    }

    public func forEachPosting(_ body: @escaping @Sendable (Posting) -> Void) async throws {
        try await eachRow("SELECT " + SQLStore.postingList.joined(separator: ", ") + " FROM postings ORDER BY id") { row in
            if let p = SQLStore.posting(row) { body(p) }
        }
    }

    /// Reads a query's rows by position, straight from the database driver (sqlite-nio or
    /// PostgresNIO): SQLKit's named, Decodable row decoding cost more than the work done on the
    /// rows (three times the SDE computation on ten million postings). `?` in `sql` takes the
    /// `binds` in order; `row` is called for every row, on the driver's thread.
    func eachRow(_ sql: String, binds: [String] = [], _ row: @escaping @Sendable (any ColumnReader) -> Void) async throws {
        try await locked {
            if let sqlite = sqliteConnection {
                try await sqlite.query(sql, binds.map { .text($0) }) { row(SQLiteColumns($0)) }
            } else if let postgres = postgresConnection {
                var bindings = PostgresBindings()
                for b in binds { bindings.append(b) }
                for try await r in try await postgres.query(PostgresQuery(unsafeSQL: SQLStore.dollarNumbered(sql), binds: bindings), logger: SQLStore.driverLogger) {
                    row(PostgresColumns(row: r.makeRandomAccess()))
                }
            }
        }
    }

    /// The rows of `SELECT columns tail`, each decoded; a row `decode` cannot read is an error,
    /// never skipped.
    func positionalRows<T>(_ columns: [String], _ tail: String, binds: [String] = [], _ decode: @escaping @Sendable (any ColumnReader) -> T?) async throws -> [T] {
        let list = RowList<T>()
        try await eachRow("SELECT " + columns.joined(separator: ", ") + " " + tail, binds: binds) { list.append(decode($0)) }
        return try list.rows()
    }

    /// For the drivers called directly (row reads, COPY): warnings only, never a query's values.
    static let driverLogger: Logger = { var l = Logger(label: "hjemtag.store"); l.logLevel = .warning; return l }()

    /// `?` placeholders as PostgreSQL's `$1`, `$2`, …
    static func dollarNumbered(_ sql: String) -> String {
        var out = "", n = 0
        for c in sql {
            if c == "?" { n += 1; out += "$\(n)" } else { out.append(c) }
        }
        return out
    }

    /// A stored posting back from its row; `columns` reads the row in `postingList` order.
    static func posting(_ columns: any ColumnReader) -> Posting? {
        guard let date = columns.text(2).flatMap(Day.init(parsing:)), let amount = columns.int(3),
              let function = columns.text(4).flatMap(AccountFunction.init(parsing:)), let line = columns.int(0) else {
            return nil
        }
        let from = columns.text(9).flatMap(Day.init(parsing:)), to = columns.text(10).flatMap(Day.init(parsing:))
        var extra: [String: String] = [:]
        if let json = columns.text(16) {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { return nil }
            extra = decoded
        }
        return Posting(
            voucher: columns.text(1), date: date, amount: Money(ore: amount), function: function,
            dranst: columns.text(5), art: columns.text(6), cpr: columns.text(7).flatMap { try? CPR(parsing: $0) },
            paragraph: columns.text(8), period: from.flatMap { f in to.flatMap { DateRange.checked(f, $0) } },
            department: columns.text(11), payingMunicipality: columns.int(12).map(Int.init),
            cvr: columns.text(13), vat: columns.int(14).map(Money.init(ore:)), text: columns.text(15), extra: extra,
            line: Int(line))
    }

    // MARK: users

    public func createUser(username: String, passwordHash: String, role: Role, departments: [String]) async throws -> User {
        try await requireMigrated()
        return try await transaction {
            let existing = try await rows("SELECT id FROM users WHERE username = \(bind: username)")
            guard existing.isEmpty else { throw StoreError.duplicateUser(username) }
            try await db.raw("""
                INSERT INTO users (username, password_hash, role, departments, created_at, active)
                VALUES (\(bind: username), \(bind: passwordHash), \(bind: role.rawValue), \(bind: departments.joined(separator: ",")), \(bind: SQLStore.now()), 1)
                """).run()
            return try SQLStore.user(try await rows("SELECT * FROM users WHERE username = \(bind: username)")[0])
        }
    }

    public func user(named username: String) async throws -> User? {
        try await requireMigrated()
        return try await locked { try await rows("SELECT * FROM users WHERE username = \(bind: username)").first.map(SQLStore.user) }
    }

    public func users() async throws -> [User] {
        try await locked { try await rows("SELECT * FROM users ORDER BY username").map(SQLStore.user) }
    }

    static func user(_ row: any SQLRow) throws -> User {
        let deps = try row.decode(column: "departments", as: String.self)
        return User(id: try row.decode(column: "id", as: Int.self), username: try row.decode(column: "username", as: String.self),
                    passwordHash: try row.decode(column: "password_hash", as: String.self),
                    role: Role(rawValue: try row.decode(column: "role", as: String.self)) ?? .revisor,
                    departments: deps.split(separator: ",").map(String.init),
                    active: try row.decode(column: "active", as: Int.self) != 0)
    }

    // MARK: audit log

    public func appendAudit(username: String, action: String, cpr: CPR?, page: String?, purpose: String?) async throws {
        try await locked {
            try await db.raw("""
                INSERT INTO audit_log (at, username, action, cpr, page, purpose)
                VALUES (\(bind: SQLStore.now()), \(bind: username), \(bind: action), \(bind: cpr?.digits), \(bind: page), \(bind: purpose))
                """).run()
        }
    }

    public func auditEntries(cpr: CPR?, username: String?, limit: Int) async throws -> [AuditEntry] {
        try await locked {
            var q = SQLQueryString("SELECT * FROM audit_log WHERE 1 = 1")
            if let cpr { q.appendInterpolation(unsafeRaw: " AND cpr = "); q.appendInterpolation(bind: cpr.digits) }
            if let username { q.appendInterpolation(unsafeRaw: " AND username = "); q.appendInterpolation(bind: username) }
            q.appendInterpolation(unsafeRaw: " ORDER BY id DESC LIMIT \(max(1, limit))")
            return try await rows(q).map { r in
                func text(_ c: String) throws -> String? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: String.self) }
                return AuditEntry(id: try r.decode(column: "id", as: Int.self), at: try r.decode(column: "at", as: String.self),
                                  username: try r.decode(column: "username", as: String.self),
                                  action: try r.decode(column: "action", as: String.self), cpr: try text("cpr"),
                                  page: try text("page"), purpose: try text("purpose"))
            }
        }
    }

    // MARK: households and SDE

    public func households() async throws -> [HouseholdMembership] {
        try await locked { try await rows("SELECT cpr, household, valid_from, valid_to FROM households ORDER BY id").compactMap(SQLStore.membership) }
    }

    /// Every membership of the households the citizen has belonged to.
    public func departments(of cpr: CPR) async throws -> Set<String> {
        try await locked {
            Set(try await rows("SELECT department FROM person_departments WHERE cpr = \(bind: cpr.digits)").map { try $0.decode(column: "department", as: String.self) })
        }
    }

    public func persons(inDepartments departments: [String]) async throws -> Set<CPR> {
        guard !departments.isEmpty else { return [] }
        return try await locked {
            var q = SQLQueryString("SELECT DISTINCT cpr FROM person_departments WHERE department IN (")
            for (i, d) in departments.enumerated() {
                if i > 0 { q.appendInterpolation(unsafeRaw: ", ") }
                q.appendInterpolation(bind: d)
            }
            q.appendInterpolation(unsafeRaw: ")")
            return Set(try await rows(q).compactMap { try? CPR(parsing: try $0.decode(column: "cpr", as: String.self)) })
        }
    }

    public func households(sharingWith cpr: CPR) async throws -> [HouseholdMembership] {
        try await locked {
            try await rows("""
                SELECT cpr, household, valid_from, valid_to FROM households
                WHERE household IN (SELECT household FROM households WHERE cpr = \(bind: cpr.digits)) ORDER BY id
                """).compactMap(SQLStore.membership)
        }
    }

    static func membership(_ r: any SQLRow) throws -> HouseholdMembership? {
        guard let cpr = try? CPR(parsing: try r.decode(column: "cpr", as: String.self)),
              let from = Day(parsing: try r.decode(column: "valid_from", as: String.self)) else { return nil }
        let to = try r.decodeNil(column: "valid_to") ? nil : Day(parsing: try r.decode(column: "valid_to", as: String.self))
        return HouseholdMembership(cpr: cpr, household: try r.decode(column: "household", as: String.self), from: from, to: to)
    }

    public func benefitPayments() async throws -> [BenefitPayment] {
        try await positionalRows(["cpr", "benefit", "period_from", "period_to", "amount_ore", "paid_on", "source"], "FROM benefit_payments ORDER BY id") { c in
            guard let cpr = c.text(0).flatMap({ try? CPR(parsing: $0) }), let benefit = c.text(1).flatMap(Benefit.lookup),
                  let from = c.text(2).flatMap(Day.init(parsing:)), let to = c.text(3).flatMap(Day.init(parsing:)),
                  let period = DateRange.checked(from, to), let amount = c.int(4) else { return nil }
            return BenefitPayment(cpr: cpr, benefit: benefit, period: period, amount: Money(ore: amount),
                                  paidOn: c.text(5).flatMap(Day.init(parsing:)), source: c.text(6))
        }
    }

    public func subsidisedPeriods() async throws -> [SubsidisedPeriod] {
        try await positionalRows(["cpr", "scheme", "valid_from", "valid_to"], "FROM subsidised_periods ORDER BY id") { c in
            guard let cpr = c.text(0).flatMap({ try? CPR(parsing: $0) }), let scheme = c.text(1), let from = c.text(2).flatMap(Day.init(parsing:)),
                  let to = c.text(3).flatMap(Day.init(parsing:)), let period = DateRange.checked(from, to) else { return nil }
            return SubsidisedPeriod(cpr: cpr, scheme: scheme, period: period)
        }
    }

    public func yrRows(from: Day, to: Day) async throws -> [YRRow] {
        let columns = ["municipality", "file_date", "week", "cpr", "benefit_name", "benefit", "reported_ore", "computed_ore",
                       "refund_rate", "refund_ore", "cofinancing_rate", "cofinancing_ore", "financing_municipality"]
        let range = [ISOWeek(containing: from).monday.iso, ISOWeek(containing: to).monday.iso]
        return try await positionalRows(columns, "FROM yr_rows WHERE week >= ? AND week <= ? ORDER BY id", binds: range) { c in
            guard let municipality = c.int(0), let fileDate = c.text(1).flatMap(Day.init(parsing:)), let monday = c.text(2).flatMap(Day.init(parsing:)),
                  let cpr = c.text(3).flatMap({ try? CPR(parsing: $0) }), let name = c.text(4),
                  let reported = c.int(6), let computed = c.int(7), let refund = c.int(9), let coFinancing = c.int(11) else { return nil }
            return YRRow(municipality: Int(municipality), fileDate: fileDate, week: ISOWeek(containing: monday), cpr: cpr, benefitName: name,
                         benefit: c.text(5).flatMap(Benefit.lookup), reported: Money(ore: reported), computed: Money(ore: computed),
                         refundRate: c.text(8).flatMap(BatchWriter.rate), refund: Money(ore: refund),
                         coFinancingRate: c.text(10).flatMap(BatchWriter.rate), coFinancing: Money(ore: coFinancing),
                         financingMunicipality: c.text(12))
        }
    }

    static let json: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return e
    }()

    static func encode(_ value: some Encodable) throws -> String { String(decoding: try json.encode(value), as: UTF8.self) }
    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T { try JSONDecoder().decode(T.self, from: Data(text.utf8)) }

    public func saveSDERun(_ run: StoredSDERun, subjects: [StoredSDESubject]) async throws -> Int {
        try await requireMigrated()
        return try await transaction {
            // Subjects go with their run: ON DELETE CASCADE (SQLite has foreign_keys on).
            try await db.raw("DELETE FROM sde_runs WHERE year = \(bind: run.year)").run()
            let inserted = try await rows("""
                INSERT INTO sde_runs (year, computed_at, computed_by, total_refund_ore, total_eligible_ore, subject_count, tier_refunds, month_refunds, department_refunds, parameters)
                VALUES (\(bind: run.year), \(bind: SQLStore.now()), \(bind: run.computedBy), \(bind: run.totalRefund.ore), \(bind: run.totalEligible.ore),
                        \(bind: run.subjectCount), \(bind: try SQLStore.encode(run.tierRefunds)), \(bind: try SQLStore.encode(run.months)),
                        \(bind: try SQLStore.encode(run.departmentRefunds)), \(bind: try SQLStore.encode(run.parameters)))
                RETURNING id
                """)
            let id = try inserted[0].decode(column: "id", as: Int.self)
            for chunk in stride(from: 0, to: subjects.count, by: 500) {
                let builder = db.insert(into: "sde_subjects").columns("run_id", "subject_key", "kind", "cprs", "eligible_ore", "refund_ore",
                                                                     "claimed_ore", "track", "months", "departments")
                for s in subjects[chunk..<min(chunk + 500, subjects.count)] {
                    builder.values(SQLBind(id), SQLBind(s.key), SQLBind(s.kind), SQLBind(s.cprs.map(\.digits).joined(separator: ",")),
                                   SQLBind(s.eligible.ore), SQLBind(s.refund.ore), SQLBind(s.claimed.ore), SQLBind(s.track),
                                   SQLBind(try SQLStore.encode(s.months)), SQLBind(try SQLStore.encode(s.departments)))
                }
                try await builder.run()
            }
            return id
        }
    }

    public func latestSDERun(year: Int?) async throws -> StoredSDERun? {
        try await requireMigrated()
        return try await locked {
            let q: SQLQueryString = year.map { "SELECT * FROM sde_runs WHERE year = \(bind: $0) ORDER BY id DESC LIMIT 1" }
                ?? "SELECT * FROM sde_runs ORDER BY year DESC, id DESC LIMIT 1"
            guard let r = try await rows(q).first else { return nil }
            return StoredSDERun(
                id: try r.decode(column: "id", as: Int.self), year: try r.decode(column: "year", as: Int.self),
                computedAt: try r.decode(column: "computed_at", as: String.self), computedBy: try r.decode(column: "computed_by", as: String.self),
                totalRefund: Money(ore: try r.decode(column: "total_refund_ore", as: Int64.self)),
                totalEligible: Money(ore: try r.decode(column: "total_eligible_ore", as: Int64.self)),
                subjectCount: try r.decode(column: "subject_count", as: Int.self),
                tierRefunds: try SQLStore.decode([String: Money].self, try r.decode(column: "tier_refunds", as: String.self)),
                months: try SQLStore.decode([MonthFigure].self, try r.decode(column: "month_refunds", as: String.self)),
                departmentRefunds: try SQLStore.decode([String: Money].self, try r.decode(column: "department_refunds", as: String.self)),
                parameters: try SQLStore.decode([ParameterReference].self, try r.decode(column: "parameters", as: String.self)))
        }
    }

    static func subject(_ r: any SQLRow) throws -> StoredSDESubject { try subject(r, months: true) }

    /// A subject row; lists read it without the months (a kilobyte of JSON each).
    static func subject(_ r: any SQLRow, months withMonths: Bool) throws -> StoredSDESubject {
        StoredSDESubject(
            id: try r.decode(column: "id", as: Int.self), key: try r.decode(column: "subject_key", as: String.self),
            kind: try r.decode(column: "kind", as: String.self),
            cprs: try r.decode(column: "cprs", as: String.self).split(separator: ",").compactMap { try? CPR(parsing: String($0)) },
            eligible: Money(ore: try r.decode(column: "eligible_ore", as: Int64.self)), refund: Money(ore: try r.decode(column: "refund_ore", as: Int64.self)),
            claimed: Money(ore: try r.decode(column: "claimed_ore", as: Int64.self)), track: try r.decode(column: "track", as: String.self),
            months: withMonths ? try decode([MonthFigure].self, try r.decode(column: "months", as: String.self)) : [],
            departments: try decode([String: Money].self, try r.decode(column: "departments", as: String.self)))
    }

    public func sdeSubjects(runID: Int) async throws -> [StoredSDESubject] {
        try await locked {
            try await rows("SELECT * FROM sde_subjects WHERE run_id = \(bind: runID) ORDER BY refund_ore DESC, id").map(SQLStore.subject)
        }
    }

    /// The subjects with a refund, largest first: the first `limit` of those `visible` lets
    /// through and how many it lets through, read without their months. Without a filter the
    /// database does the ordering, limiting and counting (index `sde_subjects_run_refund`).
    public func sdeRefundSubjects(runID: Int, limit: Int, visible: (@Sendable (StoredSDESubject) -> Bool)?) async throws -> (subjects: [StoredSDESubject], count: Int) {
        let columns = "id, subject_key, kind, cprs, eligible_ore, refund_ore, claimed_ore, track, departments"
        return try await locked {
            guard let visible else {
                let top = try await rows("SELECT \(unsafeRaw: columns) FROM sde_subjects WHERE run_id = \(bind: runID) AND refund_ore <> 0 ORDER BY refund_ore DESC, id LIMIT \(bind: limit)")
                    .map { try SQLStore.subject($0, months: false) }
                let count = try await rows("SELECT COUNT(*) AS n FROM sde_subjects WHERE run_id = \(bind: runID) AND refund_ore <> 0")[0].decode(column: "n", as: Int.self)
                return (top, count)
            }
            var top: [StoredSDESubject] = [], count = 0
            for r in try await rows("SELECT \(unsafeRaw: columns) FROM sde_subjects WHERE run_id = \(bind: runID) AND refund_ore <> 0 ORDER BY refund_ore DESC, id") {
                let subject = try SQLStore.subject(r, months: false)
                guard visible(subject) else { continue }
                count += 1
                if top.count < limit { top.append(subject) }
            }
            return (top, count)
        }
    }

    public func sdeSubject(id: Int) async throws -> StoredSDESubject? {
        try await locked { try await rows("SELECT * FROM sde_subjects WHERE id = \(bind: id)").first.map(SQLStore.subject) }
    }

    // MARK: findings

    public func replaceFindings(scheme: String, year: Int, _ findings: [Finding]) async throws {
        try await requireMigrated()
        try await transaction {
            let now = SQLStore.now()
            try await db.raw("UPDATE findings SET active = 0 WHERE scheme = \(bind: scheme) AND year = \(bind: year)").run()
            for f in findings {
                let existing = try await rows("SELECT id FROM findings WHERE scheme = \(bind: scheme) AND year = \(bind: year) AND kind = \(bind: f.kind) AND subject_key = \(bind: f.subjectKey)")
                let cprs = f.cprs.map(\.digits).joined(separator: ",")
                if let row = existing.first {
                    let id = try row.decode(column: "id", as: Int.self)
                    try await db.raw("""
                        UPDATE findings SET cprs = \(bind: cprs), amount_ore = \(bind: f.amount.ore), direction = \(bind: f.direction.rawValue),
                               text = \(bind: f.text), active = 1, updated_at = \(bind: now) WHERE id = \(bind: id)
                        """).run()
                } else {
                    try await db.raw("""
                        INSERT INTO findings (scheme, year, kind, subject_key, cprs, amount_ore, direction, text, status, created_at, updated_at, active)
                        VALUES (\(bind: scheme), \(bind: year), \(bind: f.kind), \(bind: f.subjectKey), \(bind: cprs), \(bind: f.amount.ore),
                                \(bind: f.direction.rawValue), \(bind: f.text), 'ny', \(bind: now), \(bind: now), 1)
                        """).run()
                }
            }
        }
    }

    static func storedFinding(_ r: any SQLRow) throws -> StoredFinding {
        let f = Finding(scheme: try r.decode(column: "scheme", as: String.self), year: try r.decode(column: "year", as: Int.self),
                        kind: try r.decode(column: "kind", as: String.self), subjectKey: try r.decode(column: "subject_key", as: String.self),
                        cprs: try r.decode(column: "cprs", as: String.self).split(separator: ",").compactMap { try? CPR(parsing: String($0)) },
                        amount: Money(ore: try r.decode(column: "amount_ore", as: Int64.self)),
                        direction: Finding.Direction(rawValue: try r.decode(column: "direction", as: String.self)) ?? .check,
                        text: try r.decode(column: "text", as: String.self))
        return StoredFinding(id: try r.decode(column: "id", as: Int.self), finding: f,
                             status: FindingStatus(rawValue: try r.decode(column: "status", as: String.self)) ?? .new,
                             note: try r.decodeNil(column: "note") ? nil : try r.decode(column: "note", as: String.self),
                             updatedBy: try r.decodeNil(column: "updated_by") ? nil : try r.decode(column: "updated_by", as: String.self),
                             updatedAt: try r.decode(column: "updated_at", as: String.self))
    }

    public func findings(scheme: String?, year: Int?, includeInactive: Bool) async throws -> [StoredFinding] {
        try await requireMigrated()
        return try await locked {
            var q = SQLStore.findingFilter("SELECT * FROM findings", scheme: scheme, year: year, includeInactive: includeInactive)
            q.appendInterpolation(unsafeRaw: " ORDER BY amount_ore DESC, id")
            return try await rows(q).map(SQLStore.storedFinding)
        }
    }

    public func findings(scheme: String?, year: Int?, limit: Int, offset: Int) async throws -> [StoredFinding] {
        try await requireMigrated()
        return try await locked {
            var q = SQLStore.findingFilter("SELECT * FROM findings", scheme: scheme, year: year, includeInactive: false)
            q.appendInterpolation(unsafeRaw: " ORDER BY amount_ore DESC, id LIMIT \(max(0, limit)) OFFSET \(max(0, offset))")
            return try await rows(q).map(SQLStore.storedFinding)
        }
    }

    private static func findingFilter(_ select: String, scheme: String?, year: Int?, includeInactive: Bool) -> SQLQueryString {
        var q = SQLQueryString(select + " WHERE 1 = 1")
        if let scheme { q.appendInterpolation(unsafeRaw: " AND scheme = "); q.appendInterpolation(bind: scheme) }
        if let year { q.appendInterpolation(unsafeRaw: " AND year = "); q.appendInterpolation(bind: year) }
        if !includeInactive { q.appendInterpolation(unsafeRaw: " AND active = 1") }
        return q
    }

    /// Active findings summed by direction, in the database.
    public func findingTotals(scheme: String?, year: Int?) async throws -> FindingTotals {
        try await requireMigrated()
        return try await locked {
            var totals = FindingTotals()
            var q = SQLStore.findingFilter("SELECT direction, COUNT(*) AS n, SUM(amount_ore) AS ore FROM findings", scheme: scheme, year: year, includeInactive: false)
            q.appendInterpolation(unsafeRaw: " GROUP BY direction")
            for r in try await rows(q) {
                let n = try r.decode(column: "n", as: Int.self), ore = try r.decode(column: "ore", as: Int64.self)
                totals.count += n
                switch Finding.Direction(rawValue: try r.decode(column: "direction", as: String.self)) {
                case .claim: totals.claim = Money(ore: ore)
                case .payBack: totals.payBack = Money(ore: ore)
                default: break
                }
            }
            return totals
        }
    }

    public func finding(id: Int) async throws -> StoredFinding? {
        try await locked { try await rows("SELECT * FROM findings WHERE id = \(bind: id)").first.map(SQLStore.storedFinding) }
    }

    public func setFindingStatus(id: Int, status: FindingStatus, note: String?, by: String) async throws {
        try await transaction {
            try await db.raw("""
                UPDATE findings SET status = \(bind: status.rawValue), note = \(bind: note), updated_by = \(bind: by), updated_at = \(bind: SQLStore.now())
                WHERE id = \(bind: id)
                """).run()
        }
    }

    // MARK: parameters

    public func storedParameterValues() async throws -> [StoredParameterValue] {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT * FROM parameter_values ORDER BY id").map { r in
                func text(_ c: String) throws -> String? { try r.decodeNil(column: c) ? nil : try r.decode(column: c, as: String.self) }
                let v = DatedValue(from: Day(parsing: try r.decode(column: "valid_from", as: String.self))!,
                                   to: try text("valid_to").flatMap(Day.init(parsing:)),
                                   value: try r.decode(column: "value", as: String.self),
                                   source: try r.decode(column: "source", as: String.self),
                                   checked: Day(parsing: try r.decode(column: "checked_on", as: String.self))!,
                                   note: try text("note"), enteredBy: try r.decode(column: "entered_by", as: String.self))
                return StoredParameterValue(parameterID: try r.decode(column: "parameter_id", as: String.self), value: v)
            }
        }
    }

    public func addParameterValue(_ id: String, _ value: DatedValue) async throws {
        try await requireMigrated()
        try await transaction {
            try await db.raw("""
                INSERT INTO parameter_values (parameter_id, valid_from, valid_to, value, source, checked_on, note, entered_by, entered_at)
                VALUES (\(bind: id), \(bind: value.from.iso), \(bind: value.to?.iso), \(bind: value.value), \(bind: value.source),
                        \(bind: value.checked.iso), \(bind: value.note), \(bind: value.enteredBy ?? "ukendt"), \(bind: SQLStore.now()))
                """).run()
        }
    }
}

/// Inserts batches of records inside the import's transaction (already holding the lock).
/// On SQLite the rows go through prepared statements on the connection itself
/// (`SQLiteRowInserter`), on PostgreSQL by COPY: SQLKit's generic serialisation and encoding cost
/// more than the database's own work (measured with perf; docs/PERFORMANCE.md).
struct BatchWriter: ImportWriter {
    let db: any SQLDatabase
    let sqlite: SQLiteConnection?
    let postgres: PostgresConnection?
    /// Nil on PostgreSQL, or if sqlite-nio's handle cannot be found (then the driver's way).
    let inserter: SQLiteRowInserter?
    let importID: Int
    /// What the import's postings add to the row count and to the citizens' departments, written
    /// once when the file is through: a citizen has many postings in one department, and writing
    /// the pairs per batch made the database refuse the same pair thousands of times.
    private let totals = PostingTotals()

    final class PostingTotals: Sendable {
        struct Gathered { var count = 0, pairs = Set<PersonDepartment>() }
        let state = Mutex(Gathered())
    }

    /// A table that was empty when the import began gets its plain (not unique) indexes built
    /// once after its rows, by one sort, instead of kept row by row: the citizen index alone cost
    /// the first load of a ledger a third of SQLite's time (docs/PERFORMANCE.md). Inside the
    /// import's transaction, so a failed import leaves the indexes as they were.
    private let deferredIndexes = DeferredIndexes()

    final class DeferredIndexes: Sendable {
        struct State { var seen = Set<String>(), definitions: [String] = [] }
        let state = Mutex(State())
    }

    init(db: any SQLDatabase, sqlite: SQLiteConnection?, postgres: PostgresConnection?, importID: Int) {
        self.db = db; self.sqlite = sqlite; self.postgres = postgres; self.importID = importID
        inserter = sqlite.flatMap(SQLiteRowInserter.init(connection:))
    }

    /// Lets go of the prepared statements; called when the import's transaction ends either way.
    func close() { inserter?.close() }

    /// Writes what was gathered over the whole file; called once, after the last batch.
    func finish() async throws {
        let indexes = deferredIndexes.state.withLock { d in defer { d.definitions = [] }; return d.definitions }
        for definition in indexes { try await db.raw(SQLQueryString(definition)).run() }
        let t = totals.state.withLock { t in defer { t = PostingTotals.Gathered() }; return t }
        guard t.count > 0 else { return }
        try await db.raw("UPDATE row_counts SET n = n + \(bind: t.count) WHERE name = 'postings'").run()
        // In batches: one statement for 100.000 citizens would pass the database's limit on binds.
        let pairs = Array(t.pairs)
        for start in stride(from: 0, to: pairs.count, by: ImportRunner.batchSize) {
            try await insert("person_departments", ["cpr", "department"],
                             pairs[start..<min(start + ImportRunner.batchSize, pairs.count)].map { [.text($0.cpr), .text($0.department)] },
                             ignoringDuplicates: true)
        }
    }

    static let postingColumns = ["import_id", "line", "voucher", "posting_date", "amount_ore", "function_code", "dranst", "art", "cpr",
                                 "paragraph", "period_from", "period_to", "department", "paying_municipality", "cvr", "vat_ore", "text", "extra"]
    static let householdColumns = ["import_id", "line", "cpr", "household", "valid_from", "valid_to"]

    func write(_ batch: RecordBatch) async throws {
        switch batch {
        case .households(let list):
            guard !list.isEmpty else { return }
            let rows: [[Value]] = list.enumerated().map { i, h in
                [.int(importID), .int(i + 1), .text(h.cpr.digits), .text(h.household), .day(h.from), .day(h.to)]
            }
            try await insert("households", BatchWriter.householdColumns, rows)
        case .benefitPayments(let list):
            try await insert("benefit_payments", ["import_id", "line", "cpr", "benefit", "period_from", "period_to", "amount_ore", "paid_on", "source"],
                             list.enumerated().map { i, b in
                                 [.int(importID), .int(i + 1), .text(b.cpr.digits), .text(b.benefit.code), .day(b.period.start), .day(b.period.end),
                                  .int64(b.amount.ore), .day(b.paidOn), .text(b.source)]
                             })
        case .subsidisedPeriods(let list):
            try await insert("subsidised_periods", ["import_id", "line", "cpr", "scheme", "valid_from", "valid_to"],
                             list.enumerated().map { i, s in
                                 [.int(importID), .int(i + 1), .text(s.cpr.digits), .text(s.scheme), .day(s.period.start), .day(s.period.end)]
                             })
        case .yrRows(let list):
            try await insert("yr_rows", ["import_id", "line", "municipality", "file_date", "week", "cpr", "benefit_name", "benefit", "reported_ore",
                                         "computed_ore", "refund_rate", "refund_ore", "cofinancing_rate", "cofinancing_ore", "financing_municipality"],
                             list.enumerated().map { i, y in
                                 [.int(importID), .int(i + 1), .int(y.municipality), .day(y.fileDate), .day(y.week.monday), .text(y.cpr.digits),
                                  .text(y.benefitName), .text(y.benefit?.code), .int64(y.reported.ore), .int64(y.computed.ore),
                                  .text(y.refundRate.map(BatchWriter.rateText)), .int64(y.refund.ore), .text(y.coFinancingRate.map(BatchWriter.rateText)),
                                  .int64(y.coFinancing.ore), .text(y.financingMunicipality)]
                             })
        case .residence(let list):
            try await insert("residence_episodes", ["import_id", "line", "cpr", "valid_from", "valid_to", "municipality", "housing", "offer", "referral", "legal_basis"],
                             list.map { e in
                                 [.int(importID), .int(e.line), .text(e.cpr.digits), .day(e.from), .day(e.to), .int(e.municipality),
                                  .text(e.housing.rawValue), .text(e.offer), .text(e.referral.code), .text(e.legalBasis)]
                             })
        case .incomingClaims(let list):
            try await insert("incoming_claims", ["import_id", "line", "reference", "from_municipality", "cpr", "period_from", "period_to", "amount_ore",
                                                 "legal_basis", "received_on"],
                             list.map { c in
                                 [.int(importID), .int(c.line), .text(c.reference), .int(c.fromMunicipality), .text(c.cpr.digits), .day(c.period.start),
                                  .day(c.period.end), .int64(c.amount.ore), .text(c.legalBasis), .day(c.receivedOn)]
                             })
        case .pensionGrants(let list):
            try await insert("pension_grants", ["import_id", "line", "cpr", "granted_on", "granting_municipality"],
                             list.enumerated().map { i, g in [.int(importID), .int(i + 1), .text(g.cpr.digits), .day(g.grantedOn), .int(g.grantingMunicipality)] })
        case .budgetRows(let list):
            try await insert("budget_rows", ["import_id", "line", "budget_table", "row_type", "name", "category", "year", "reference_year", "model", "amount_ore"],
                             list.enumerated().map { i, r in
                                 [.int(importID), .int(i + 1), .text(r.table.rawValue), .text(r.type), .text(r.name), .text(r.category), .int(r.year),
                                  .int(r.referenceYear), .int(r.model), .int64(r.amount?.ore)]
                             })
        case .integration(let list):
            try await insert("integration_rows", ["import_id", "line", "cpr", "program_start", "event", "valid_from", "valid_to", "hours", "supported", "exam"],
                             list.enumerated().map { i, r in
                                 [.int(importID), .int(r.event?.line ?? i + 1), .text(r.cpr.digits), .day(r.programStart), .text(r.event?.kind.rawValue),
                                  .day(r.event?.from), .day(r.event?.to), .text(r.event?.hoursPerWeek.map(BatchWriter.rateText)),
                                  .int(r.event?.supported == true ? 1 : 0), .text(r.event?.exam)]
                             })
        case .positiveList(let list):
            try await insert("positive_list", ["import_id", "line", "year", "function_code", "art", "rate", "ownership4"],
                             list.enumerated().map { i, e in
                                 [.int(importID), .int(i + 1), .int(e.year), .text(e.function.description), .text(e.art), .text(BatchWriter.rateText(e.rate)),
                                  .int(e.requiresOwnership4 ? 1 : 0)]
                             })
        case .vatRegistrations(let list):
            try await insert("vat_registrations", ["import_id", "line", "cvr", "valid_from", "valid_to", "operating_agreement"],
                             list.enumerated().map { i, r in [.int(importID), .int(i + 1), .text(r.cvr), .day(r.from), .day(r.to), .int(r.operatingAgreement ? 1 : 0)] })
        case .postings(let postings):
            guard !postings.isEmpty else { return }
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let rows: [[Value]] = try postings.map { p in
                let extra = p.extra.isEmpty ? nil : String(decoding: try encoder.encode(p.extra), as: UTF8.self)
                return [.int(importID), .int(p.line), .text(p.voucher), .day(p.date), .int64(p.amount.ore), .text(p.function.description),
                        .text(p.dranst), .text(p.art), .text(p.cpr?.digits), .text(p.paragraph), .day(p.period?.start),
                        .day(p.period?.end), .text(p.department), .int(p.payingMunicipality), .text(p.cvr), .int64(p.vat?.ore),
                        .text(p.text), .text(extra)]
            }
            try await insert("postings", BatchWriter.postingColumns, rows)
            totals.state.withLock { t in
                t.count += rows.count
                for p in postings { if let cpr = p.cpr, let department = p.department { t.pairs.insert(.init(cpr: cpr.digits, department: department)) } }
            }
        }
    }

    /// On the first batch for `table`: if it holds no rows yet, its plain indexes are dropped
    /// and their definitions kept for `finish()`.
    private func deferIndexesIfEmpty(_ table: String) async throws {
        guard deferredIndexes.state.withLock({ $0.seen.insert(table).inserted }) else { return }
        guard try await db.raw("SELECT 1 AS one FROM \(unsafeRaw: table) LIMIT 1").all().isEmpty else { return }
        let indexes = try await db.raw("""
            SELECT name, sql FROM sqlite_master
            WHERE type = 'index' AND tbl_name = \(bind: table) AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%'
            """).all()
        for index in indexes {
            let name = try index.decode(column: "name", as: String.self), sql = try index.decode(column: "sql", as: String.self)
            try await db.raw("DROP INDEX \(ident: name)").run()
            deferredIndexes.state.withLock { $0.definitions.append(sql) }
        }
    }

    /// A value for a row: typed, so neither path needs dynamic casts.
    enum Value {
        /// A day is stored in its ISO form, written from its bytes (no `String` a row).
        case int(Int?), int64(Int64?), text(String?), day(Day?)

        var sqlite: SQLiteData {
            switch self {
            case .int(let v): return v.map { .integer($0) } ?? .null
            case .int64(let v): return v.map { .integer(Int($0)) } ?? .null
            case .text(let v): return v.map { .text($0) } ?? .null
            case .day(let v): return v.map { .text($0.iso) } ?? .null
            }
        }

        var bind: SQLBind {
            switch self {
            case .int(let v): return SQLBind(v)
            case .int64(let v): return SQLBind(v)
            case .text(let v): return SQLBind(v)
            case .day(let v): return SQLBind(v?.iso)
            }
        }

        /// The value in PostgreSQL's COPY text format: `\N` for NULL; backslash, tab, newline and
        /// carriage return escaped.
        func copyText(into buffer: inout ByteBuffer) {
            switch self {
            case .int(let v): if let v { buffer.writeString(String(v)) } else { buffer.writeStaticString("\\N") }
            case .int64(let v): if let v { buffer.writeString(String(v)) } else { buffer.writeStaticString("\\N") }
            case .day(let v):
                guard let v else { buffer.writeStaticString("\\N"); return }
                v.withISO { buffer.writeBytes($0) }
            case .text(let v):
                guard let v else { buffer.writeStaticString("\\N"); return }
                for byte in v.utf8 {
                    switch byte {
                    case 0x5C: buffer.writeStaticString("\\\\")
                    case 0x09: buffer.writeStaticString("\\t")
                    case 0x0A: buffer.writeStaticString("\\n")
                    case 0x0D: buffer.writeStaticString("\\r")
                    default: buffer.writeInteger(byte)
                    }
                }
            }
        }
    }

    /// A rate as a fraction `n/d`, exact and readable back.
    static func rateText(_ r: Rational) -> String { "\(r.numerator)/\(r.denominator)" }
    static func rate(_ text: String) -> Rational? {
        let p = text.split(separator: "/")
        guard p.count == 2, let n = Int64(p[0]), let d = Int64(p[1]), d != 0 else { return nil }
        return Rational(n, d)
    }

    struct PersonDepartment: Hashable, Sendable { let cpr: String, department: String }

    /// `ignoringDuplicates`: a row whose key is already there is left out (an index kept by
    /// the import, like a citizen's departments).
    private func insert(_ table: String, _ columns: [String], _ rows: [[Value]], ignoringDuplicates: Bool = false) async throws {
        guard !rows.isEmpty else { return }
        if let inserter {
            try await deferIndexesIfEmpty(table)
            // On this task's thread, not the driver's pool: SQLite is the import's critical
            // path, and two thread hops a batch kept it waiting.
            try inserter.insert(table, columns, rows, ignoringDuplicates: ignoringDuplicates)
            return
        }
        if let sqlite {
            let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
            let sql = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES " + Array(repeating: tuple, count: rows.count).joined(separator: ",")
                + (ignoringDuplicates ? " ON CONFLICT DO NOTHING" : "")
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * columns.count)
            for row in rows { for v in row { binds.append(v.sqlite) } }
            let _: Void = try await sqlite.query(sql, binds) { _ in }
            return
        }
        if let postgres, !ignoringDuplicates {
            // PostgreSQL's bulk load: one COPY per batch, inside the import's transaction.
            var buffer = ByteBuffer()
            for row in rows {
                for (i, value) in row.enumerated() {
                    if i > 0 { buffer.writeInteger(UInt8(0x09)) }
                    value.copyText(into: &buffer)
                }
                buffer.writeInteger(UInt8(0x0A))
            }
            try await postgres.copyFrom(table: table, columns: columns, logger: SQLStore.driverLogger) { try await $0.write(buffer) }
            return
        }
        let builder = db.insert(into: table).columns(columns)
        for row in rows { builder.values(row.map(\.bind)) }
        if ignoringDuplicates { builder.ignoringConflicts() }
        try await builder.run()
    }

}

struct StoredRowError: Error, CustomStringConvertible {
    var description: String { "en gemt række kan ikke læses (er databasen ændret uden om Hjemtag?)" }
}

/// A row's columns by position, in the order of the query's column list.
protocol ColumnReader {
    func text(_ index: Int) -> String?
    func int(_ index: Int) -> Int64?
}

struct SQLiteColumns: ColumnReader {
    let columns: [SQLiteColumn]
    init(_ row: SQLiteRow) { columns = row.columns }
    func text(_ index: Int) -> String? { columns[index].data.string }
    func int(_ index: Int) -> Int64? { columns[index].data.integer.map(Int64.init) }
}

struct PostgresColumns: ColumnReader {
    let row: PostgresRandomAccessRow
    func text(_ index: Int) -> String? { (try? row[index].decode(String?.self)) ?? nil }
    func int(_ index: Int) -> Int64? { (try? row[index].decode(Int64?.self)) ?? nil }
}

/// Collects decoded rows from a callback that runs on sqlite-nio's thread pool.
final class RowList<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [T] = []
    private var failed = false
    func append(_ row: T?) {
        lock.lock(); defer { lock.unlock() }
        if let row { list.append(row) } else { failed = true }
    }
    func rows() throws -> [T] {
        lock.lock(); defer { lock.unlock() }
        if failed { throw StoredRowError() }
        return list
    }
}
