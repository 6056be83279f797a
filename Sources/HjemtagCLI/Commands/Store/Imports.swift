import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Synchronization

struct Imports: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Lister de arkiverede importer.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Skriv JSON.") var json = false

    func run() async throws {
        try await withStore(global) { store in
            let list = try await store.imports()
            if json {
                say(try JSONOutput.encode(list))
                return
            }
            if list.isEmpty {
                say("Ingen importer endnu.")
                return
            }
            // The first and last day the rows carry: the SDE and staircase years the import can change (decision 0014).
            let table = TextTable(columns: [
                "Nr.", "Type", "Fil", "Rækker", "Størrelse", "Rækkernes dage", "Tegnsæt", "Af", "Tidspunkt", "SHA-256",
            ])
            for i in list {
                table.add([
                    String(i.id), i.kind, i.fileName, DanishFormat.integer(i.rowCount), DanishFormat.bytes(i.size), i.days?.description ?? "",
                    i.encoding, i.importedBy, i.importedAt, String(i.sha256.prefix(12)) + "…",
                ])
            }
            say(table.render(rightAligned: [0, 3, 4]))
        }
    }
}
