import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct VATCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "moms",
        abstract: "Momsrefusion: moms der kunne hjemtages og ikke er, og refusion taget hvor den ikke må.",
        discussion:
            "Lov 497/2006; BEK 891/2025 § 1; positivlisten (hjemtag import positivliste) og momsregistrerede leverandører (hjemtag import momsregistrering). Se docs/rules/moms.md."
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Skriv JSON.") var json = false
    @Option(help: "Skriv rettelsesjournalen som CSV, som økonomisystemet kan bogføre.") var journal: String?
    @Option(help: "Skriv fund og journal som XLSX.") var xlsx: String?
    @Option(help: "Dagen forældelsen regnes fra (standard: i dag).") var dato: String?

    func run() async throws {
        let today = try judgementDay(dato)
        try await withStore(global) { store in
            let found = try await VATService(store: store).run(by: cliUser, today: today)
            let sum = { (d: Finding.Direction) in found.filter { $0.direction == d }.reduce(Money.zero) { $0 + $1.amount } }
            if json {
                say(try JSONOutput.encode(found.map(VATJSON.init)))
            } else {
                say(
                    "Momsrefusion: \(found.count) fund; kan hjemtages \(sum(.claim).danishKroner), skal betales tilbage \(sum(.payBack).danishKroner), bør undersøges \(found.filter { $0.direction == .check }.count)."
                )
                let t = TextTable(columns: ["Regel", "Antal", "Beløb"])
                for rule in VATRule.allCases {
                    let r = found.filter { $0.rule == rule }
                    if !r.isEmpty { t.add(["\(rule.rawValue) \(rule.danishText)", String(r.count), r.reduce(Money.zero) { $0 + $1.amount }.danish]) }
                }
                say(t.render(rightAligned: [1, 2]))
            }
            if let journal {
                try DanishCSV.write(VATExport.journal(found), to: URL(fileURLWithPath: journal))
                if !json { say("Rettelsesjournal skrevet: \(journal)") }
            }
            if let xlsx {
                try XLSXWriter.write([VATExport.findings(found), VATExport.journal(found)], to: URL(fileURLWithPath: xlsx))
                if !json { say("XLSX skrevet: \(xlsx)") }
            }
        }
    }
}

struct VATJSON: Encodable {
    var regel: String
    var bilag: String?
    var linje: Int
    var dato: Day
    var funktion: String
    var art: String?
    var cvr: String?
    var beloeb: Money
    var retning: String
    var tekst: String
    var kilde: String
    var art_til: String?
    var momskode_til: String?
    init(_ f: VATFinding) {
        regel = f.rule.rawValue
        bilag = f.posting.voucher
        linje = f.posting.line
        dato = f.posting.date
        funktion = f.posting.function.description
        art = f.posting.art
        cvr = f.posting.cvr
        beloeb = f.amount
        retning = f.direction.rawValue
        tekst = f.text
        kilde = f.rule.source
        art_til = f.correctArt
        momskode_til = f.correctCode
    }
}
