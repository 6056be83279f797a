import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func mappings() async throws -> [StoredMapping] {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT name, definition, saved_by, saved_at FROM column_mappings ORDER BY name").map { row in
                let r = StoredRow(row, table: "column_mappings")
                let json = try r.text("definition")
                guard let m = try? ColumnMapping.decode(json) else {
                    throw StoreError.unreadableRow(
                        table: "column_mappings", row: try r.text("name"), column: "definition", reason: "er ikke en kortlægning")
                }
                return StoredMapping(mapping: m, savedBy: try r.text("saved_by"), savedAt: try r.text("saved_at"))
            }
        }
    }

    public func mapping(named name: String) async throws -> ColumnMapping? {
        try await mappings().first { $0.mapping.name == name }?.mapping
    }

    public func saveMapping(_ mapping: ColumnMapping, by user: String, page: String) async throws {
        try await requireMigrated()
        let json = try mapping.encoded()
        try await transaction {
            let existed = try await !rows("SELECT name FROM column_mappings WHERE name = \(bind: mapping.name)").isEmpty
            try await db.raw("DELETE FROM column_mappings WHERE name = \(bind: mapping.name)").run()
            try await db.raw(
                """
                INSERT INTO column_mappings (name, definition, saved_by, saved_at)
                VALUES (\(bind: mapping.name), \(bind: json), \(bind: user), \(bind: SQLStore.now()))
                """
            ).run()
            try await insertAudit(user, .setting, page: page, purpose: "kortlægning \(mapping.name) \(existed ? "rettet" : "gemt"): \(json)")
        }
    }

    public func deleteMapping(named name: String, by user: String, page: String) async throws -> Bool {
        try await requireMigrated()
        return try await transaction {
            guard try await !rows("SELECT name FROM column_mappings WHERE name = \(bind: name)").isEmpty else { return false }
            try await db.raw("DELETE FROM column_mappings WHERE name = \(bind: name)").run()
            try await insertAudit(user, .setting, page: page, purpose: "kortlægning \(name) slettet")
            return true
        }
    }
}
