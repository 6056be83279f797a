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
    /// Runs `body` as one view of the store (a page): what says whether the data or the rates
    /// under a result have changed (settings, parameter entries, imports, computations) is checked
    /// once, not at every read of it. A write through the store inside ends the view's check, so
    /// the body reads what it wrote.
    func oneView<T: Sendable>(_ body: () async throws -> T) async throws -> T
    /// The version of what every computation reads (the settings, the parameter entries, the
    /// imports and so their rows, the computations, the payment matches): the database moves it at
    /// every write to them, whoever writes (decision 0012), so what is made from them may be kept
    /// while it stays. Nil inside a write, whose reads may be rolled back.
    func inputsVersion() async throws -> Int64?
}
