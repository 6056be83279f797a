import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct ForecastContent: PageContent {
    static let template = Template.forecast
    struct Card: Sendable { let title: String, explanation: String, total: String, next: String }
    struct MonthRow: Sendable { let month: String, state: String, cells: [String], future: Bool }
    struct Crossing: Sendable { let subject: String, rate: String, month: String }
    struct DepartmentRow: Sendable { let department: String, cells: [String] }
    struct Step: Sendable { let cpr: String, step: Int, rate: String, week: String }
    struct Claim: Sendable { let cpr: String, counterpart: String, claimable: String, deadline: String, status: String }
    struct Quarter: Sendable { let quarter: Int, forecast: String, actual: String, difference: String }
    struct Compared: Sendable { let takenAt: String, asOf: String, scenario: String, total: String, difference: String, quarters: [Quarter] }
    var year: Int
    var asOf: String
    var asOfISO: String
    var levelMonth: String
    var growth: String
    var scenarioNames: [String]
    var cards: [Card]
    var months: [MonthRow]
    var totals: [String]
    var departments: [DepartmentRow]
    var crossings: [Crossing]
    var hasCrossings: Bool
    var notes: [String]
    var staircase: String?
    var steps: [Step]
    var claims: [Claim]
    var claimsText: String
    var outcome: String?
    var compared: [Compared]
    var hasCompared: Bool
    var saved: Bool
    var error: String?
}

/// The forecast on the web (issue 21 § 1): the year's SDE refund under three scenarios, the
/// staircase and the § 9 c claims ahead, and every forecast kept against the outcome. Lists show
/// CPR numbers masked; taking (keeping) a forecast is for the finance roles.
struct ForecastPages: Sendable {
    let store: any Store

    func page(year asked: Int?, asOf raw: String?, saved: Bool) async throws -> Page {
        let year = asked ?? Day.today.year
        let asOf = raw.flatMap { Day(parsing: $0) }
        var content = ForecastContent(
            year: year, asOf: "", asOfISO: raw ?? "", levelMonth: "", growth: "", scenarioNames: [], cards: [], months: [], totals: [],
            departments: [], crossings: [], hasCrossings: false, notes: [], staircase: nil, steps: [], claims: [], claimsText: "", outcome: nil,
            compared: [], hasCompared: false, saved: saved, error: nil)
        do {
            let f = try await SDEForecastService(store: store).forecast(year: year, asOf: asOf)
            fill(&content, f)
            do {
                let s = try await StaircaseForecast.make(year: year, asOf: f.asOf, store: store)
                content.staircase =
                    "Refusion \(s.refund.danishKroner) i \(year), heraf kendt til uge \(s.lastWeek): \(s.knownRefund.danishKroner); medfinansiering \(s.coFinancing.danishKroner); \(DanishFormat.count(s.continuing, "borger", "borgere")) med ydelse i den sidste kendte uge fortsætter med samme ugebeløb; \(DanishFormat.count(s.steps.count, "borger", "borgere")) når et nyt trin i året."
                content.steps = s.steps.prefix(50).map {
                    .init(cpr: $0.cpr.masked, step: $0.step, rate: $0.rate.danishPercent + " %", week: $0.week.description)
                }
            } catch let e as ParameterError {
                content.staircase = "Kan ikke beregnes: \(e.description)"
            }
        } catch let e as ParameterError {
            content.error = "\(year) kan ikke forudsiges: \(e.description)"
        } catch let e as SchemeError {
            content.error = e.description
        }
        let claims = try await ClaimsAhead.make(store: store, today: .today)
        content.claimsText =
            "\(DanishFormat.count(claims.lines.count, "krav", "krav")) i gang, \(claims.claimable.danishKroner) kan hjemtages; \(DanishFormat.count(claims.due(in: year).count, "krav har", "krav har")) frist i \(year)."
        content.claims = claims.lines.prefix(30).map {
            .init(
                cpr: $0.claim.draft.cpr.masked,
                counterpart: Kommune.byCode($0.claim.draft.counterpart).map(\.name) ?? zeroPad($0.claim.draft.counterpart, 3),
                claimable: $0.claimable.danish,
                deadline: $0.deadline?.danish ?? "–", status: $0.claim.status.danishName)
        }
        let comparison = try await ForecastComparison.make(year: year, store: store)
        content.outcome = comparison.rows.isEmpty ? nil : comparison.outcome.danishKroner
        content.compared = comparison.rows.reversed().map { r in
            .init(
                takenAt: Danish.timestamp(r.forecast.takenAt), asOf: r.forecast.asOf.danish,
                scenario: ForecastScenario(rawValue: r.forecast.scenario)?.title ?? r.forecast.scenario, total: r.forecast.totalRefund.danish,
                difference: r.difference.danish,
                quarters: r.quarters.map {
                    .init(
                        quarter: $0.quarter, forecast: $0.forecastToDate.danish, actual: $0.actualToDate?.danish ?? "–",
                        difference: $0.difference?.danish ?? "–")
                })
        }
        content.hasCompared = !content.compared.isEmpty
        return Page("Prognose", section: .budget, content)
    }

    private func fill(_ c: inout ForecastContent, _ f: SDEForecast) {
        c.asOf = f.asOf.danish
        c.asOfISO = f.asOf.iso
        c.levelMonth = f.levelMonth.danishName
        c.growth = f.growthText
        c.scenarioNames = f.scenarios.map(\.scenario.title)
        c.cards = f.scenarios.map {
            .init(
                title: $0.scenario.title, explanation: $0.scenario.explanation, total: $0.totalRefund.danishKroner,
                next: $0.nextYear.map { "\(f.year + 1): \($0.danishKroner)" } ?? "\(f.year + 1): grænserne er ikke indtastet")
        }
        c.months = (0..<12).map { i in
            let m = f.scenarios[0].months[i].month
            return .init(month: m.danishName, state: f.state(m), cells: f.scenarios.map { $0.months[i].refund.danish }, future: m > f.levelMonth)
        }
        c.totals = f.scenarios.map { $0.totalRefund.danish }
        c.departments = Set(f.scenarios.flatMap(\.departments.keys)).sorted().map { d in
            .init(department: d, cells: f.scenarios.map { ($0.departments[d] ?? .zero).danish })
        }
        if let level = f.scenarios.first(where: { $0.scenario == .level }) {
            c.crossings = level.crossings.prefix(50).map {
                .init(subject: $0.cprs.map(\.masked).joined(separator: ", "), rate: $0.rate.danishPercent + " %", month: $0.month.danishName)
            }
        }
        c.hasCrossings = !c.crossings.isEmpty
        c.notes = f.notes + f.scenarios.compactMap(\.nextYearNote).prefix(1)
    }

    /// Keeps the forecast as taken, then shows it.
    struct TakeForm: Decodable, Sendable {
        var aar: String
        var dato: String?
    }

    func take(_ form: TakeForm, by session: WebSession) async throws -> FormAnswer {
        guard let year = Int(form.aar) else { throw HTTPError(.badRequest, message: "Angiv året.") }
        let raw = form.dato.flatMap { $0.isEmpty ? nil : $0 }
        do {
            _ = try await SDEForecastService(store: store).take(year: year, asOf: raw.flatMap { Day(parsing: $0) }, by: session.username)
        } catch let e as ParameterError {
            throw HTTPError(.badRequest, message: "Prognosen er ikke gemt: \(e.description)")
        }
        return .redirect(Paging.link(Route.forecast.path(), ["aar": String(year), "dato": raw ?? "", "gemt": "1"]))
    }
}
