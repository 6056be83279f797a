import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct ResultGrantCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resultattilskud",
        abstract: "Resultattilskud: job, uddannelser og danskprøver der giver tilskud, og om de er hjemtaget.",
        discussion: "Integrationsloven § 45; BEK om statsrefusion og tilskud §§ 11-12. Se docs/rules/resultattilskud.md.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Skriv JSON.") var json = false
    @Option(help: "Skriv resultaterne som XLSX.") var xlsx: String?
    @Option(help: "Dagen der vurderes på (standard: i dag).") var dato: String?

    func run() async throws {
        let today = try judgementDay(dato)
        try await withStore(global) { store in
            let persons = try await ResultGrantService(store: store).run(by: cliUser, today: today)
            if json {
                say(try JSONOutput.encode(persons.map(ResultGrantJSON.init)))
            } else {
                let all = persons.flatMap(\.assessments)
                let sum = { (o: GrantAssessment.Outcome) in all.filter { $0.outcome == o }.reduce(Money.zero) { $0 + $1.amount } }
                say(
                    "Resultattilskud: \(persons.count) personer; optjent \(sum(.earned).danishKroner), heraf ikke fundet i regnskabet \(persons.reduce(Money.zero) { $0 + $1.unclaimed }.danishKroner); "
                        + "optjenes senere \(sum(.pending).danishKroner); \(all.filter { $0.outcome == .lost }.count) resultater giver ikke tilskud.")
                let t = TextTable(columns: ["Borger", "Hændelse", "Start", "Trin", "Status", "Beløb", "Begrundelse"])
                for p in persons {
                    for a in p.assessments {
                        t.add([
                            p.cpr.masked, a.kind.rawValue, a.start.danish, a.tier?.danishName ?? "", a.outcome.rawValue, a.amount.danish, a.reason,
                        ])
                    }
                }
                say(t.render(rightAligned: [5]))
            }
            let missing = Set(persons.flatMap(\.missingRates)).sorted()
            defer { for m in missing { complain("fejl: " + m) } }
            if let xlsx {
                try XLSXWriter.write(
                    [ResultGrantExport.sheet(persons.map { ($0.cpr, $0.programStart, $0.claimed, $0.assessments) })], to: URL(fileURLWithPath: xlsx))
                try await store.appendAudit(
                    username: cliUser, action: .export, cpr: nil, page: "hjemtag resultattilskud --xlsx",
                    purpose: "eksport af \(persons.count) personer med CPR")
                if !json { say("XLSX skrevet: \(xlsx)") }
            }
            if !missing.isEmpty { throw ExitCode(1) }
        }
    }
}

struct ResultGrantJSON: Encodable {
    struct Result: Encodable {
        var haendelse: String
        var start: Day
        var trin: String?
        var status: String
        var optjent_den: Day?
        var beloeb: Money
        var begrundelse: String
        var kilde: String?
    }
    var cpr: String
    var programstart: Day
    var vindue_slut: Day
    var optjent: Money
    var modtaget: Money
    var ikke_hjemtaget: Money
    var resultater: [Result]
    init(_ p: ResultGrantPerson) {
        cpr = p.cpr.digits
        programstart = p.programStart
        vindue_slut = p.windowEnd
        optjent = p.earned
        modtaget = p.claimed
        ikke_hjemtaget = p.unclaimed
        resultater = p.assessments.map {
            Result(
                haendelse: $0.kind.rawValue, start: $0.start, trin: $0.tier?.rawValue, status: $0.outcome.rawValue, optjent_den: $0.earnedOn,
                beloeb: $0.amount, begrundelse: $0.reason, kilde: $0.parameter?.source)
        }
    }
}
