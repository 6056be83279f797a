import ArgumentParser
import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore

/// `hjemtag scenarie FIL --aar ÅR`: a savings scenario valued net of refund (`ScenarioService`).
struct ScenarioCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scenarie",
        abstract: "Værdisætter besparelser netto: ændret udgift, ændret SDE-, trappe- og mellemkommunal refusion pr. sag og i alt.",
        discussion:
            "FIL er en CSV med cpr;fra og hvad der ændres: ny_maanedlig_udgift, ny_hjemmel, ydelse (udgiften udbetales som ydelsen efter LAB), slut; funktion og initiativ er valgfri. Uden FIL regnes på de gemte sager (hjemtag import scenarie FIL). Intet gemmes; hver borger logges."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: "Scenariefilen (CSV).") var file: String?
    @Option(name: .customLong("aar"), help: "Året der værdisættes.") var year: Int
    @Option(name: .customLong("dato"), help: "Bogføringen kendes til og med (standard: seneste postering i nyeste import).") var horizon: String?
    @Flag(help: "Skriv JSON.") var json = false

    func run() async throws {
        let known = try horizon.map { raw in
            guard let d = Day(parsing: raw) else { throw UserFacingError(message: "--dato '\(raw)' er ikke en dato (ÅÅÅÅ-MM-DD)") }
            return d
        }
        try await withStore(global, migrated: true) { store in
            let cases: [ScenarioCase]
            if let file {
                cases = try await FileReading.scenarioCases(URL(fileURLWithPath: file))
            } else {
                cases = try await store.scenarioCases()
                if cases.isEmpty {
                    throw UserFacingError(message: "der er ingen gemte sager; angiv en fil eller importér: hjemtag import scenarie FIL")
                }
            }
            let result: ScenarioResult
            do { result = try await ScenarioService(store: store).evaluate(cases, year: year, horizon: known, by: cliUser) } catch let e
                as ScenarioError
            { throw UserFacingError(message: e.description) }
            if json {
                say(try JSONOutput.encode(ScenarioJSON(result)))
                return
            }
            say("Besparelsesscenarie \(year): \(DanishFormat.count(result.cases.count, "sag", "sager")).")
            let table = TextTable(columns: ["Linje", "CPR", "Ændring", "Brutto", "SDE", "Trappe", "§ 9 c", "Netto"])
            for c in result.cases {
                table.add(
                    [String(c.scenarioCase.line), c.scenarioCase.cpr.masked, c.scenarioCase.changeText] + ScenarioCommand.figures(c.effect))
            }
            table.add(["", "", "I alt"] + ScenarioCommand.figures(result.total))
            say(table.render(rightAligned: [0, 3, 4, 5, 6, 7]))
            if !result.byInitiative.isEmpty {
                let t = TextTable(columns: ["Initiativ", "Brutto", "SDE", "Trappe", "§ 9 c", "Netto"])
                for (name, e) in result.byInitiative { t.add([name] + ScenarioCommand.figures(e)) }
                say(t.render(rightAligned: [1, 2, 3, 4, 5]))
            }
            say(
                "Brutto og netto er ændringen i kommunens udgift (negativ = besparelse); SDE, trappe og § 9 c er ændringen i refusion og betaling fra andre."
            )
            for n in result.notes { say(n) }
        }
    }

    static func figures(_ e: ScenarioEffect) -> [String] {
        [e.grossCost.danish, e.sdeRefund.danish, e.staircaseRefund.danish, e.intermunicipal.danish, e.net.danish]
    }
}

/// The JSON shape of `hjemtag scenarie --json`: amounts as kroner with two decimals, as strings.
struct ScenarioJSON: Encodable {
    struct Effect: Encodable {
        var brutto: String
        var sde: String
        var trappe: String
        var mellemkommunal: String
        var netto: String
        init(_ e: ScenarioEffect) {
            brutto = e.grossCost.plain
            sde = e.sdeRefund.plain
            trappe = e.staircaseRefund.plain
            mellemkommunal = e.intermunicipal.plain
            netto = e.net.plain
        }
    }
    struct Case: Encodable {
        var linje: Int
        var cpr: String
        var aendring: String
        var initiativ: String?
        var effekt: Effect
        var forklaring: [String]
    }
    var aar: Int
    var bogfoering_kendt_til: String?
    var sager: [Case]
    var initiativer: [String: Effect]
    var i_alt: Effect
    var noter: [String]

    init(_ r: ScenarioResult) {
        aar = r.year
        bogfoering_kendt_til = r.horizon?.iso
        sager = r.cases.map {
            Case(
                linje: $0.scenarioCase.line, cpr: $0.scenarioCase.cpr.digits, aendring: $0.scenarioCase.changeText,
                initiativ: $0.scenarioCase.initiative, effekt: Effect($0.effect), forklaring: $0.lines)
        }
        initiativer = Dictionary(uniqueKeysWithValues: r.byInitiative.map { ($0.name, Effect($0.effect)) })
        i_alt = Effect(r.total)
        noter = r.notes
    }
}
