import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagStore

/// How good were the forecasts? Each stored forecast of a year against the year's computed SDE
/// result, per month and in total (issue 21 § 1: "a later page compares forecast and outcome").
public struct ForecastComparison: Sendable {
    public struct Row: Sendable {
        public var forecast: StoredSDEForecast
        /// Forecast − outcome, per month and for the year.
        public var monthDifferences: [Money]
        public var difference: Money
        /// The a'conto each quarter would have been taken at from this forecast, beside the outcome.
        public var quarters: [ForecastAcconto]
    }

    public var year: Int
    public var outcome: Money
    public var outcomeMonths: [MonthFigure]
    public var rows: [Row]

    /// Empty rows while the year has no computed result or no forecast was kept.
    public static func make(year: Int, store: any Store) async throws -> ForecastComparison {
        let forecasts = try await store.sdeForecasts(year: year)
        guard let run = try await store.latestSDERun(year: year), !forecasts.isEmpty else {
            return ForecastComparison(year: year, outcome: .zero, outcomeMonths: [], rows: [])
        }
        let actual = Dictionary(run.months.map { ($0.month, $0.refund) }, uniquingKeysWith: +)
        let rows = forecasts.map { f in
            Row(
                forecast: f, monthDifferences: f.months.map { $0.refund - (actual[$0.month] ?? .zero) },
                difference: f.totalRefund - run.totalRefund,
                quarters: ForecastAcconto.quarters(
                    forecast: f.months, total: f.totalRefund, outcome: run.months, outcomeTotal: run.totalRefund))
        }
        return ForecastComparison(year: year, outcome: run.totalRefund, outcomeMonths: run.months, rows: rows)
    }
}

/// The quarters' a'conto taken from a forecast beside the year-to-date actuals (seed 002: Randers
/// takes a'conto "ud fra seneste prognoser"): the forecast's refund to each quarter's end against
/// the computed result's to the same end.
public struct ForecastAcconto: Sendable, Hashable {
    public var quarter: Int
    /// The forecast's refund from January to the quarter's end.
    public var forecastToDate: Money
    /// The computed result's refund from January to the quarter's end, when there is one.
    public var actualToDate: Money?
    public var difference: Money? { actualToDate.map { forecastToDate - $0 } }

    /// The months' refunds summed to each quarter's end; the fourth quarter is the year's total,
    /// rounded once as the settlement rounds it (the months' own roundings may differ by øre).
    public static func quarters(forecast: [MonthFigure], total: Money, outcome: [MonthFigure]?, outcomeTotal: Money?) -> [ForecastAcconto] {
        func toDate(_ months: [MonthFigure], _ q: Int, _ total: Money?) -> Money {
            if q == 4, let total { return total }
            return months.filter { $0.month.month <= q * 3 }.reduce(Money.zero) { $0 + $1.refund }
        }
        return (1...4).map { q in
            ForecastAcconto(quarter: q, forecastToDate: toDate(forecast, q, total), actualToDate: outcome.map { toDate($0, q, outcomeTotal) })
        }
    }
}

/// The forecast as a workbook: the scenarios per month, the departments, the tiers reached, and
/// the comparison with the outcome.
public enum ForecastExport {
    public static func sheets(_ f: SDEForecast, comparison: ForecastComparison) -> [Sheet] {
        var months = Sheet(name: "Prognose \(f.year)", columns: ["Måned", "Kendt/prognose"] + f.scenarios.map { "\($0.scenario.title) (kr.)" })
        for i in 0..<12 {
            let m = f.scenarios[0].months[i].month
            months.add([.text(m.danishName), .text(f.state(m))] + f.scenarios.map { .money($0.months[i].refund) })
        }
        months.add([.text("I alt"), .empty] + f.scenarios.map { .money($0.totalRefund) })
        months.add([.text("Næste år (\(f.year + 1))"), .empty] + f.scenarios.map { $0.nextYear.map { .money($0) } ?? .text("kan ikke beregnes") })
        var departments = Sheet(name: "Forvaltninger", columns: ["Forvaltning"] + f.scenarios.map { "\($0.scenario.title) (kr.)" })
        for d in Set(f.scenarios.flatMap(\.departments.keys)).sorted() {
            departments.add([.text(d)] + f.scenarios.map { .money($0.departments[d] ?? .zero) })
        }
        var tiers = Sheet(name: "Trin", columns: ["Scenarie", "Emne", "CPR", "Sats", "Fra måned"])
        for s in f.scenarios {
            for c in s.crossings {
                tiers.add([
                    .text(s.scenario.title), .text(c.subjectKey), .text(c.cprs.map(\.formatted).joined(separator: ", ")), .percent(c.rate),
                    .text(c.month.danishName),
                ])
            }
        }
        var compared = Sheet(
            name: "Prognose mod udfald", columns: ["Taget", "Kendt til", "Scenarie", "Prognose (kr.)", "Udfald (kr.)", "Afvigelse (kr.)"])
        for r in comparison.rows {
            compared.add([
                .text(r.forecast.takenAt), .date(r.forecast.asOf), .text(r.forecast.scenario), .money(r.forecast.totalRefund),
                .money(comparison.outcome),
                .money(r.difference),
            ])
        }
        var about = Sheet(name: "Om prognosen", columns: ["Emne", "Tekst"])
        about.add([.text("Bogføringen kendt til og med"), .date(f.asOf)])
        about.add([.text("Niveau fra"), .text(f.levelMonth.danishName)])
        about.add([.text("Vækst"), .text(f.growthText)])
        for s in f.scenarios { about.add([.text(s.scenario.title), .text(s.scenario.explanation)]) }
        for n in f.notes { about.add([.text("Bemærk"), .text(n)]) }
        return [months, departments, tiers, compared, about]
    }
}
