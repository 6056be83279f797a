import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

@Suite("The writer's cache during an import that keeps a table's indexes row by row")
struct WriterCacheTests {
    func cacheKiB(_ store: SQLStore) async throws -> Int {
        // SQLite answers a size in KiB as a negative number.
        -(try await store.rows("PRAGMA cache_size")[0].decode(column: "cache_size", as: Int.self))
    }

    func member(_ cpr: String) throws -> HouseholdMembership {
        HouseholdMembership(cpr: try CPR(parsing: cpr), household: "H1", from: Day(year: 2024, month: 1, day: 1)!, to: nil)
    }

    /// An import of one household member, the cache size seen while it writes; `fail` stops it after the write.
    func importMember(_ cpr: String, into store: SQLStore, fail: Bool = false) async throws -> Int {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-cache-\(UUID().uuidString).csv")
        try Data("cpr;husstand;fra;til\n\(cpr);H1;2024-01-01;\n".utf8).write(to: file)
        let meta = ImportMeta(
            kind: .households, fileName: "husstande.csv", fingerprint: try FileFingerprint.compute(url: file), importedBy: "test", separator: ";")
        struct Stop: Error {}
        let seen = SeenSize()
        let m = try member(cpr)
        do {
            _ = try await store.performImport(meta: meta, file: file) { writer in
                try await writer.write(.households([m]), rows: [RowOrigin(line: 2, key: m.contentKey.stored)])
                seen.kib = try await cacheKiB(store)
                if fail { throw Stop() }
                return 1
            }
        } catch is Stop {}
        return seen.kib
    }

    final class SeenSize: @unchecked Sendable { var kib = 0 }

    @Test(
        "Raised while rows go into a table that already has rows, back at the usual size after a commit and after a failure; a first load, whose indexes are built after its rows, keeps the usual size for SQLite's sorter"
    )
    func raisedOnlyWhileIndexesAreKept() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-cache-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try await SQLStore.open(dir.appendingPathComponent("test.sqlite").path)
        _ = try await store.migrate()
        #expect(try await cacheKiB(store) == WriterCache.usualKiB)

        // The table is empty: its indexes are dropped and built after the rows.
        #expect(try await importMember("0101901234", into: store) == WriterCache.usualKiB)
        #expect(try await cacheKiB(store) == WriterCache.usualKiB)

        // Now it has a row: its indexes are kept row by row, with the larger cache.
        #expect(try await importMember("0202901234", into: store) == WriterCache.keptIndexesKiB)
        #expect(try await cacheKiB(store) == WriterCache.usualKiB)

        #expect(try await importMember("0303901234", into: store, fail: true) == WriterCache.keptIndexesKiB)
        #expect(try await cacheKiB(store) == WriterCache.usualKiB)
        #expect(try await store.households().map(\.cpr.digits).sorted() == ["0101901234", "0202901234"])
        try await store.close()
    }
}
