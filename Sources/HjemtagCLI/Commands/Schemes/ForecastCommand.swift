import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore

/// `hjemtag prognose --aar ÅR`: the year's SDE refund looked ahead under three scenarios.
struct ForecastCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prognose",
        abstract: "Prognose for årets SDE-refusion: kendte måneder plus månederne frem under tre scenarier, pr. forvaltning og for næste år.",
        discussion:
            "Scenarierne: som planlagt (OS2bos' forventede betalinger, EG Sensums slutdatoer), nuværende niveau, og vækst som de sidste to år. --gem gemmer prognosen, så den senere kan sammenlignes med udfaldet (vises her, når året er beregnet)."
    )

    @OptionGroup var global: GlobalOptions
    @Option(name: .customLong("aar"), help: "Året.") var year: Int
    @Option(name: .customLong("dato"), help: "Bogføringen kendes til og med (standard: seneste postering i nyeste import).") var asOf: String?
    @Flag(name: .customLong("gem"), help: "Gem prognosen til senere sammenligning med udfaldet.") var save = false
    @Flag(help: "Skriv JSON.") var json = false
    @Option(help: "Skriv prognosen som XLSX.") var xlsx: String?

    func run() async throws {
        let day = try asOf.map { raw in
            guard let d = Day(parsing: raw) else { throw UserFacingError(message: "--dato '\(raw)' er ikke en dato (ÅÅÅÅ-MM-DD)") }
            return d
        }
        try await withStore(global, migrated: true) { store in
            let service = SDEForecastService(store: store)
            let f = save ? try await service.take(year: year, asOf: day, by: cliUser).0 : try await service.forecast(year: year, asOf: day)
            let comparison = try await ForecastComparison.make(year: year, store: store)
            if let xlsx { try XLSXWriter.write(ForecastExport.sheets(f, comparison: comparison), to: URL(fileURLWithPath: xlsx)) }
            if json {
                say(try JSONOutput.encode(ForecastJSON(f)))
                return
            }
            say("SDE-prognose \(year): bogføringen kendt til og med \(f.asOf.danish); niveau fra \(f.levelMonth.danishName).")
            for s in f.scenarios {
                say(
                    "  \(s.scenario.title): \(s.totalRefund.danishKroner)"
                        + (s.nextYear.map { "; \(year + 1): \($0.danishKroner)" } ?? "; \(year + 1): kan ikke beregnes (\(s.nextYearNote ?? ""))"))
            }
            say(f.growthText)
            let t = TextTable(columns: ["Måned", ""] + f.scenarios.map(\.scenario.rawValue))
            for i in 0..<12 {
                let m = f.scenarios[0].months[i].month
                t.add([m.danishName, f.state(m)] + f.scenarios.map { $0.months[i].refund.danish })
            }
            say(t.render(rightAligned: Set(2..<(2 + f.scenarios.count))))
            if let level = f.scenarios.first(where: { $0.scenario == .level }), !level.crossings.isEmpty {
                say("Emner, der når et højere trin (nuværende niveau):")
                for c in level.crossings.prefix(20) {
                    say("  \(c.cprs.map(\.masked).joined(separator: ", ")): \(c.rate.danishPercent) % fra \(c.month.danishName)")
                }
            }
            for n in f.notes { say(n) }
            do {
                let stairs = try await StaircaseForecast.make(year: year, asOf: f.asOf, store: store)
                say(
                    "Beskæftigelse \(year): refusion \(stairs.refund.danishKroner) (heraf kendt til uge \(stairs.lastWeek): \(stairs.knownRefund.danishKroner)), medfinansiering \(stairs.coFinancing.danishKroner); \(DanishFormat.count(stairs.continuing, "borger", "borgere")) med ydelse i den sidste uge fortsætter."
                )
                for s in stairs.steps.prefix(10) { say("  \(s.cpr.masked): trin \(s.step) (\(s.rate.danishPercent) %) fra uge \(s.week)") }
                if stairs.steps.count > 10 { say("  … \(stairs.steps.count - 10) flere når næste trin i året") }
            } catch let e as ParameterError {
                say("Beskæftigelse \(year): kan ikke beregnes: \(e.description)")
            }
            let claims = try await ClaimsAhead.make(store: store, today: .today)
            say(
                "Mellemkommunal: \(DanishFormat.count(claims.lines.count, "krav", "krav")) i gang, \(claims.claimable.danishKroner) kan hjemtages; \(claims.due(in: year).count) med frist i \(year)."
            )
            if !comparison.rows.isEmpty {
                say("Tidligere prognoser mod udfaldet \(year) (\(comparison.outcome.danishKroner)):")
                for r in comparison.rows {
                    say(
                        "  \(r.forecast.asOf.danish) \(r.forecast.scenario): \(r.forecast.totalRefund.danishKroner), afvigelse \(r.difference.danishKroner)"
                    )
                }
            }
            if save { say("Prognosen er gemt.") }
        }
    }
}

/// The JSON shape of `hjemtag prognose --json`.
struct ForecastJSON: Encodable {
    struct Scenario: Encodable {
        var scenarie: String
        var forklaring: String
        var refusion: Money
        var naeste_aar: Money?
        var maaneder: [MonthFigure]
        var forvaltninger: [String: Money]
        var trin: [[String: String]]
    }
    var aar: Int
    var kendt_til: String
    var niveau_maaned: String
    var vaekst: String
    var scenarier: [Scenario]

    init(_ f: SDEForecast) {
        aar = f.year
        kendt_til = f.asOf.iso
        niveau_maaned = f.levelMonth.description
        vaekst = f.growthText
        scenarier = f.scenarios.map { s in
            Scenario(
                scenarie: s.scenario.rawValue, forklaring: s.scenario.explanation, refusion: s.totalRefund, naeste_aar: s.nextYear,
                maaneder: s.months,
                forvaltninger: s.departments,
                trin: s.crossings.map { ["emne": $0.subjectKey, "sats": $0.rate.danishPercent, "maaned": $0.month.description] })
        }
    }
}
