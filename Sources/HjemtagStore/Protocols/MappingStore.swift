import Foundation
import HjemtagCore
import HjemtagImport

/// A saved column mapping, with who saved it and when.
public struct StoredMapping: Sendable, Hashable {
    public var mapping: ColumnMapping
    public var savedBy: String
    public var savedAt: String
    public init(mapping: ColumnMapping, savedBy: String, savedAt: String) {
        self.mapping = mapping
        self.savedBy = savedBy
        self.savedAt = savedAt
    }
}

/// The municipality's saved column mappings for ledger extracts (`ColumnMapping`): data in the
/// store, each save and deletion written to the audit log in the same transaction.
public protocol MappingStore: Sendable {
    func mappings() async throws -> [StoredMapping]
    func mapping(named name: String) async throws -> ColumnMapping?
    /// Saves a mapping under its name, replacing one of that name.
    func saveMapping(_ mapping: ColumnMapping, by user: String, page: String) async throws
    /// Deletes a mapping; false when there is none of that name.
    func deleteMapping(named name: String, by user: String, page: String) async throws -> Bool
}
