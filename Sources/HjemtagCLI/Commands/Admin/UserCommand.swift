import ArgumentParser
import Foundation
import HjemtagStore
import HummingbirdBcrypt

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bruger",
        abstract: "Administrerer brugere af webapplikationen.", subcommands: [Opret.self, Liste.self])

    static let minimumPasswordLength = 12

    struct Opret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opret",
            abstract: "Opretter en bruger. Uden --adgangskode dannes en tilfældig, som skrives én gang.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Brugernavn.") var brugernavn: String
        @Option(help: "Rolle: administrator, økonomi, sagsbehandler eller revisor.") var rolle: String
        @Option(help: "Forvaltning(er) for en sagsbehandler, fx SOF (kan gentages).") var forvaltning: [String] = []
        @Option(help: "Adgangskode (mindst 12 tegn). Også HJEMTAG_ADGANGSKODE.") var adgangskode: String?

        func run() async throws {
            guard let role = Role(parsing: rolle) else {
                throw UserFacingError(message: "ukendt rolle '\(rolle)'; vælg administrator, økonomi, sagsbehandler eller revisor")
            }
            if role == .sagsbehandler && forvaltning.isEmpty {
                throw UserFacingError(message: "en sagsbehandler skal have mindst én --forvaltning")
            }
            let given = adgangskode ?? ProcessInfo.processInfo.environment["HJEMTAG_ADGANGSKODE"]
            let password = given ?? Password.random()
            guard password.count >= UserCommand.minimumPasswordLength else {
                throw UserFacingError(message: "adgangskoden skal have mindst \(UserCommand.minimumPasswordLength) tegn")
            }
            try await withStore(global, migrated: true) { store in
                let user = try await store.createUser(
                    username: brugernavn, passwordHash: Bcrypt.hash(password, cost: 10),
                    role: role, departments: forvaltning)
                say("Brugeren '\(user.username)' er oprettet med rollen \(role.danishName).")
                if given == nil { say("Adgangskode (vises kun nu): \(password)") }
            }
        }
    }

    struct Liste: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Lister brugerne.")
        @OptionGroup var global: GlobalOptions

        func run() async throws {
            try await withStore(global) { store in
                let table = TextTable(columns: ["Brugernavn", "Rolle", "Forvaltninger", "Aktiv"])
                for u in try await store.users() {
                    table.add([u.username, u.role.danishName, u.departments.joined(separator: ", "), u.active ? "ja" : "nej"])
                }
                say(table.render())
            }
        }
    }
}

enum Password {
    /// 16 characters from an alphabet without look-alikes.
    static func random() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        var rng = SystemRandomNumberGenerator()
        return String((0..<16).map { _ in alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))] })
    }
}
