import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
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
                say("SDE \(year): refusion \(run.totalRefund.danishKroner) for \(shown.filter { $0.refund != .zero }.count) emner (nettoudgift i alt \(run.totalEligible.danishKroner)).")
                let table = TextTable(columns: ["#", "Emne", "Type", "Nettoudgift", "Refusion", "Bogført", "Forskel"])
                for (i, s) in shown.prefix(all ? shown.count : 25).enumerated() {
                    table.add([String(i + 1), SDEText.subjectLabel(s), s.kind == "household" ? "husstand" : "borger",
                               s.eligible.danish, s.refund.danish, s.claimed.danish, (s.refund - s.claimed).danish])
                }
                say(table.render(rightAligned: [0, 3, 4, 5, 6]))
                if !all && shown.count > 25 { say("… \(shown.count - 25) emner mere (brug --all, --csv eller --xlsx)") }
                say("Fordelt på trin: " + run.tierRefunds.sorted { $0.key < $1.key }.map { "\($0.key) %: \($0.value.danishKroner)" }.joined(separator: "; "))
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
                try await store.appendAudit(username: cliUser, action: "eksport", cpr: nil, page: "hjemtag sde --year \(year)",
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
    struct MonthJSON: Encodable { var month: String; var eligible: Money; var refund: Money }

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
            Subject(cprs: s.cprs.map(\.digits).sorted(), kind: s.kind, eligible: s.eligible, refund: s.refund, claimed: s.claimed,
                    months: s.months.map { MonthJSON(month: $0.month.description, eligible: $0.eligible, refund: $0.refund) })
        }
    }
}

enum SDEText {
    static func subjectLabel(_ s: StoredSDESubject) -> String {
        s.kind == "household" ? "husstand \(s.key.dropFirst("husstand:".count)) (\(s.cprs.map(\.masked).joined(separator: ", ")))"
            : (s.cprs.first?.masked ?? s.key)
    }
}

enum SDEExport {
    static func sheets(run: StoredSDERun, subjects: [StoredSDESubject], findings: [Finding]) -> [Sheet] {
        var list = Sheet(name: "SDE \(run.year) emner", columns: ["Emne", "Type", "CPR-numre", "Nettoudgift", "Refusion", "Bogført refusion", "Forskel", "Spor"])
        var months = Sheet(name: "Månedsdetaljer", columns: ["Emne", "CPR-numre", "Måned", "Nettoudgift", "Refusion", "Omfattet"])
        for s in subjects {
            let cprs = s.cprs.map(\.formatted).joined(separator: ", ")
            list.add([.text(s.key), .text(s.kind == "household" ? "husstand" : "borger"), .text(cprs), .money(s.eligible), .money(s.refund),
                      .money(s.claimed), .money(s.refund - s.claimed), .text(s.track)])
            for m in s.months where m.eligible != .zero {
                months.add([.text(s.key), .text(cprs), .text(m.month.description), .money(m.eligible), .money(m.refund), .text(m.covered ? "ja" : "nej")])
            }
        }
        var found = Sheet(name: "Fund", columns: ["Type", "Emne", "CPR-numre", "Beløb", "Retning", "Beskrivelse"])
        for f in findings {
            found.add([.text(f.kind), .text(f.subjectKey), .text(f.cprs.map(\.formatted).joined(separator: ", ")), .money(f.amount),
                       .text(f.direction.danishName), .text(f.text)])
        }
        var totals = Sheet(name: "Total og parametre", columns: ["Post", "Beløb / værdi", "Kilde"])
        totals.add([.text("Refusion i alt \(run.year)"), .money(run.totalRefund), .empty])
        totals.add([.text("Nettoudgift i alt"), .money(run.totalEligible), .empty])
        for (rate, amount) in run.tierRefunds.sorted(by: { $0.key < $1.key }) { totals.add([.text("Refusion \(rate) %"), .money(amount), .empty]) }
        for (d, amount) in run.departmentRefunds.sorted(by: { $0.key < $1.key }) { totals.add([.text("Forvaltning \(d)"), .money(amount), .empty]) }
        for p in run.parameters { totals.add([.text("\(p.title) (\(p.period))"), .text(p.value), .text(p.source)]) }
        return [list, months, found, totals]
    }
}

