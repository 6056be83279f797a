import Foundation
import HjemtagCore

/// Key-value settings of the municipality (its code, where SDE income is booked, retention).
public protocol SettingsStore: Sendable {
    /// The setting's value, or nil when it was never set.
    func setting(_ key: String) async throws -> String?
    /// Sets a setting, replacing its earlier value.
    func setSetting(_ key: String, _ value: String) async throws
}

extension SettingsStore {
    /// The municipality the store belongs to (`hjemtag migrate --kommune 350`).
    public func ownMunicipality() async throws -> Kommune? {
        guard let code = try await setting("kommune") else { return nil }
        return Kommune.byCode(code)
    }
}
