import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct SettingsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "indstil",
        abstract: "Sætter kommunens indstillinger for ordningerne.",
        discussion:
            "Nøgler: sde-indtaegtsfunktioner (funktioner hvor modtaget SDE-refusion bogføres), sde-objektivt-finansierede (funktioner med objektiv finansiering, BEK § 3 stk. 5), moms-momspligtige-funktioner (momspligtige aktiviteter med eget momsregnskab). Værdien er en kommasepareret liste af funktioner, fx 5.38.50,5.38.52."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Nøglen.") var key: String
    @Argument(help: "Værdien.") var value: String

    static let keys = [
        "sde-indtaegtsfunktioner": SDEService.incomeFunctionsSetting,
        "sde-objektivt-finansierede": SDEService.objectivelyFinancedSetting,
        "moms-momspligtige-funktioner": VATService.vatLiableSetting,
    ]

    func run() async throws {
        guard let setting = SettingsCommand.keys[key] else {
            throw UserFacingError(message: "ukendt nøgle '\(key)'; brug \(SettingsCommand.keys.keys.sorted().joined(separator: " eller "))")
        }
        let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let functions = items.compactMap(AccountFunction.init(parsing:))
        guard functions.count == items.count else {
            throw UserFacingError(message: "'\(value)' er ikke en liste af kontoplanfunktioner (fx 5.38.50,5.38.52)")
        }
        try await withStore(global, migrated: true) { store in
            try await store.setSetting(setting, functions.map(\.description).joined(separator: ","))
            say("\(key) = \(functions.map(\.description).joined(separator: ", "))")
        }
    }
}
