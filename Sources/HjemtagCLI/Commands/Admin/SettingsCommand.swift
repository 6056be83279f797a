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
            "Nøgler: sde-indtaegtsfunktioner (funktioner hvor modtaget SDE-refusion bogføres), sde-objektivt-finansierede (funktioner med objektiv finansiering, BEK § 3 stk. 5), moms-momspligtige-funktioner (momspligtige aktiviteter med eget momsregnskab). Værdien er en kommasepareret liste af funktioner, fx 5.38.50,5.38.52. os2bos-planlagte-som-skoen ja|nej: forfaldne planlagte OS2bos-betalinger uden postering medregnes som skøn (standard nej)."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Nøglen.") var key: String
    @Argument(help: "Værdien.") var value: String

    func run() async throws {
        if key == PaymentMatchService.estimateKey {
            guard let on = ["ja": true, "nej": false][value.lowercased()] else {
                throw UserFacingError(message: "\(key) er ja eller nej, ikke '\(value)'")
            }
            try await withStore(global, migrated: true) { store in
                try await PaymentMatchService.setEstimates(on, in: store, by: cliUser, page: "hjemtag indstil")
                say("\(key) = \(on ? "ja" : "nej")")
            }
            return
        }
        guard let setting = FunctionListSetting(rawValue: key) else {
            throw UserFacingError(
                message:
                    "ukendt nøgle '\(key)'; brug \((FunctionListSetting.allCases.map(\.rawValue) + [PaymentMatchService.estimateKey]).sorted().joined(separator: " eller "))"
            )
        }
        let functions: [AccountFunction]
        do { functions = try FunctionListSetting.parse(value) } catch let e as SettingError { throw UserFacingError(message: e.description) }
        try await withStore(global, migrated: true) { store in
            try await setting.save(functions, in: store, by: cliUser, page: "hjemtag indstil")
            say("\(key) = \(functions.map(\.description).joined(separator: ", "))")
        }
    }
}
