import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Synchronization

struct Status: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Viser databasen, kommunen og hvad der er indlæst.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        try await withStore(global) { store in
            let migrations = try await store.appliedMigrations()
            say(
                "Database: \(store.backendName) (\(store.backendName == "SQLite" ? global.location : global.schemaName.map { "PostgreSQL-server, skemaet \($0)" } ?? "PostgreSQL-server"))"
            )
            guard !migrations.isEmpty else {
                say("Databasen er ikke oprettet. Kør: hjemtag migrate --kommune KODE")
                return
            }
            say("Migreringer: \(migrations.count) (\(migrations.last!))")
            if let k = try await store.ownMunicipality() {
                say("Kommune: \(k.name) Kommune (\(k.codeText))")
            } else {
                say("Kommune: ikke sat. Kør: hjemtag migrate --kommune KODE")
            }
            let imports = try await store.imports()
            say("Importer: \(imports.count); posteringer: \(DanishFormat.integer(try await store.postingCount()))")
            say("Brugere: \(try await store.users().count)")
            let computations = try await store.computations()
            let stale = try await ComputationLedger(store: store).stale()
            for c in computations {
                let name = c.scheme.title + (c.year.map { " \($0)" } ?? "")
                if let s = stale.first(where: { $0.computation == c }) {
                    say("Beregning \(name): \(s.notice)")
                } else {
                    say("Beregning \(name): \(DanishFormat.timestamp(c.computedAt)) af \(c.computedBy), aktuel")
                }
            }
        }
    }
}
