import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Testing
import VaporCSQLite

@testable import HjemtagSQLStore

@Suite("SQLite imports through prepared statements on the store's connection")
struct SQLiteRowInserterTests {
    func store() async throws -> SQLStore {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-inserter-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await SQLStore.open(dir.appendingPathComponent("test.sqlite").path)
        _ = try await store.migrate()
        return store
    }

    /// The statements SQLite has open on the store's connection (sqlite-nio finalises its own after
    /// every query, so any left are the inserter's).
    func openStatements(_ store: SQLStore) throws -> Int {
        let connection = try #require(store.sqliteConnection)
        let handle = try #require(SQLiteRowInserter.handle(of: connection))
        var count = 0
        var statement = sqlite_nio_sqlite3_next_stmt(handle, nil)
        while let s = statement {
            count += 1
            statement = sqlite_nio_sqlite3_next_stmt(handle, s)
        }
        return count
    }

    @Test("The connection's handle is found (else imports fall back to the driver's slow way); rows, NULLs and days read back as written")
    func writesThroughTheHandle() async throws {
        let store = try await store()
        let connection = try #require(store.sqliteConnection)
        let inserter = try #require(SQLiteRowInserter(connection: connection))
        try await store.executeRaw("CREATE TABLE probe (n INTEGER NOT NULL, t TEXT, d TEXT, UNIQUE (n))")
        let day = Day(year: 2024, month: 2, day: 29)!
        try inserter.insert(
            "probe", ["n", "t", "d"], [[.int(1), .text("æøå; \"x\"\n"), .day(day)], [.int64(2), .text(nil), .day(nil)]],
            ignoringDuplicates: false)
        #expect(try openStatements(store) == 1) // one prepared INSERT, kept for the next batch
        let rows = try await store.positionalRows(["n", "t", "d"], "FROM probe ORDER BY n") { r in [r.int(0).map(String.init), r.text(1), r.text(2)] }
        #expect(rows == [["1", "æøå; \"x\"\n", "2024-02-29"], ["2", nil, nil]])

        // SQLite's refusal is an error with its reason; the statement is reset and serves again.
        #expect {
            try inserter.insert(
                "probe", ["n", "t", "d"], [[.int(3), .text("a"), .day(nil)], [.int(nil), .text("b"), .day(nil)]], ignoringDuplicates: false)
        } throws: { "\($0)".contains("NOT NULL") }
        try inserter.insert(
            "probe", ["n", "t", "d"], [[.int(1), .text("igen"), .day(nil)], [.int(4), .text("ny"), .day(nil)]], ignoringDuplicates: true)
        #expect(
            try await store.positionalRows(["n", "t"], "FROM probe ORDER BY n") { r in "\(r.int(0)!):\(r.text(1) ?? "-")" }
                == ["1:æøå; \"x\"\n", "2:-", "3:a", "4:ny"])

        inserter.close()
        #expect(try openStatements(store) == 0)
        try await store.close()
    }

    @Test(
        "A table with a trigger takes its rows a thousand to a statement and the rest in one more: every row written once, in order, the trigger fired for each, a refused row refuses its statement"
    )
    func triggeredTableInStatementsOfMany() async throws {
        let store = try await store()
        let connection = try #require(store.sqliteConnection)
        let inserter = try #require(SQLiteRowInserter(connection: connection))
        try await store.executeRaw("CREATE TABLE counted (n INTEGER NOT NULL UNIQUE, t TEXT)")
        try await store.executeRaw("CREATE TABLE fired (n INTEGER NOT NULL)")
        try await store.executeRaw("INSERT INTO fired VALUES (0)")
        try await store.executeRaw("CREATE TRIGGER counted_insert AFTER INSERT ON counted BEGIN UPDATE fired SET n = n + 1; END")
        // 2.345 rows: two statements of a thousand and one of 345.
        let rows: [[BatchWriter.Value]] = (1...2345).map { [.int($0), .text($0.isMultiple(of: 7) ? nil : "r\($0)")] }
        try inserter.insert("counted", ["n", "t"], rows, ignoringDuplicates: false)
        let back = try await store.positionalRows(["n", "t"], "FROM counted ORDER BY rowid") { r in [r.int(0).map(String.init), r.text(1)] }
        #expect(back == rows.map { row in row.map { if case .int(let n?) = $0 { "\(n)" } else if case .text(let t) = $0 { t } else { nil } } })
        #expect(try await store.positionalRows(["n"], "FROM fired") { $0.int(0) } == [2345])
        // The statement kept is the thousand-row one; the rest's was let go.
        let handle = try #require(SQLiteRowInserter.handle(of: connection))
        let kept = try #require(sqlite_nio_sqlite3_next_stmt(handle, nil))
        #expect(sqlite_nio_sqlite3_next_stmt(handle, kept) == nil)
        #expect(String(cString: try #require(sqlite_nio_sqlite3_sql(kept))).components(separatedBy: "(?,?)").count - 1 == 1000)

        // A row SQLite refuses (a repeated n) refuses the whole statement it is in: none of its
        // thousand rows stays, and the call stops there.
        #expect {
            try inserter.insert("counted", ["n", "t"], (2346...3400).map { [.int($0 == 3300 ? 5 : $0), .text(nil)] }, ignoringDuplicates: false)
        } throws: { "\($0)".contains("UNIQUE") }
        #expect(try await store.positionalRows(["n"], "FROM counted WHERE n > 2345") { $0.int(0) }.isEmpty)
        // A duplicate left out, as the single-row statement does.
        try inserter.insert("counted", ["n", "t"], [[.int(1), .text("igen")], [.int(9999), .text("ny")]], ignoringDuplicates: true)
        #expect(try await store.positionalRows(["t"], "FROM counted WHERE n IN (1, 9999) ORDER BY n") { $0.text(0) } == ["r1", "ny"])
        inserter.close()
        #expect(try openStatements(store) == 0)
        try await store.close()
    }

    /// The table's indexes as SQLite keeps their definitions.
    func indexes(_ store: SQLStore, of table: String) async throws -> [String] {
        try await store.positionalRows(
            ["sql"], "FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL ORDER BY name",
            binds: [table]
        ) { try $0.requiredText(0) }
    }

    @Test(
        "An import that fails after its rows were written leaves nothing, its statements are let go, and the indexes of a table that was empty are back as they were"
    )
    func failedImportLeavesNothing() async throws {
        let store = try await store()
        let before = try await indexes(store, of: "households")
        #expect(before.count == 3) // households_cpr, households_household, households_content: built after the rows of a first load
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-husstande-\(UUID().uuidString).csv")
        try Data("cpr;husstand;fra;til\n0101901234;H1;2024-01-01;\n".utf8).write(to: file)
        let meta = ImportMeta(
            kind: .households, fileName: "husstande.csv", fingerprint: try FileFingerprint.compute(url: file),
            importedBy: "test", separator: ";")
        struct Stop: Error {}
        let member = HouseholdMembership(cpr: try CPR(parsing: "0101901234"), household: "H1", from: Day(year: 2024, month: 1, day: 1)!, to: nil)
        await #expect(throws: Stop.self) {
            _ = try await store.performImport(meta: meta, file: file) { writer in
                try await writer.write(.households([member]), rows: [RowOrigin(line: 2, key: member.contentKey.stored)])
                throw Stop()
            }
        }
        #expect(try await store.households().isEmpty)
        #expect(try await store.imports().isEmpty)
        #expect(try openStatements(store) == 0)
        #expect(try await indexes(store, of: "households") == before)

        _ = try await store.performImport(meta: meta, file: file) { writer in
            try await writer.write(.households([member]), rows: [RowOrigin(line: 2, key: member.contentKey.stored)])
            return 1
        }
        #expect(try await store.households() == [member])
        #expect(try openStatements(store) == 0)
        #expect(try await indexes(store, of: "households") == before)
        let plan = try await store.rows("EXPLAIN QUERY PLAN SELECT * FROM households WHERE cpr = '0101901234'").map {
            try $0.decode(column: "detail", as: String.self)
        }
        #expect(plan.contains { $0.contains("households_cpr") })
        try await store.close()
    }
}
