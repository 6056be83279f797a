import Foundation
import HjemtagCore
import Synchronization
import Testing

@testable import HjemtagImport

/// A destination that records what it was given, batch by batch; writes take a random while, so
/// batches handed over early would overtake slow ones if nothing kept their order.
final class RecordingDestination: ImportDestination, @unchecked Sendable {
    private let lock = NSLock()
    private var written: [[String]] = [] // each batch's household names
    private var running = 0
    private(set) var overlapped = false
    /// Whether a batch was prepared while an earlier one was being written.
    private var preparedDuringWrite = false
    var preparedAhead: Bool { lock.withLock { preparedDuringWrite } }
    let failAt: Int?
    /// The longest a write takes.
    let slowest: UInt64

    init(failAt: Int? = nil, slowest: UInt64 = 3_000_000) {
        self.failAt = failAt
        self.slowest = slowest
    }

    struct Refused: Error, Equatable { let batch: Int }

    var batches: [[String]] { lock.withLock { written } }
    var stillRunning: Int { lock.withLock { running } }

    func findImport(sha256: String) async throws -> ImportSummary? { nil }

    func performImport(meta: ImportMeta, file: URL, _ body: @Sendable (any ImportWriter) async throws -> Int) async throws -> ImportSummary {
        let count = try await body(Writer(destination: self))
        return ImportSummary(
            id: 1, kind: meta.kind.rawValue, fileName: meta.fileName, sha256: meta.fingerprint.sha256, size: 0,
            rowCount: count, importedBy: meta.importedBy, importedAt: "", encoding: "utf-8")
    }

    struct Writer: ImportWriter {
        let destination: RecordingDestination
        func write(_ batch: RecordBatch, rows: [RowOrigin]) async throws {
            guard case .households(let members) = batch else {
                Issue.record("ventede husstande")
                return
            }
            try await destination.write(members.map(\.household))
        }
        /// As the store's writer: the records made ready at once, written in their turn.
        func prepare(_ batch: RecordBatch, rows: [RowOrigin]) throws -> PreparedWrite {
            guard case .households(let members) = batch else { return PreparedWrite { try await write(batch, rows: rows) } }
            destination.notePrepared()
            let names = members.map(\.household)
            return PreparedWrite { try await destination.write(names) }
        }
    }

    private func notePrepared() { lock.withLock { if running > 0 { preparedDuringWrite = true } } }

    private func write(_ names: [String]) async throws {
        let index = lock.withLock {
            if running > 0 { overlapped = true }
            running += 1
            return written.count
        }
        defer { lock.withLock { running -= 1 } }
        try await Task.sleep(nanoseconds: UInt64.random(in: slowest / 2...slowest))
        if index == failAt { throw Refused(batch: index) }
        lock.withLock { written.append(names) }
    }
}

@Suite("Writing batches while the next are read")
struct WriteAheadTests {
    func householdFile(rows: Int) throws -> URL {
        let lines = (1...rows).map { "0101901234;H\($0);2024-01-01;" }
        return try tempFile("cpr;husstand;fra;til\n" + lines.joined(separator: "\n") + "\n", name: "husstande-\(UUID().uuidString).csv")
    }

    @Test("Every row is written once, in file order, one batch at a time, whatever each write takes")
    func order() async throws {
        let rows = ImportRunner.batchSize * 7 + 123
        let destination = RecordingDestination()
        let outcome = try await ImportRunner().run(kind: .households, file: try householdFile(rows: rows), importedBy: "test", into: destination)
        #expect(outcome.summary.rowCount == rows)
        #expect(destination.batches.map(\.count) == Array(repeating: ImportRunner.batchSize, count: 7) + [123])
        #expect(destination.batches.flatMap { $0 } == (1...rows).map { "H\($0)" })
        #expect(!destination.overlapped)
    }

    @Test("Each batch is prepared as soon as it is read, while the batches before it are still being written; the writes keep the file's order")
    func preparedAhead() async throws {
        let rows = ImportRunner.batchSize * 6
        let destination = RecordingDestination(slowest: 20_000_000)
        _ = try await ImportRunner().run(kind: .households, file: try householdFile(rows: rows), importedBy: "test", into: destination)
        #expect(destination.preparedAhead)
        #expect(destination.batches.flatMap { $0 } == (1...rows).map { "H\($0)" })
        #expect(!destination.overlapped)
    }

    @Test(
        "A write that fails stops the import with its error; no later batch is written, and none is still running when the import returns",
        arguments: [0, 1, 4, 7])
    func failure(at batch: Int) async throws {
        let destination = RecordingDestination(failAt: batch)
        await #expect(throws: RecordingDestination.Refused(batch: batch)) {
            _ = try await ImportRunner().run(
                kind: .households, file: try householdFile(rows: ImportRunner.batchSize * 7 + 123),
                importedBy: "test", into: destination)
        }
        #expect(destination.stillRunning == 0)
        #expect(destination.batches.count == batch)
        try await Task.sleep(nanoseconds: 20_000_000)
        #expect(destination.batches.count == batch) // nothing wrote after the import returned
    }

    @Test("A bad row after batches were handed over: the import is refused only after every write in flight has ended")
    func refusalWaitsForWrites() async throws {
        let good = (1...(ImportRunner.batchSize * 3)).map { "0101901234;H\($0);2024-01-01;" }
        let file = try tempFile(
            "cpr;husstand;fra;til\n" + good.joined(separator: "\n") + "\n0101901234;H0;ikke en dato;\n",
            name: "husstande-\(UUID().uuidString).csv")
        let destination = RecordingDestination(slowest: 50_000_000) // still writing when the bad row is read
        await #expect(throws: ImportError.self) {
            _ = try await ImportRunner().run(kind: .households, file: file, importedBy: "test", into: destination)
        }
        #expect(destination.stillRunning == 0)
    }

    @Test("Progress: each report comes after its batch is written, the counts only grow, and the last is every row")
    func progress() async throws {
        let rows = ImportRunner.batchSize * 5 + 77
        let destination = RecordingDestination()
        let seen = Mutex<[(reported: Int, written: Int)]>([])
        let runner = ImportRunner(progress: { n in
            let written = destination.batches.reduce(0) { $0 + $1.count }
            seen.withLock { $0.append((n, written)) }
        })
        _ = try await runner.run(kind: .households, file: try householdFile(rows: rows), importedBy: "test", into: destination)
        let reports = seen.withLock { $0 }
        #expect(reports.map(\.reported) == (1...5).map { $0 * ImportRunner.batchSize } + [rows])
        #expect(reports.allSatisfy { $0.written >= $0.reported })
    }

    @Test("Progress of a refused file counts only batches handed to the store before the bad row")
    func progressOfRefusal() async throws {
        let line = { (i: Int) in "0101901234;H\(i);2024-01-01;" }
        let before = (1...1500).map(line)
        let after = (1501...4000).map(line)
        let file = try tempFile(
            "cpr;husstand;fra;til\n" + (before + ["0101901234;H0;ikke en dato;"] + after).joined(separator: "\n") + "\n",
            name: "husstande-\(UUID().uuidString).csv")
        let seen = Mutex<[Int]>([])
        await #expect(throws: ImportError.self) {
            _ = try await ImportRunner(progress: { n in seen.withLock { $0.append(n) } })
                .run(kind: .households, file: file, importedBy: "test", into: RecordingDestination())
        }
        // The first batch (1.000 rows) went to the store; nothing after the bad row did.
        #expect(seen.withLock { $0 } == [ImportRunner.batchSize])
    }
}
