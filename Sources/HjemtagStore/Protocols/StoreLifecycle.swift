import Foundation
import HjemtagCore

/// Opening concerns every store has: which database it is, its schema, and closing it.
public protocol StoreLifecycle: Sendable {
    /// `SQLite` or `PostgreSQL`, for status lines.
    var backendName: String { get }
    /// Runs the migrations not yet applied, each in its own transaction; returns their ids.
    func migrate() async throws -> [String]
    /// The ids of the migrations applied so far, in order; empty for a new database.
    func appliedMigrations() async throws -> [String]
    /// Closes the connection; the store is not used afterwards.
    func close() async throws
}
