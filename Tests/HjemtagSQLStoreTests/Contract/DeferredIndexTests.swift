import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit
import Testing

@testable import HjemtagSQLStore

/// A first import into an empty PostgreSQL table drops the table's plain indexes and foreign
/// keys inside its transaction and makes them again at its end (issue 22 § 3): a refused import
/// leaves them as they were, a stored one has them all again, checked over its rows.
@Suite("PostgreSQL: indexes and keys built after a first import", .serialized)
struct DeferredIndexTests {
    @Test("Refused or stored, the first import leaves the postings' indexes and key to imports in place")
    func indexesAndKeysStay() async throws {
        guard Backend.available.contains(.postgres) else { return }
        try await Backend.postgres.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "101")
            let expected = try await Self.definitions(store)
            #expect(expected.indexes.count == 4 && expected.keys.count == 1, "\(expected)")
            let bad = try writeTemp(
                "dato;beloeb;funktion;cpr;paragraf\n2021-01-31;1000,00;5.38.50;010170-1111;SEL-108\n2021-02-31;1000,00;5.38.50;010170-1111;SEL-108\n",
                name: "fejl.csv")
            await #expect(throws: (any Error).self) { try await ImportRunner().run(kind: .postings, file: bad, importedBy: "t", into: store) }
            #expect(try await Self.definitions(store) == expected, "a refused import rolls the drop back")
            let good = try writeTemp(
                "dato;beloeb;funktion;cpr;paragraf\n2021-01-31;1000,00;5.38.50;010170-1111;SEL-108\n2021-02-28;1000,00;5.38.50;010170-1111;SEL-108\n",
                name: "god.csv")
            _ = try await ImportRunner().run(kind: .postings, file: good, importedBy: "t", into: store)
            #expect(try await Self.definitions(store) == expected, "made again after the rows")
            #expect(try await store.postings(cpr: try CPR(parsing: "010170-1111")).count == 2)
        }
    }

    /// The postings table's plain indexes and foreign keys, by their definitions.
    static func definitions(_ store: SQLStore) async throws -> (indexes: [String], keys: [String]) {
        // Not the `pg_indexes` view: it reads every schema's indexes, and the tests beside this one
        // drop theirs.
        let indexes = try await store.db.raw(
            """
            SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = (SELECT oid FROM pg_class WHERE relname = 'postings' AND relnamespace = current_schema()::regnamespace)
              AND NOT i.indisunique ORDER BY 1
            """
        ).all().map { try $0.decode(column: "name", as: String.self) }
        let keys = try await store.db.raw(
            """
            SELECT pg_get_constraintdef(oid) AS def FROM pg_constraint
            WHERE contype = 'f' AND conrelid = (SELECT oid FROM pg_class WHERE relname = 'postings' AND relnamespace = current_schema()::regnamespace)
            ORDER BY 1
            """
        ).all().map { try $0.decode(column: "def", as: String.self) }
        return (indexes, keys)
    }
}
