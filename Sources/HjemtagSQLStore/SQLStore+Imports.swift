import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func findImport(sha256: String) async throws -> ImportSummary? {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT \(unsafeRaw: SQLStore.importColumns) FROM imports WHERE sha256 = \(bind: sha256)").first.map {
                try SQLStore.summary(StoredRow($0, table: "imports"))
            }
        }
    }

    public func imports() async throws -> [ImportSummary] {
        try await requireMigrated()
        return try await reading { try await keptImports() }
    }

    /// The imports' list as kept at the inputs' version, inside `reading`.
    func keptImports() async throws -> [ImportSummary] {
        try await keptInput(importsKept) {
            try await rows("SELECT \(unsafeRaw: SQLStore.importColumns) FROM imports ORDER BY id", table: "imports", SQLStore.summary)
        }
    }

    public func archivedFile(importID: Int) async throws -> Data? {
        try await reading {
            guard let row = try await rows("SELECT content, content_encoding FROM imports WHERE id = \(bind: importID)").first else { return nil }
            let content = try row.decode(column: "content", as: Data.self)
            switch try row.decode(column: "content_encoding", as: String?.self) {
            case nil: return content
            case ArchivedFile.deflate?: return content.isEmpty ? content : try ArchivedFile.inflate(content)
            case let other?:
                throw ImportError.unreadable(file: "import \(importID)", reason: "arkivet er gemt som '\(other)', som denne version ikke kan læse")
            }
        }
    }

    static let importColumns = "id, kind, file_name, sha256, size, row_count, imported_by, imported_at, encoding, first_day, last_day"

    static func summary(_ row: StoredRow) throws -> ImportSummary {
        ImportSummary(
            id: try row.int("id"), kind: try row.text("kind"), fileName: try row.text("file_name"), sha256: try row.text("sha256"),
            size: try row.int("size"), rowCount: try row.int("row_count"), importedBy: try row.text("imported_by"),
            importedAt: try row.text("imported_at"), encoding: try row.text("encoding"),
            days: try row.optionalDay("first_day").flatMap { first in try row.optionalDay("last_day").flatMap { DateRange.checked(first, $0) } })
    }

    /// The import's transaction; after it, whichever way it ended, the SQLite writer's cache is at
    /// its usual size again (an import that keeps a table's indexes row by row raises it,
    /// `WriterCache`), in the writer's turn so no other write is between.
    func importTransaction<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        guard isSQLite else { return try await transaction(body) }
        let result: Result<T, any Error>
        do { result = .success(try await transaction(body)) } catch { result = .failure(error) }
        try? await locked { try await db.raw(WriterCache.pragma(kib: WriterCache.usualKiB)).run() }
        return try result.get()
    }

    public func performImport(
        meta: ImportMeta, file: URL,
        _ body: @Sendable (any ImportWriter) async throws -> Int
    ) async throws -> ImportSummary {
        try await requireMigrated()
        // Deflated beside the import, on the core the parser leaves free; stored with the rows.
        let archive = ArchivedFile.Job(file)
        defer { archive.cancel() }
        return try await importTransaction {
            let inserted = try await rows(
                """
                INSERT INTO imports (kind, file_name, sha256, size, row_count, imported_by, imported_at, encoding, separator, content, content_encoding)
                VALUES (\(bind: meta.kind.rawValue), \(bind: meta.fileName), \(bind: meta.fingerprint.sha256), \(bind: meta.fingerprint.size),
                        0, \(bind: meta.importedBy), \(bind: SQLStore.now()), \(bind: meta.fingerprint.encoding.rawValue),
                        \(bind: meta.separator), \(bind: Data()), \(bind: ArchivedFile.deflate))
                RETURNING id
                """)
            let id = try inserted[0].decode(column: "id", as: Int.self)
            let sdeSums = try await sdeSumsTaking(meta)
            let writer = BatchWriter(
                db: db, sqlite: sqliteConnection, postgres: postgresConnection, importID: id, expectedBytes: Int(meta.fingerprint.size),
                sdeSums: sdeSums)
            defer { writer.close() }
            let count = try await body(writer)
            try await writer.finish()
            // Each krone counts once: rows already stored are refused, unless the user said why
            // they come again; then the reason is kept with the import and in the audit log.
            let (duplicates, total) = try await writer.duplicates(limit: ImportRunner.problemListLimit)
            if total > 0 {
                guard let reason = meta.duplicatesReason else { throw ImportError.duplicateRows(file: meta.fileName, duplicates, total: total) }
                try await db.raw("UPDATE imports SET duplicates_reason = \(bind: reason) WHERE id = \(bind: id)").run()
                try await insertAudit(
                    meta.importedBy, .importDuplicates, page: "import nr. \(id)",
                    purpose:
                        "\(meta.fileName): \(DanishFormat.count(total, "række", "rækker")) findes allerede og er importeret igen; begrundelse: \(reason)"
                )
            }
            if let sdeSums { try await keep(sdeSums, importID: id) }
            try await db.raw("UPDATE imports SET row_count = \(bind: count), content = \(bind: try await archive.value) WHERE id = \(bind: id)").run()
            try await insertAudit(
                meta.importedBy, .importFile, page: "import nr. \(id)",
                purpose:
                    "\(meta.kind.rawValue): \(meta.fileName), \(DanishFormat.count(count, "række", "rækker"))"
                    + (meta.mappingName.map { ", læst med kortlægningen \($0)" } ?? ""))
            return try SQLStore.summary(
                StoredRow(try await rows("SELECT \(unsafeRaw: SQLStore.importColumns) FROM imports WHERE id = \(bind: id)")[0], table: "imports"))
        }
    }
}
