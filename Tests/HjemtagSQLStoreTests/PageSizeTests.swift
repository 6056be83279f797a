import Foundation
import HjemtagCore
import HjemtagImport
import SQLiteNIO
import Testing

@testable import HjemtagSQLStore

/// A new SQLite store is made with 16 KiB pages (decision 0013: the 10 M-posting import in
/// three quarters of the time); a store made before keeps the page size it has, and works.
@Suite("The page size of an SQLite store")
struct PageSizeTests {
    static func pageSize(of store: SQLStore) async throws -> Int {
        try await store.rows("PRAGMA page_size")[0].decode(column: "page_size", as: Int.self)
    }

    @Test("A new store file has SQLStore.pageSize, and a store of 4 KiB pages keeps them, migrates and imports")
    func newAndOld() async throws {
        try await WALCheckpointerTests.inTemporaryFolder { dir in
            let fresh = dir.appendingPathComponent("ny.sqlite").path
            let store = try await SQLStore.open(fresh)
            _ = try await store.migrate()
            #expect(try await Self.pageSize(of: store) == 16_384)
            try await store.close()

            // An older store: its file made by SQLite's default before this store opened it.
            let old = dir.appendingPathComponent("gammel.sqlite").path
            let conn = try await SQLiteConnection.open(storage: .file(path: old))
            _ = try await conn.query("PRAGMA page_size = 4096")
            _ = try await conn.query("PRAGMA journal_mode = WAL")
            _ = try await conn.query("CREATE TABLE made_before (x INTEGER)")
            try await conn.close()

            let reopened = try await SQLStore.open(old)
            _ = try await reopened.migrate()
            #expect(try await Self.pageSize(of: reopened) == 4096)
            let file = dir.appendingPathComponent("posteringer.csv")
            try """
            bilag;dato;beloeb;funktion;dranst;art;cpr;paragraf;periode_fra;periode_til;forvaltning;betalingskommune;cvr;moms;tekst
            1;2021-03-31;1000,00;05.38.50;1;4.0;0101901234;SEL-108;2021-03-01;2021-03-31;SOF;;;;botilbud

            """.write(to: file, atomically: true, encoding: .utf8)
            let outcome = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: reopened)
            #expect(outcome.summary.rowCount == 1)
            #expect(try await reopened.postings(cpr: try CPR(parsing: "0101901234")).map(\.amount) == [Money(ore: 100_000)])
            try await reopened.close()
        }
    }
}
