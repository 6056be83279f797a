import Foundation
import HjemtagStore
import SQLKit

extension SQLStore {
    public func setting(_ key: String) async throws -> String? {
        try await requireMigrated()
        // All of them, kept at the inputs' version: a page reads a dozen settings.
        return try await reading { try await keptSettings()[key] }
    }

    public func setSetting(_ key: String, _ value: String) async throws {
        try await requireMigrated()
        try await transaction {
            try await db.raw("DELETE FROM settings WHERE key = \(bind: key)").run()
            try await db.raw("INSERT INTO settings (key, value) VALUES (\(bind: key), \(bind: value))").run()
        }
    }
}