struct Explain: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Forklarer et beregnet beløb trin for trin med kilder.", subcommands: [ExplainSDE.self, ExplainTrappe.self])

    struct ExplainSDE: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "sde", abstract: "Forklarer en borgers SDE-refusion for et år.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Borgerens CPR-nummer.") var cpr: String
        @Option(name: .customLong("year"), help: "Året.") var year: Int
        @Option(help: "Formålet med opslaget (skrives i logningen).") var formaal = "forklaring af SDE-beregning"

        func run() async throws {
            let person: CPR
            do { person = try CPR(parsing: cpr) } catch { throw UserFacingError(message: error.description) }
            try await withStore(global) { store in
                try await store.appendAudit(username: cliUser, action: "vis", cpr: person, page: "hjemtag explain sde --year \(year)", purpose: formaal)
                let explained = try await SDEService(store: store).explain(cpr: person, year: year)
                if explained.isEmpty {
                    say("Borgeren \(person.masked) har ingen SDE-relevante udgifter i \(year).")
                    return
                }
                for (_, e) in explained { say(e.rendered()); say("") }
            }
        }
    }
}

struct Fund: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lister robottens fund og ændrer deres status.", subcommands: [Liste.self, Status.self], defaultSubcommand: Liste.self)

    struct Liste: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "liste", abstract: "Lister fund.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Ordning, fx sde.") var ordning: String?
        @Option(help: "År.") var aar: Int?
        @Flag(help: "Skriv JSON.") var json = false

        func run() async throws {
            try await withStore(global) { store in
                let list = try await store.findings(scheme: ordning, year: aar, includeInactive: false)
                if json {
                    struct Row: Encodable { var id: Int; var scheme: String; var year: Int; var kind: String; var amount: Money; var direction: String; var status: String; var text: String }
                    say(try JSONOutput.encode(list.map { Row(id: $0.id, scheme: $0.finding.scheme, year: $0.finding.year, kind: $0.finding.kind,
                                                             amount: $0.finding.amount, direction: $0.finding.direction.rawValue, status: $0.status.rawValue, text: $0.finding.text) }))
                    return
                }
                let table = TextTable(columns: ["Nr.", "Ordning", "År", "Type", "Emne", "Beløb", "Retning", "Status"])
                for f in list {
                    let subject = f.finding.cprs.isEmpty ? f.finding.subjectKey : f.finding.cprs.map(\.masked).joined(separator: ", ")
                    table.add([String(f.id), f.finding.scheme, String(f.finding.year), f.finding.kind, subject, f.finding.amount.danish,
                               f.finding.direction.danishName, f.status.danishName])
                }
                say(table.render(rightAligned: [0, 5]))
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Sætter et funds status: ny, undersøges, hjemtaget, afvist.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Fundets nummer.") var id: Int
        @Argument(help: "ny, undersøges, hjemtaget eller afvist.") var status: String
        @Option(help: "Note.") var note: String?

        func run() async throws {
            guard let s = FindingStatus(parsing: status) else { throw UserFacingError(message: "ukendt status '\(status)'; brug ny, undersøges, hjemtaget eller afvist") }
            try await withStore(global) { store in
                guard try await store.finding(id: id) != nil else { throw UserFacingError(message: "fund nr. \(id) findes ikke") }
                try await store.setFindingStatus(id: id, status: s, note: note, by: cliUser)
                say("Fund nr. \(id) har nu status \(s.danishName).")
            }
        }
    }
}

struct Indstil: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Sætter kommunens indstillinger for ordningerne.",
        discussion: "Nøgler: sde-indtaegtsfunktioner (funktioner hvor modtaget SDE-refusion bogføres), sde-objektivt-finansierede (funktioner med objektiv finansiering, BEK § 3 stk. 5), moms-momspligtige-funktioner (momspligtige aktiviteter med eget momsregnskab). Værdien er en kommasepareret liste af funktioner, fx 5.38.50,5.38.52.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Nøglen.") var key: String
    @Argument(help: "Værdien.") var value: String

    static let keys = ["sde-indtaegtsfunktioner": SDEService.incomeFunctionsSetting,
                       "sde-objektivt-finansierede": SDEService.objectivelyFinancedSetting,
                       "moms-momspligtige-funktioner": VATService.vatLiableSetting]

    func run() async throws {
        guard let setting = Indstil.keys[key] else { throw UserFacingError(message: "ukendt nøgle '\(key)'; brug \(Indstil.keys.keys.sorted().joined(separator: " eller "))") }
        let items = value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let functions = items.compactMap(AccountFunction.init(parsing:))
        guard functions.count == items.count else { throw UserFacingError(message: "'\(value)' er ikke en liste af kontoplanfunktioner (fx 5.38.50,5.38.52)") }
        try await withStore(global, migrated: true) { store in
            try await store.setSetting(setting, functions.map(\.description).joined(separator: ","))
            say("\(key) = \(functions.map(\.description).joined(separator: ", "))")
        }
    }
}
