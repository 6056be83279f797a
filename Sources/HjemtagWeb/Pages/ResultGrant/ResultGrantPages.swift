import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// Resultattilskud: results earned and not claimed, results that will be earned if a job or an
/// education continues, and results that give nothing, with the reason and the rate's source.
struct ResultGrantPages: Sendable {
    let store: any Store
    let views: Views
    let today: @Sendable () -> Day

    func page(_ request: Request, _ session: WebSession) async throws -> HTML {
        let sight = try await Access.sight(session, store: store)
        let persons = try await ResultGrantService(store: store).analyse(today: today()).filter { sight.allows($0.cpr) }
        let all = persons.flatMap(\.assessments)
        let sum = { (o: GrantAssessment.Outcome) in all.filter { $0.outcome == o }.reduce(Money.zero) { $0 + $1.amount } }
        let order: [GrantAssessment.Outcome: Int] = [.earned: 0, .pending: 1, .lost: 2]
        var rows: [[String: Any]] = []
        for p in persons {
            for a in p.assessments {
                rows.append(["cpr": p.cpr.masked, "kind": a.kind.danishName, "start": a.start.danish, "tier": a.tier?.danishName ?? "–",
                             "status": a.outcome.rawValue, "earned_on": a.earnedOn?.danish ?? "", "amount": a.amount.danish, "reason": a.reason,
                             "claimed": p.claimed.danish, "unclaimed": a.outcome == .earned && p.unclaimed != .zero, "source": a.parameter?.source ?? false,
                             "order": order[a.outcome] ?? 3, "start_iso": a.start.iso])
            }
        }
        rows.sort { (($0["order"] as! Int), ($0["start_iso"] as! String)) < (($1["order"] as! Int), ($1["start_iso"] as! String)) }
        var byYear: [Int: Money] = [:]
        for a in all where a.outcome == .earned { if let y = a.earnedOn?.year { byYear[y, default: .zero] = byYear[y, default: .zero] + a.amount } }
        return views.page("resultgrant", title: "Resultattilskud", session: session, active: "resultattilskud", [
            "persons": persons.count, "earned": sum(.earned).danishKroner, "pending": sum(.pending).danishKroner,
            "unclaimed": persons.reduce(Money.zero) { $0 + $1.unclaimed }.danishKroner, "lost": all.filter { $0.outcome == .lost }.count,
            "rows": rows, "empty": persons.isEmpty,
            "chart": SVGChart.columns(byYear.sorted { $0.key < $1.key }.map { .init(label: String($0.key), value: $0.value) }, title: "Optjent resultattilskud pr. udbetalingsår"),
        ])
    }

    func export(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let persons = try await ResultGrantService(store: store).analyse(today: today())
        try await store.appendAudit(username: session.username, action: "eksport", cpr: nil, page: "/resultattilskud/eksport.xlsx", purpose: "eksport af \(persons.count) personer med CPR")
        return try Download.xlsx([ResultGrantExport.sheet(persons.map { ($0.cpr, $0.programStart, $0.claimed, $0.assessments) })], name: "resultattilskud.xlsx")
    }
}
