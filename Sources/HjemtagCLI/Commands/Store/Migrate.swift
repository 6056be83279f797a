import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Synchronization

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Opretter eller opdaterer databasen og sætter hvilken kommune den tilhører.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Kommunens 3-cifrede kode (fx 350 for Lejre) eller navn.")
    var kommune: String?

    func run() async throws {
        try await withStore(global) { store in
            let applied = try await store.migrate()
            say(
                applied.isEmpty
                    ? "Databasen er opdateret (\(store.backendName))."
                    : "Migreringer kørt: \(applied.joined(separator: ", ")) (\(store.backendName)).")
            if let kommune {
                guard let k = Kommune.lookup(kommune) else {
                    throw UserFacingError(message: "'\(kommune)' er ikke en kommunekode eller et kommunenavn")
                }
                try await store.setSetting("kommune", k.codeText)
                say("Databasen tilhører \(k.name) Kommune (\(k.codeText)).")
            }
        }
    }
}
