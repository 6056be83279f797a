import Foundation
import HjemtagCore

/// Reads a file of a kind with every check an import makes (encoding, header, each row, the
/// message naming file, line and column) but keeps the records instead of storing them: for a
/// file a command computes from without saving it (`hjemtag scenarie FIL`).
public enum FileReading {
    public static func scenarioCases(_ file: URL, displayName: String? = nil) async throws -> [ScenarioCase] {
        let collected = Collecting()
        _ = try await ImportRunner().run(kind: .scenarioCases, file: file, importedBy: "", into: collected, displayName: displayName)
        return collected.batches.flatMap { batch -> [ScenarioCase] in
            if case .scenarioCases(let cases) = batch { return cases }
            return []
        }
    }

    /// A destination that only keeps what it is given, in order.
    final class Collecting: ImportDestination, @unchecked Sendable {
        private let lock = NSLock()
        private var written: [RecordBatch] = []
        var batches: [RecordBatch] { lock.withLock { written } }

        func findImport(sha256: String) async throws -> ImportSummary? { nil }

        func performImport(meta: ImportMeta, file: URL, _ body: @Sendable (any ImportWriter) async throws -> Int) async throws -> ImportSummary {
            let count = try await body(Writer(owner: self))
            return ImportSummary(
                id: 0, kind: meta.kind.rawValue, fileName: meta.fileName, sha256: meta.fingerprint.sha256, size: 0, rowCount: count,
                importedBy: meta.importedBy, importedAt: "", encoding: meta.fingerprint.encoding.rawValue)
        }

        struct Writer: ImportWriter {
            let owner: Collecting
            func write(_ batch: RecordBatch, rows: [RowOrigin]) async throws { owner.lock.withLock { owner.written.append(batch) } }
        }
    }
}
