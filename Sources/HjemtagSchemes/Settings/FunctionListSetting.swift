import Foundation
import HjemtagCore
import HjemtagStore

/// The municipality's settings that are lists of account functions: what `hjemtag indstil` and
/// the web's settings page set, by the same names and with the same check.
public enum FunctionListSetting: String, CaseIterable, Sendable {
    case sdeIncomeFunctions = "sde-indtaegtsfunktioner"
    case sdeObjectivelyFinanced = "sde-objektivt-finansierede"
    case vatLiableFunctions = "moms-momspligtige-funktioner"

    /// Where the store keeps it.
    public var storeKey: String {
        switch self {
        case .sdeIncomeFunctions: return SDEService.incomeFunctionsSetting
        case .sdeObjectivelyFinanced: return SDEService.objectivelyFinancedSetting
        case .vatLiableFunctions: return VATService.vatLiableSetting
        }
    }

    /// What it means, in Danish, for the settings page and the CLI's help.
    public var explanation: String {
        switch self {
        case .sdeIncomeFunctions: return "Funktioner, hvor modtaget SDE-refusion bogføres (de tælles ikke som udgift)."
        case .sdeObjectivelyFinanced: return "Funktioner med objektiv finansiering; de indgår ikke i SDE (BEK § 3, stk. 5)."
        case .vatLiableFunctions: return "Momspligtige aktiviteter med eget momsregnskab; deres moms hører ikke til refusionsordningen."
        }
    }

    /// The functions of a comma-separated list (`5.38.50, 5.38.52`), in the stored form; an item
    /// that is not a function is an error that names it.
    public static func parse(_ text: String) throws -> [AccountFunction] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return try items.map { item in
            guard let f = AccountFunction(parsing: item) else { throw SettingError.notAFunction(item) }
            return f
        }
    }

    public func current(in store: any Store) async throws -> [AccountFunction] {
        (try await store.setting(storeKey) ?? "").split(separator: ",").compactMap { AccountFunction(parsing: String($0)) }
    }

    /// Stores the list and writes it to the audit log, for the CLI and the web alike.
    public func save(_ functions: [AccountFunction], in store: any Store, by user: String, page: String) async throws {
        let value = functions.map(\.description).joined(separator: ",")
        try await store.setSetting(storeKey, value)
        try await store.appendAudit(username: user, action: .setting, cpr: nil, page: page, purpose: "\(rawValue) = \(value)")
    }
}

public enum SettingError: Error, CustomStringConvertible, Sendable, Equatable {
    case notAFunction(String)

    public var description: String {
        switch self {
        case .notAFunction(let item): return "»\(item)« er ikke en kontoplanfunktion; skriv fx 5.38.50,5.38.52"
        }
    }
}
