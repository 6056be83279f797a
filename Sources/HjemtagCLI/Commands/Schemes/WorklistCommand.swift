import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore

/// `hjemtag arbejdsliste`: the start page's worklist in the terminal.
struct WorklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "arbejdsliste",
        abstract: "Dagens arbejde: penge at hente og betale tilbage, nye fund, frister, forældede resultater, manglende satser.")
    @OptionGroup var global: GlobalOptions
    @Option(help: "Dagen frister regnes fra (ÅÅÅÅ-MM-DD); standard i dag.") var dato: String?
    @Flag(help: "Skriv JSON.") var json = false

    func run() async throws {
        let today = try judgementDay(dato)
        let w = try await withStore(global, migrated: true) { try await WorklistService(store: $0).worklist(today: today) }
        if json {
            say(try JSONOutput.encode(w))
            return
        }
        say("Arbejdsliste \(today.danish)")
        let money = TextTable(columns: ["Ordning", "Kan hjemtages", "Skal betales tilbage", "Fund"])
        for m in w.ordninger { money.add([m.titel, m.kan_hjemtages.danish, m.skal_betales_tilbage.danish, DanishFormat.integer(m.fund)]) }
        say(money.render(rightAligned: [1, 2, 3]))
        say(
            "Mellemkommunale krav: \(DanishFormat.count(w.krav.inden_30_dage, "krav", "krav")) med frist inden 30 dage (\(w.krav.inden_30_dage_beloeb.danishKroner)), "
                + "\(w.krav.inden_90_dage) inden 90 dage (\(w.krav.inden_90_dage_beloeb.danishKroner)); allerede forældet \(w.krav.foraeldet.danishKroner)"
        )
        if !w.siden_sidste_koersel.isEmpty {
            say("Nyt og ændret siden robottens seneste kørsel:")
            for f in w.siden_sidste_koersel.prefix(10) { say("  \(f.hvad) \(f.ordning) \(f.aar): \(f.beloeb.danishKroner) – \(f.tekst)") }
        }
        for s in w.foraeldede_resultater { say("Ændret siden beregningen: \(s)") }
        for m in w.manglende_parametre.prefix(10) { say("Mangler: \(m)") }
        if w.manglende_parametre.count > 10 { say("  og \(w.manglende_parametre.count - 10) flere: hjemtag parametre tjek") }
        for d in w.frister { say("Frist \(d.dato.danish): \(d.tekst)") }
        say("Robotten: " + (w.robot ?? "har ikke kørt endnu"))
        for r in w.afviste_filer { say("  afvist: \(r)") }
        for m in w.manglende_filer { say("Mangler: \(m)") }
    }
}
