import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct SDECommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sde",
        abstract: "Beregner refusion for særligt dyre enkeltsager for et år, gemmer resultat og fund.",
        discussion: "Serviceloven § 176, barnets lov § 198, BEK om den centrale refusionsordning §§ 3, 5, 6. Se docs/rules/sde.md.")

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("year"), help: "Regnskabsåret.") var year: Int
    @Flag(help: "Skriv JSON.") var json = false
    @Flag(help: "Medtag emner uden refusion.") var all = false
    @Option(help: "Skriv emnelisten som CSV (dansk format).") var csv: String?
    @Option(help: "Skriv emner, måneder, fund og parametre som XLSX.") var xlsx: String?

    func run() async throws {
        try await withStore(global) { store in
            let (run, subjects, findings) = try await SDEService(store: store).run(year: year, by: cliUser)
            let shown = all ? subjects : subjects.filter { $0.refund != .zero }
            if json {
                say(try JSONOutput.encode(SDEJSON(run: run, subjects: shown)))
            } else {
                say(
                    "SDE \(year): refusion \(run.totalRefund.danishKroner) for \(DanishFormat.count(shown.filter { $0.refund != .zero }.count, "emne", "emner")) (nettoudgift i alt \(run.totalEligible.danishKroner))."
                )
                let table = TextTable(columns: ["#", "Emne", "Type", "Nettoudgift", "Refusion", "Bogført", "Forskel"])
                for (i, s) in shown.prefix(all ? shown.count : 25).enumerated() {
                    table.add([
                        String(i + 1), SDEText.subjectLabel(s), s.kind == "household" ? "husstand" : "borger",
                        s.eligible.danish, s.refund.danish, s.claimed.danish, (s.refund - s.claimed).danish,
                    ])
                }
                say(table.render(rightAligned: [0, 3, 4, 5, 6]))
                if !all && shown.count > 25 { say("… \(shown.count - 25) emner mere (brug --all, --csv eller --xlsx)") }
                say(
                    "Fordelt på trin: "
                        + run.tierRefunds.sorted { $0.key < $1.key }.map { "\($0.key) %: \($0.value.danishKroner)" }.joined(separator: "; "))
                say("Fund: \(findings.count) (se: hjemtag fund --ordning sde --aar \(year))")
            }
            if csv != nil || xlsx != nil {
                let sheets = SDEExport.sheets(run: run, subjects: subjects, findings: findings)
                if let csv {
                    try DanishCSV.write(sheets[0], to: URL(fileURLWithPath: csv))
                    if !json { say("CSV skrevet: \(csv)") }
                }
                if let xlsx {
                    try XLSXWriter.write(sheets, to: URL(fileURLWithPath: xlsx))
                    if !json { say("XLSX skrevet: \(xlsx)") }
                }
                try await store.appendAudit(
                    username: cliUser, action: .export, cpr: nil, page: "hjemtag sde --year \(year)",
                    purpose: "eksport af \(subjects.count) SDE-emner med CPR")
            }
        }
    }
}

/// The JSON shape of `hjemtag sde --json` (issue: amounts as strings with two decimals).
struct SDEJSON: Encodable {
    struct Subject: Encodable {
        var cprs: [String]
        var kind: String
        var eligible: Money
        var refund: Money
        var claimed: Money
        var months: [MonthJSON]
    }
    struct MonthJSON: Encodable {
        var month: String
        var eligible: Money
        var refund: Money
    }

    var year: Int
    var total_refund: Money
    var total_eligible: Money
    var subjects: [Subject]
    var tiers: [String: Money]

    init(run: StoredSDERun, subjects: [StoredSDESubject]) {
        year = run.year
        total_refund = run.totalRefund
        total_eligible = run.totalEligible
        tiers = run.tierRefunds
        self.subjects = subjects.map { s in
            Subject(
                cprs: s.cprs.map(\.digits).sorted(), kind: s.kind, eligible: s.eligible, refund: s.refund, claimed: s.claimed,
                months: s.months.map { MonthJSON(month: $0.month.description, eligible: $0.eligible, refund: $0.refund) })
        }
    }
}

enum SDEText {
    static func subjectLabel(_ s: StoredSDESubject) -> String {
        s.kind == "household"
            ? "husstand \(s.key.dropFirst("husstand:".count)) (\(s.cprs.map(\.masked).joined(separator: ", ")))"
            : (s.cprs.first?.masked ?? s.key)
    }
}
