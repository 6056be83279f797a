import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagStore
import HummingbirdBcrypt

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bruger",
        abstract: "Administrerer brugere af webapplikationen.", subcommands: [Opret.self, Liste.self, Email.self, Deaktiver.self, Aktiver.self])

    struct Opret: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "opret",
            abstract: "Opretter en bruger. Uden --adgangskode dannes en tilfældig, som skrives én gang.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Brugernavn.") var brugernavn: String
        @Option(help: "Rolle: administrator, økonomi, sagsbehandler eller revisor.") var rolle: String
        @Option(help: "Forvaltning(er) for en sagsbehandler, fx SOF (kan gentages).") var forvaltning: [String] = []
        @Option(help: "Adgangskode (mindst 12 tegn). Også HJEMTAG_ADGANGSKODE.") var adgangskode: String?
        @Option(help: "E-mailadresse til robottens daglige sammendrag.") var email: String?

        func run() async throws {
            if let email, let problem = EmailAddress.problem(email) { throw UserFacingError(message: problem) }
            guard let role = Role(parsing: rolle) else {
                throw UserFacingError(message: "ukendt rolle '\(rolle)'; vælg administrator, økonomi, sagsbehandler eller revisor")
            }
            if role == .sagsbehandler && forvaltning.isEmpty {
                throw UserFacingError(message: "en sagsbehandler skal have mindst én --forvaltning")
            }
            let given = adgangskode ?? ProcessInfo.processInfo.environment["HJEMTAG_ADGANGSKODE"]
            let password = given ?? Password.random()
            guard password.count >= Password.minimumLength else {
                throw UserFacingError(message: "adgangskoden skal have mindst \(Password.minimumLength) tegn")
            }
            try await withStore(global, migrated: true) { store in
                let user = try await store.createUser(
                    username: brugernavn, passwordHash: Bcrypt.hash(password, cost: Password.hashCost),
                    role: role, departments: forvaltning)
                if let email { try await store.updateUser(user.username, UserChange(email: .some(email)), by: cliUser) }
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
                let table = TextTable(columns: ["Brugernavn", "Rolle", "Forvaltninger", "E-mail", "Aktiv"])
                for u in try await store.users() {
                    table.add([u.username, u.role.danishName, u.departments.joined(separator: ", "), u.email ?? "", u.active ? "ja" : "nej"])
                }
                say(table.render())
            }
        }
    }
}

extension UserCommand {
    struct Email: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "email", abstract: "Sætter (eller fjerner, med --ingen) brugerens e-mailadresse til det daglige sammendrag.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Brugernavn.") var brugernavn: String
        @Argument(help: "E-mailadresse.") var adresse: String?
        @Flag(help: "Fjern adressen: brugeren får ikke længere sammendraget.") var ingen = false

        func run() async throws {
            guard ingen || adresse != nil else { throw UserFacingError(message: "angiv en e-mailadresse eller --ingen") }
            try await withStore(global, migrated: true) { store in
                try await store.updateUser(brugernavn, UserChange(email: .some(ingen ? nil : adresse)), by: cliUser)
                say(ingen ? "'\(brugernavn)' får ikke længere sammendraget." : "'\(brugernavn)' får sammendraget på \(adresse ?? "").")
            }
        }
    }

    struct Deaktiver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "deaktiver", abstract: "Deaktiverer en bruger: kan ikke logge ind og får ingen e-mail.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Brugernavn.") var brugernavn: String

        func run() async throws {
            try await withStore(global, migrated: true) { try await $0.updateUser(brugernavn, UserChange(active: false), by: cliUser) }
            say("'\(brugernavn)' er deaktiveret.")
        }
    }

    struct Aktiver: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "aktiver", abstract: "Aktiverer en deaktiveret bruger igen.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Brugernavn.") var brugernavn: String

        func run() async throws {
            try await withStore(global, migrated: true) { try await $0.updateUser(brugernavn, UserChange(active: true), by: cliUser) }
            say("'\(brugernavn)' er aktiveret.")
        }
    }
}
