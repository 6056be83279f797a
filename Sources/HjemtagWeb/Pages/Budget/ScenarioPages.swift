import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct ScenarioContent: PageContent {
    static let template = Template.scenario
    struct Figures: Sendable { let gross: String, sde: String, staircase: String, intermunicipal: String, net: String, saving: Bool }
    struct MonthRow: Sendable { let month: String, costBefore: String, costAfter: String, sdeBefore: String, sdeAfter: String, rate: String }
    struct CaseRow: Sendable {
        let line: Int, cpr: String, change: String, initiative: String, figures: Figures, lines: [String], months: [MonthRow]
    }
    struct InitiativeRow: Sendable { let name: String, figures: Figures }
    var year: Int
    var storedCount: Int
    var source: String?
    var cases: [CaseRow]
    var hasCases: Bool
    var initiatives: [InitiativeRow]
    var hasInitiatives = false
    var total: Figures?
    var notes: [String]
    var problems: [String]
    var saved: String?
}

/// A savings scenario on the web (issue 21 § 2): a file of cases uploaded and valued at once
/// (and, if asked, saved as the plan's cases), or the saved cases valued for a year. Each case's
/// citizen is written to the audit log, as the page shows their figures.
struct ScenarioPages: Sendable {
    let store: any Store

    static func figures(_ e: ScenarioEffect) -> ScenarioContent.Figures {
        .init(
            gross: e.grossCost.danish, sde: e.sdeRefund.danish, staircase: e.staircaseRefund.danish, intermunicipal: e.intermunicipal.danish,
            net: e.net.danish, saving: e.net.isNegative)
    }

    func page(year asked: Int?, by session: WebSession) async throws -> Page {
        let year = asked ?? Day.today.year - 1
        let stored = try await store.scenarioCases()
        var content = ScenarioContent(
            year: year, storedCount: stored.count, source: nil, cases: [], hasCases: false, initiatives: [], total: nil, notes: [], problems: [],
            saved: nil)
        if !stored.isEmpty {
            content.source = "de gemte sager (seneste scenariefil)"
            try await fill(&content, stored, by: session)
        }
        return Page("Besparelsesscenarie", section: .budget, content)
    }

    /// An uploaded scenario: valued for the year; with `gem`, also saved as the plan's cases.
    func upload(_ form: MultipartForm, by session: WebSession) async throws -> Page {
        guard let file = form.file("fil"), let url = file.file, file.size > 0 else { throw HTTPError(.badRequest, message: "Vælg en scenariefil.") }
        let name = String((file.fileName ?? "scenarie.csv").split(separator: "/").last ?? "scenarie.csv")
        guard let year = form.text("aar").flatMap({ Int($0) }), (2000...2100).contains(year) else {
            throw HTTPError(.badRequest, message: "Angiv året, der skal værdisættes.")
        }
        var content = ScenarioContent(
            year: year, storedCount: try await store.scenarioCases().count, source: name, cases: [], hasCases: false, initiatives: [], total: nil,
            notes: [], problems: [], saved: nil)
        do {
            let cases = try await FileReading.scenarioCases(url, displayName: name)
            if form.text("gem") == "1" {
                let outcome = try await ImportRunner().run(
                    kind: .scenarioCases, file: url, importedBy: session.username, into: store, displayName: name)
                content.saved =
                    "\(name) er gemt som import nr. \(outcome.summary.id); budgettets reduktionsplan værdisætter nu initiativerne på disse sager."
                content.storedCount = cases.count
            }
            try await fill(&content, cases, by: session)
        } catch let e as ImportError {
            content.problems = e.description.split(separator: "\n").map(String.init)
        }
        return Page("Besparelsesscenarie", section: .budget, content)
    }

    private func fill(_ content: inout ScenarioContent, _ cases: [ScenarioCase], by session: WebSession) async throws {
        do {
            let r = try await ScenarioService(store: store).evaluate(cases, year: content.year, by: session.username)
            content.cases = r.cases.map { c in
                .init(
                    line: c.scenarioCase.line, cpr: c.scenarioCase.cpr.formatted, change: c.scenarioCase.changeText,
                    initiative: c.scenarioCase.initiative ?? "", figures: Self.figures(c.effect), lines: c.lines,
                    months: c.months.filter { $0.costBefore != $0.costAfter || $0.sdeBefore != $0.sdeAfter }.map { m in
                        .init(
                            month: m.month.danishName, costBefore: m.costBefore.danish, costAfter: m.costAfter.danish, sdeBefore: m.sdeBefore.danish,
                            sdeAfter: m.sdeAfter.danish, rate: m.marginalRate.map { $0.danishPercent + " %" } ?? "–")
                    })
            }
            content.hasCases = !content.cases.isEmpty
            content.initiatives = r.byInitiative.map { .init(name: $0.name, figures: Self.figures($0.effect)) }
            content.hasInitiatives = !content.initiatives.isEmpty
            content.total = Self.figures(r.total)
            content.notes = r.notes
        } catch let e as ParameterError {
            content.problems = ["\(content.year) kan ikke værdisættes: \(e.description)"]
        } catch let e as ScenarioError {
            content.problems = [e.description]
        }
    }
}
