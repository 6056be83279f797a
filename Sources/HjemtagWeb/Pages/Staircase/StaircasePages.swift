import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct StaircaseContent: PageContent {
    static let template = Template.staircase
    struct YearLink: Sendable { let year: Int, current: Bool, href: String }
    struct StatusCount: Sendable { let name: String, count: String }
    struct SummaryRow: Sendable { let month: String, benefit: String, differing: Int, atStake: String, negative: Bool }
    struct Line: Sendable {
        let cpr: String, week: String, benefit: String, status: String, ourRate: String, yrRate: String, our: String, yr: String
        let atStake: String, negative: Bool
    }
    var year: Int
    var years: [YearLink]
    var refund: String
    var cofinancing: String
    var persons: String
    var resets: String
    var missingGrantDate: String?
    var personsChart: String
    var moneyChart: String
    var statuses: [StatusCount]
    var favour: String
    var against: String
    var fleksbidrag: String
    var hasYr: Bool
    var summary: [SummaryRow]
    var lines: [Line]
    var canCompute: Bool
    var canExport: Bool
    var exportHref: String
}

/// The employment page: the staircase profile per month (persons and money on each step) and the
/// reconciliation with Ydelsesrefusion, differences in both directions, sorted by money at stake.
struct StaircasePages: Sendable {
    let store: any Store
    let today: @Sendable () -> Day
    static let stepColours = ["#2f6db0", "#5b9bd5", "#f0a030", "#c0504d"]

    func overview(year asked: Int?, viewer session: WebSession) async throws -> Page {
        let today = self.today()
        let years = try await benefitYears(today: today)
        guard let latest = years.max() else {
            return Page(
                Scheme.staircase.title, section: .staircase,
                SchemeStatusContent(
                    schemeTitle: "Refusionstrappen", law: Scheme.staircase.law,
                    status: "Der er ingen ydelser importeret. Importér med: hjemtag import ydelser FIL",
                    inputs: ["ydelser", "stoettet-beskaeftigelse", "yr-beregning"]))
        }
        let year = min(asked ?? latest, latest)
        let (result, lines, fleks) = try await StaircaseService(store: store).reconcile(year: year)
        let months = Month.months(ofYear: year)
        let byMonth = Dictionary(grouping: result.weeks) { $0.week.month }
        let labels = months.map { String(Month.danishNames[$0.month - 1].prefix(3)) }
        let persons = (1...4).map { step in
            SVGChart.Series(
                name: "Trin \(step)", colour: Self.stepColours[step - 1],
                values: months.map { m in Set((byMonth[m] ?? []).filter { $0.step == step }.map(\.cpr)).count })
        }
        let money = (1...4).map { step in
            SVGChart.Series(
                name: "Trin \(step)", colour: Self.stepColours[step - 1],
                values: months.map { m in Int((byMonth[m] ?? []).filter { $0.step == step }.reduce(Int64(0)) { $0 + $1.result.ore } / 100) })
        }
        let differing = lines.filter { $0.status != .agree }
        // Totals and charts are aggregates; the person lines are limited to whom the user may see.
        let sight = try await Access.sight(session, store: store)
        let shown = Array(differing.lazy.filter { sight.allows($0.cpr) }.prefix(100))
        let favour = differing.filter { !$0.atStake.isNegative }.reduce(Money.zero) { $0 + $1.atStake }
        let against = differing.filter { $0.atStake.isNegative }.reduce(Money.zero) { $0 + $1.atStake }
        let counts = YRReconciliation.counts(lines)
        let summary = YRReconciliation.summary(lines).filter { $0.atStake != .zero || ($0.counts[.agree] ?? 0) != $0.counts.values.reduce(0, +) }
        return Page(
            "Beskæftigelse \(year): refusionstrappen", section: .staircase,
            StaircaseContent(
                year: year,
                years: years.sorted().map { .init(year: $0, current: $0 == year, href: Paging.link(Route.staircase.path(), ["aar": String($0)])) },
                refund: result.totalRefund.danishKroner, cofinancing: result.totalCoFinancing.danishKroner,
                persons: Danish.integer(Set(result.weeks.map(\.cpr)).count),
                resets: DanishFormat.count(result.resets.count, "nulstilling", "nulstillinger"),
                missingGrantDate: result.missingGrantDateText,
                personsChart: SVGChart.grouped(labels: labels, series: persons, title: "Personer pr. trin pr. måned \(year)"),
                moneyChart: SVGChart.grouped(labels: labels, series: money, title: "Refusion og medfinansiering pr. trin pr. måned (kr.)"),
                statuses: YRReconciliation.Status.allCases.map { .init(name: $0.danishName, count: Danish.integer(counts[$0] ?? 0)) },
                favour: favour.danishKroner, against: against.magnitude.danishKroner, fleksbidrag: fleks.danishKroner,
                hasYr: lines.contains { $0.yrResult != nil },
                summary: summary.map { r in
                    .init(
                        month: r.month.danishName, benefit: r.benefit, differing: r.counts.values.reduce(0, +) - (r.counts[.agree] ?? 0),
                        atStake: r.atStake.danish, negative: r.atStake.isNegative)
                },
                lines: shown.map { l in
                    .init(
                        cpr: l.cpr.masked, week: l.week.description, benefit: l.benefit, status: l.status.danishName,
                        ourRate: l.ourRate.map { "\($0.danishPercent) %" } ?? "–", yrRate: l.yrRate.map { "\($0.danishPercent) %" } ?? "–",
                        our: l.ourResult?.danish ?? "–", yr: l.yrResult?.danish ?? "–", atStake: l.atStake.danish, negative: l.atStake.isNegative)
                }, canCompute: Access.allows(session, .runComputations), canExport: Access.allows(session, .exportAllPersons),
                exportHref: Paging.link(Route.exportReconciliation.path(), ["aar": String(year)])))
    }

    /// The years with benefit payments, up to this one: the years the page offers.
    func benefitYears(today: Day) async throws -> Set<Int> {
        Set(try await store.benefitPayments().map(\.period.start.year).filter { $0 <= today.year })
    }

    /// The year's whole reconciliation with Ydelsesrefusion (every line, not the 100 the page
    /// shows) and its summary per benefit and month, with full CPR numbers: audit-logged.
    func export(year: Int?, by session: WebSession) async throws -> Response {
        // Without a year, the page's: the latest with benefits (read only then: it is every payment).
        var chosen = year
        if chosen == nil { chosen = try await benefitYears(today: today()).max() }
        guard let year = chosen else {
            throw HTTPError(.notFound, message: "Der er ingen ydelser at afstemme; importér ydelser og yr-beregning først.")
        }
        let (_, lines, _) = try await StaircaseService(store: store).reconcile(year: year)
        try await store.appendAudit(
            username: session.username, action: .export, cpr: nil, page: Route.exportReconciliation.path(),
            purpose: "eksport af afstemningen med Ydelsesrefusion \(year): \(DanishFormat.count(lines.count, "linje", "linjer")) med CPR")
        return try Download.xlsx(YRExport.sheets(lines), name: "afstemning-ydelsesrefusion-\(year).xlsx")
    }
}
