import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct ResultGrantContent: PageContent {
    static let template = Template.resultGrant
    struct Row: Sendable {
        let cpr: String, kind: String, start: String, tier: String, status: String, earnedOn: String, amount: String, reason: String
        let claimed: String, unclaimed: Bool, source: String?
    }
    var persons: Int
    var earned: String
    var pending: String
    var unclaimed: String
    var lost: Int
    var rows: [Row]
    var empty: Bool
    var chart: String
    var canCompute: Bool
}

/// Resultattilskud: results earned and not claimed, results that will be earned if a job or an
/// education continues, and results that give nothing, with the reason and the rate's source.
struct ResultGrantPages: Sendable {
    let store: any Store
    let today: @Sendable () -> Day

    func page(viewer session: WebSession) async throws -> Page {
        let sight = try await Access.sight(session, store: store)
        let persons = try await ResultGrantService(store: store).analyse(today: today()).filter { sight.allows($0.cpr) }
        let all = persons.flatMap(\.assessments)
        let sum = { (o: GrantAssessment.Outcome) in all.filter { $0.outcome == o }.reduce(Money.zero) { $0 + $1.amount } }
        // Earned first, then pending, then lost; within each, by start.
        let order: [GrantAssessment.Outcome: Int] = [.earned: 0, .pending: 1, .lost: 2]
        var sorted: [(order: Int, start: Day, row: ResultGrantContent.Row)] = []
        for p in persons {
            for a in p.assessments {
                sorted.append(
                    (
                        order[a.outcome] ?? 3, a.start,
                        .init(
                            cpr: p.cpr.masked, kind: a.kind.danishName, start: a.start.danish, tier: a.tier?.danishName ?? "–",
                            status: a.outcome.rawValue,
                            earnedOn: a.earnedOn?.danish ?? "", amount: a.amount.danish, reason: a.reason, claimed: p.claimed.danish,
                            unclaimed: a.outcome == .earned && p.unclaimed != .zero, source: a.parameter?.source)
                    ))
            }
        }
        sorted.sort { ($0.order, $0.start) < ($1.order, $1.start) }
        var byYear: [Int: Money] = [:]
        for a in all where a.outcome == .earned { if let y = a.earnedOn?.year { byYear[y, default: .zero] = byYear[y, default: .zero] + a.amount } }
        return Page(
            Scheme.resultGrant.title, section: .resultGrant,
            ResultGrantContent(
                persons: persons.count, earned: sum(.earned).danishKroner, pending: sum(.pending).danishKroner,
                unclaimed: persons.reduce(Money.zero) { $0 + $1.unclaimed }.danishKroner, lost: all.filter { $0.outcome == .lost }.count,
                rows: sorted.map(\.row), empty: persons.isEmpty,
                chart: SVGChart.columns(
                    byYear.sorted { $0.key < $1.key }.map { .init(label: String($0.key), value: $0.value) },
                    title: "Optjent resultattilskud pr. udbetalingsår"), canCompute: Access.allows(session, .runComputations)))
    }

    func export(by session: WebSession) async throws -> Response {
        let persons = try await ResultGrantService(store: store).analyse(today: today())
        try await store.appendAudit(
            username: session.username, action: .export, cpr: nil, page: Route.exportResultGrant.path(),
            purpose: "eksport af \(persons.count) personer med CPR")
        return try Download.xlsx(
            [ResultGrantExport.sheet(persons.map { ($0.cpr, $0.programStart, $0.claimed, $0.assessments) })], name: "resultattilskud.xlsx")
    }
}
