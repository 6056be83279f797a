import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

struct StaircaseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trappe",
        abstract: "Refusionstrappen på beskæftigelsesområdet og afstemning med Ydelsesrefusion.",
        discussion: "Finansieringsloven §§ 3, 5, 6. Se docs/rules/staircase.md.",
        subcommands: [Beregn.self, Afstem.self], defaultSubcommand: Beregn.self)

    struct Period: ParsableArguments {
        @Option(name: .customLong("from"), help: "Første dag.") var from: String
        @Option(name: .customLong("to"), help: "Sidste dag.") var to: String

        func days() throws -> (Day, Day) {
            guard let f = Day(parsing: from) else { throw UserFacingError(message: "--from '\(from)' er ikke en dato") }
            guard let t = Day(parsing: to) else { throw UserFacingError(message: "--to '\(to)' er ikke en dato") }
            guard f <= t else { throw UserFacingError(message: "--to ligger før --from") }
            return (f, t)
        }
    }

    static func pct(_ r: Rational) -> String { r.percentText }

    struct Beregn: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "beregn", abstract: "Beregner refusion og medfinansiering pr. person og uge.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: Period
        @Flag(help: "Skriv JSON.") var json = false
        @Option(help: "Skriv ugerne som CSV.") var csv: String?
        @Option(help: "Skriv uger og trinprofil som XLSX.") var xlsx: String?
        @Option(help: "Vis én persons uger (opslaget logges).") var cpr: String?

        func run() async throws {
            let (from, to) = try period.days()
            var person: CPR?
            if let cpr {
                do { person = try CPR(parsing: cpr) } catch { throw UserFacingError(message: error.description) }
            }
            try await withStore(global) { store in
                var r = try await StaircaseService(store: store).run(from: from, to: to)
                if let person {
                    r.weeks = r.weeks.filter { $0.cpr == person }
                    try await store.appendAudit(
                        username: cliUser, action: .view, cpr: person, page: "hjemtag trappe --cpr", purpose: "refusionstrappen for én person")
                }
                if json {
                    struct Week: Encodable {
                        var cpr: String, week: String, benefit: String, count: Int, rate: String, amount: Money
                        var refund: Money?, cofinancing: Money?
                    }
                    struct Out: Encodable {
                        var from: String
                        var to: String
                        var total_refund: Money
                        var total_cofinancing: Money
                        var weeks: [Week]
                    }
                    say(
                        try JSONOutput.encode(
                            Out(
                                from: from.iso, to: to.iso, total_refund: r.totalRefund, total_cofinancing: r.totalCoFinancing,
                                weeks: r.weeks.map { w in
                                    Week(
                                        cpr: w.cpr.digits, week: w.week.description, benefit: w.benefit.code, count: w.count,
                                        rate: StaircaseCommand.pct(w.rate), amount: w.amount,
                                        refund: w.financing == .refund ? w.result : nil,
                                        cofinancing: w.financing == .coFinancing ? w.result : nil)
                                })))
                } else {
                    say(
                        "Refusionstrappen \(from.danish)-\(to.danish): refusion \(r.totalRefund.danishKroner), kommunal medfinansiering \(r.totalCoFinancing.danishKroner); \(Set(r.weeks.map(\.cpr)).count) personer, \(DanishFormat.count(r.resets.count, "nulstilling", "nulstillinger"))."
                    )
                    let table = TextTable(columns: ["Trin", "Uger", "Personer", "Beløb", "Refusion", "Medfinansiering"])
                    for step in 1...4 {
                        let ws = r.weeks.filter { $0.step == step }
                        table.add([
                            "\(step) (\(StaircaseCommand.pct(r.rules.refundRates[step - 1])) % / \(StaircaseCommand.pct(r.rules.coFinancingRates[step - 1])) %)",
                            DanishFormat.integer(ws.count), DanishFormat.integer(Set(ws.map(\.cpr)).count),
                            ws.reduce(Money.zero) { $0 + $1.amount }.danish,
                            ws.filter { $0.financing == .refund }.reduce(Money.zero) { $0 + $1.result }.danish,
                            ws.filter { $0.financing == .coFinancing }.reduce(Money.zero) { $0 + $1.result }.danish,
                        ])
                    }
                    say(table.render(rightAligned: [1, 2, 3, 4, 5]))
                    if let missing = r.missingGrantDateText { say(missing) }
                    if person != nil {
                        let weeks = TextTable(columns: ["Uge", "Ydelse", "Beløb", "Uge nr.", "Trin", "Sats", "Refusion", "Medfinansiering"])
                        for w in r.weeks {
                            weeks.add([
                                w.week.description, w.benefit.name, w.amount.danish, String(w.count), String(w.step),
                                StaircaseCommand.pct(w.rate) + " %",
                                w.financing == .refund ? w.result.danish : "", w.financing == .coFinancing ? w.result.danish : "",
                            ])
                        }
                        say("")
                        say(weeks.render(rightAligned: [2, 3, 4, 5, 6, 7]))
                    } else {
                        // Per person: the people with most money on the staircase in the period.
                        let byPerson = Dictionary(grouping: r.weeks, by: \.cpr)
                        let people = TextTable(columns: ["Person", "Uger", "Seneste uge nr.", "Trin", "Beløb", "Refusion", "Medfinansiering"])
                        for (cpr, ws) in byPerson.sorted(by: {
                            $0.value.reduce(Int64(0)) { $0 + $1.amount.ore } > $1.value.reduce(Int64(0)) { $0 + $1.amount.ore }
                        }).prefix(25) {
                            let last = ws.max { $0.week < $1.week }!
                            people.add([
                                cpr.masked, String(Set(ws.map(\.week)).count), String(last.count), String(last.step),
                                ws.reduce(Money.zero) { $0 + $1.amount }.danish,
                                ws.filter { $0.financing == .refund }.reduce(Money.zero) { $0 + $1.result }.danish,
                                ws.filter { $0.financing == .coFinancing }.reduce(Money.zero) { $0 + $1.result }.danish,
                            ])
                        }
                        say("")
                        say(people.render(rightAligned: [1, 2, 3, 4, 5, 6]))
                        if byPerson.count > 25 { say("… \(byPerson.count - 25) personer mere; én persons uger: --cpr CPR; alle: --csv eller --xlsx") }
                    }
                }
                if csv != nil || xlsx != nil {
                    var sheet = Sheet(
                        name: "Uger", columns: ["CPR", "Uge", "Ydelse", "Tælling", "Trin", "Sats %", "Beløb", "Refusion", "Medfinansiering"])
                    for w in r.weeks {
                        sheet.add([
                            .text(w.cpr.formatted), .text(w.week.description), .text(w.benefit.name), .integer(w.count), .integer(w.step),
                            .percent(w.rate), .money(w.amount), w.financing == .refund ? .money(w.result) : .empty,
                            w.financing == .coFinancing ? .money(w.result) : .empty,
                        ])
                    }
                    if let csv { try DanishCSV.write(sheet, to: URL(fileURLWithPath: csv)) }
                    if let xlsx { try XLSXWriter.write([sheet, StaircaseProfile.sheet(r)], to: URL(fileURLWithPath: xlsx)) }
                    try await store.appendAudit(
                        username: cliUser, action: .export, cpr: nil, page: "hjemtag trappe", purpose: "eksport af refusionstrappen med CPR")
                }
            }
        }
    }

    struct Afstem: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "afstem", abstract: "Afstemmer egne beregninger med Ydelsesrefusions filer pr. person, uge og ydelse.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var period: Period
        @Flag(help: "Skriv JSON.") var json = false
        @Option(help: "Skriv afstemningen som CSV.") var csv: String?
        @Option(help: "Skriv afstemning og resumé som XLSX.") var xlsx: String?

        func run() async throws {
            let (from, to) = try period.days()
            try await withStore(global) { store in
                let service = StaircaseService(store: store)
                let (_, lines, fleks) = try await service.reconcile(from: from, to: to)
                let findings = try await service.storeFindings(lines, year: to.year, by: cliUser)
                let counts = YRReconciliation.counts(lines)
                let favour = lines.filter { !$0.atStake.isNegative }.reduce(Money.zero) { $0 + $1.atStake }
                let against = lines.filter { $0.atStake.isNegative }.reduce(Money.zero) { $0 + $1.atStake }
                if json {
                    struct Line: Encodable {
                        var cpr: String, week: String, benefit: String, status: String
                        var our_amount: Money?, our_rate: String?, our_result: Money?, yr_amount: Money?, yr_rate: String?, yr_result: Money?,
                            at_stake: Money
                    }
                    struct Out: Encodable {
                        var in_favour: Money
                        var against: Money
                        var counts: [String: Int]
                        var fleksbidrag: Money
                        var lines: [Line]
                    }
                    say(
                        try JSONOutput.encode(
                            Out(
                                in_favour: favour, against: against,
                                counts: Dictionary(uniqueKeysWithValues: counts.map { ($0.key.rawValue, $0.value) }),
                                fleksbidrag: fleks,
                                lines: lines.map { l in
                                    Line(
                                        cpr: l.cpr.digits, week: l.week.description, benefit: l.benefit, status: l.status.rawValue,
                                        our_amount: l.ourAmount,
                                        our_rate: l.ourRate.map(StaircaseCommand.pct), our_result: l.ourResult, yr_amount: l.yrAmount,
                                        yr_rate: l.yrRate.map(StaircaseCommand.pct),
                                        yr_result: l.yrResult, at_stake: l.atStake)
                                })))
                } else {
                    say(
                        "Afstemning med Ydelsesrefusion \(from.danish)-\(to.danish): "
                            + YRReconciliation.Status.allCases.map { "\($0.danishName) \(counts[$0] ?? 0)" }.joined(separator: ", "))
                    say(
                        "Til kommunens fordel: \(favour.danishKroner); imod kommunen: \(against.magnitude.danishKroner); fleksbidrag fra staten (uden for afstemningen): \(fleks.danishKroner); fund: \(findings.count)."
                    )
                    let table = TextTable(columns: ["CPR", "Uge", "Ydelse", "Status", "Egen sats", "YR sats", "Eget beløb", "YR beløb", "På spil"])
                    for l in lines.filter({ $0.status != .agree }).prefix(25) {
                        table.add([
                            l.cpr.masked, l.week.description, l.benefit, l.status.danishName, l.ourRate.map(StaircaseCommand.pct) ?? "-",
                            l.yrRate.map(StaircaseCommand.pct) ?? "-",
                            l.ourResult?.danish ?? "-", l.yrResult?.danish ?? "-", l.atStake.danish,
                        ])
                    }
                    say(table.render(rightAligned: [6, 7, 8]))
                }
                if csv != nil || xlsx != nil {
                    let sheets = YRExport.sheets(lines)
                    if let csv { try DanishCSV.write(sheets[0], to: URL(fileURLWithPath: csv)) }
                    if let xlsx { try XLSXWriter.write(sheets, to: URL(fileURLWithPath: xlsx)) }
                    try await store.appendAudit(
                        username: cliUser, action: .export, cpr: nil, page: "hjemtag trappe afstem", purpose: "eksport af YR-afstemning med CPR")
                }
            }
        }
    }
}
