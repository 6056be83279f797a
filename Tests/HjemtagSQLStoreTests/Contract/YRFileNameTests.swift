import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Ydelsesrefusion's file names carry the municipality, a running number and the delivery date
/// (`yr-ydelsesrefusion-beregning-730-0050-2024-03-03.csv`, shared/formats/README.md § 2).
@Suite("Ydelsesrefusion's files by name", .serialized)
struct YRFileNameTests {
    static let header = ImportKind.yrCalculation.requiredColumns.joined(separator: ";") + "\n"
    static let row = "2024-03-04;0101801234;Kontanthjælp;1000,00;80;800,00;0;0,00\n"

    func importing(_ name: String, _ text: String, into store: SQLStore) async throws -> ImportOutcome {
        let jobs = Jobs(store: store, user: "t", origin: "test", today: Day(year: 2024, month: 4, day: 1)!)
        return try await jobs.importFile(
            ImportKind(rawValue: try FileRecognition.kind(of: try writeTemp(text, name: name)).rawValue)!,
            file: try writeTemp(text, name: name), name: name)
    }

    @Test(
        "A file for another municipality is refused; a gap in the running numbers is warned; a notice is archived and listed",
        arguments: Backend.available)
    func names(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "730") // Randers
            let first = try await importing("yr-ydelsesrefusion-beregning-730-0050-2024-03-03.csv", Self.header + Self.row, into: store)
            #expect(first.warnings.isEmpty && first.summary.rowCount == 1)
            await #expect {
                _ = try await importing("yr-ydelsesrefusion-beregning-751-0051-2024-03-10.csv", Self.header, into: store)
            } throws: { ($0 as? ImportError)?.description.contains("filen er til Aarhus (751), men databasen hører til Randers (730)") == true }
            let skipped = try await importing("yr-ydelsesrefusion-beregning-730-0053-2024-03-24.csv", Self.header, into: store)
            #expect(skipped.warnings.contains { $0.contains("løbenummer 0051-0052 mangler") })
            let notice = try await importing("yr-ydelsesrefusion-advisering-730-0025-2024-03-05.csv", "Felt1;Felt2\na;b\nc;d\n", into: store)
            #expect(notice.summary.kind == ImportKind.yrNotice.rawValue && notice.summary.rowCount == 2)
            #expect(try await store.imports().map(\.kind).sorted() == ["yr-advisering", "yr-beregning", "yr-beregning"])
            let refusals = try await store.auditEntries(cpr: nil, username: "t", limit: 10).compactMap(\.purpose)
            #expect(refusals.contains { $0.hasPrefix("yr-beregning: yr-ydelsesrefusion-beregning-751") })
        }
    }
}
