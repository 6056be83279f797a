import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import NIOCore
import SQLKit
import Testing

@testable import HjemtagSQLStore

/// On PostgreSQL the batches of a table go through one COPY held open for the import
/// (`PostgresCopySession`, issue 22 § 3), and a table that was empty has its content keys checked
/// by the client. These are files of several batches (1.000 rows each), so rows are already on
/// their way to the server when the file is refused; both backends, so SQLite answers the same.
@Suite("Imports of several batches: refused whole, repeats found across batches, text kept as written", .serialized)
struct HeldCopyTests {
    /// A text with each byte COPY's text format escapes, and the separator's neighbours.
    static let awkwardText = "sti C:\\mappe\\ny\tfane, \"citat\""

    /// `rows` postings of one citizen, each of its own amount (so no two rows are the same); the
    /// row at file line `badLine` has a date that does not exist, the one at `repeatLine` is line
    /// 2 again.
    static func ledger(rows: Int, badLine: Int? = nil, repeatLine: Int? = nil) -> String {
        var text = "dato;beloeb;funktion;cpr;paragraf;tekst\n"
        for i in 0..<rows {
            let line = i + 2
            let date = line == badLine ? "2021-02-31" : "2021-01-31"
            let amount = line == repeatLine ? 1000 : 1000 + i
            text += "\(date);\(amount),00;5.38.50;010170-1111;SEL-108;\"\(awkwardText.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        }
        return text
    }

    /// Imports `text` as a ledger file named `name` into a store of Copenhagen's (migrated first);
    /// the import's error, if it was refused.
    static func importLedger(_ text: String, name: String, into store: SQLStore) async throws -> (any Error)? {
        _ = try await store.migrate()
        try await store.setSetting("kommune", "101")
        do {
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(text, name: name), importedBy: "t", into: store)
            return nil
        } catch {
            return error
        }
    }

    static func postingCount(_ store: SQLStore) async throws -> Int {
        try await store.db.raw("SELECT COUNT(*) AS n FROM postings").all().first?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test(
        "A ledger refused at its 2.400th line, after two batches were sent, stores nothing, and the next import goes in whole with its text as written",
        arguments: Backend.available)
    func refusedAfterBatches(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            let refusal = try await Self.importLedger(Self.ledger(rows: 2_500, badLine: 2_400), name: "fejl-sent.csv", into: store)
            guard case ImportError.invalidRows(let problems, let total)? = refusal else {
                Issue.record("a ledger with a date that does not exist was not refused for it: \(String(describing: refusal))")
                return
            }
            #expect(total == 1 && problems.map(\.line) == [2_400], "\(problems)")
            #expect(try await Self.postingCount(store) == 0)
            #expect(try await store.imports().isEmpty)
            #expect(try await Self.importLedger(Self.ledger(rows: 2_500), name: "god.csv", into: store) == nil)
            #expect(try await store.imports().map(\.rowCount) == [2_500])
            #expect(try await Self.postingCount(store) == 2_500)
            let stored = try await store.postings(cpr: try CPR(parsing: "010170-1111"))
            #expect(stored.count == 2_500 && stored.allSatisfy { $0.text == Self.awkwardText })
        }
    }

    @Test(
        "Into an empty store, a row that repeats line 2 in a later batch is refused with the line it repeats, and nothing is stored",
        arguments: Backend.available)
    func repeatAcrossBatches(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            let refusal = try await Self.importLedger(Self.ledger(rows: 2_500, repeatLine: 2_300), name: "gentaget-senere.csv", into: store)
            guard case ImportError.duplicateRows(_, let rows, let total)? = refusal else {
                Issue.record("a repeated row was not refused for it: \(String(describing: refusal))")
                return
            }
            #expect(total == 1 && rows == [DuplicateRow(line: 2_300, earlierImport: nil, earlierFile: "gentaget-senere.csv", earlierLine: 2)])
            #expect(try await Self.postingCount(store) == 0)
        }
    }

    @Test("COPY's text format: NULL as \\N, the four escaped bytes escaped, numbers and days as written")
    func copyText() {
        let rows: [[BatchWriter.Value]] = [
            [.int(-42), .int64(Int64.min), .int(nil), .text("a\\b\tc\nd\re"), .text("æø"), .day(Day(year: 2021, month: 1, day: 31)), .text(nil)],
            [.int64(0), .int(Int.max), .text(""), .day(nil)],
        ]
        let buffer = BatchWriter.Value.copyText(rows)
        let text = String(decoding: buffer.readableBytesView, as: UTF8.self)
        #expect(text == "-42\t-9223372036854775808\t\\N\ta\\\\b\\tc\\nd\\re\tæø\t2021-01-31\t\\N\n0\t9223372036854775807\t\t\\N\n")
    }

    @Test("The client's check of a first import's keys: distinct keys pass, a repeat anywhere is seen, none kept says nothing")
    func keptKeys() {
        #expect(WrittenTables.Table(rebuilt: true, keys: [5, -1, 3, 9]).keysAllDistinct == true)
        #expect(WrittenTables.Table(rebuilt: true, keys: [5, -1, 3, 9, -1]).keysAllDistinct == false)
        #expect(WrittenTables.Table(rebuilt: true, keys: []).keysAllDistinct == true)
        #expect(WrittenTables.Table(rebuilt: true, keys: nil).keysAllDistinct == nil)
    }
}
