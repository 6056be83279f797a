import HjemtagCore
import HjemtagSchemes
import HjemtagStore

/// The mellemkommunal overview's two claim lists as one valuation of the claims shows them:
/// ordered by urgency, the pages asked for made into rows, with the totals and the two charts.
/// For a viewer who sees every citizen they are the same on every view until a claim changes or
/// the day turns (a new valuation), so the page keeps them by the valuation and the pages asked
/// for: making the rows, ordering the claims and the charts were 30 % of the page under load at
/// Copenhagen's size (issue 22 § 4, `perf record`).
struct ClaimLists: Sendable {
    var outgoing: ListPage<IntermunicipalContent.Claim>
    var outgoingRows: SplicedHTML
    var incoming: ListPage<IntermunicipalContent.Claim>
    var incomingRows: SplicedHTML
    /// Ours are worth what is still claimable; the time-barred help is the loss beside it.
    var outTotal: String
    var lost: String
    var inTotal: String
    var inAccepted: String
    /// Ours whose deadline is critical or near.
    var urgent: Int
    var payerChart: String
    var yearChart: String

    /// The lists of `valued` that `sight` may see, each at its page in `pages`.
    init(_ valued: ValuedClaims, sight: PersonSight, pages: [String: Int]) {
        let visible = ClaimUrgency.sorted(valued).filter { sight.allows(valued.claims[$0].draft.cpr) }
        func row(_ i: Int) -> IntermunicipalContent.Claim {
            let c = valued.claims[i]
            let (amount, timeBarred) = IntermunicipalPages.shown(valued, i)
            return IntermunicipalContent.Claim(
                href: Route.intermunicipalClaim.path(c.id), id: c.id, cpr: c.draft.cpr.masked,
                counterpart: ResidenceEpisode.name(c.draft.counterpart),
                period: "\(c.draft.from.danish)-\(c.draft.to.danish)", amount: amount.danish, timeBarred: timeBarred?.danish ?? "",
                accepted: c.draft.accepted?.danish ?? "",
                status: c.status.danishName, verdict: c.draft.verdict?.danishText ?? "", urgency: ClaimUrgency.text(valued, i),
                level: ClaimUrgency.urgency(valued, i)?.level ?? "ok")
        }
        let out = visible.filter { valued.claims[$0].draft.direction == .outgoing }
        let inc = visible.filter { valued.claims[$0].draft.direction == .incoming }
        var ours = ClaimValue()
        var byYear: [Int: Money] = [:]
        var byCounterpart: [Int: Money] = [:]
        for i in out {
            ours = ours + valued.values[i]
            let counterpart = valued.claims[i].draft.counterpart
            byCounterpart[counterpart, default: .zero] = byCounterpart[counterpart, default: .zero] + valued.values[i].claimable
            for (year, amount) in valued.claimableByHelpYear[i] { byYear[year, default: .zero] = byYear[year, default: .zero] + amount }
        }
        var byPayer: [String: Money] = [:]
        for (code, amount) in byCounterpart {
            byPayer[ResidenceEpisode.name(code), default: .zero] = byPayer[ResidenceEpisode.name(code), default: .zero] + amount
        }
        var inTotal = Money.zero
        var inAccepted = Money.zero
        for i in inc {
            inTotal = inTotal + valued.claims[i].draft.amount
            inAccepted = inAccepted + (valued.claims[i].draft.accepted ?? .zero)
        }
        outgoing = IntermunicipalPages.paged(out, IntermunicipalPages.pageParameters.outgoing, pages).map(row)
        incoming = IntermunicipalPages.paged(inc, IntermunicipalPages.pageParameters.incoming, pages).map(row)
        outgoingRows = SplicedHTML(IntermunicipalRowsHTML.claims(outgoing.rows, received: false))
        incomingRows = SplicedHTML(IntermunicipalRowsHTML.claims(incoming.rows, received: true))
        outTotal = ours.claimable.danishKroner
        lost = ours.timeBarred.danishKroner
        self.inTotal = inTotal.danishKroner
        self.inAccepted = inAccepted.danishKroner
        urgent = out.filter { ["kritisk", "varsel"].contains(ClaimUrgency.urgency(valued, $0)?.level ?? "") }.count
        payerChart = SVGChart.rows(
            byPayer.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map { .init(label: $0.key, value: $0.value) },
            title: "Vores krav pr. betalende kommune")
        yearChart = SVGChart.columns(
            byYear.sorted { $0.key < $1.key }.map { .init(label: String($0.key), value: $0.value) }, title: "Vores krav pr. år for hjælpen")
    }
}
