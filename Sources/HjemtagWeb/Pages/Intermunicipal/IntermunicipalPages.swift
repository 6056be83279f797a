import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// Mellemkommunal refusion: persons with a payer other than us, claims out and in by urgency,
/// a claim with its history and letter, and a citizen's history as a timeline.
struct IntermunicipalPages: Sendable {
    let store: any Store
    let views: Views
    let today: @Sendable () -> Day

    func overview(_ request: Request, _ session: WebSession) async throws -> HTML {
        let today = self.today()
        let own = try await store.ownMunicipality()
        let analysis = try await IntermunicipalService(store: store).analyse(today: today)
        var persons: [[String: Any]] = []
        let sight = try await Access.sight(session, store: store)
        for p in analysis.persons where p.hasPayer {
            guard sight.allows(p.cpr) else { continue }
            let current = p.periods.last!
            let payers = Set(p.periods.compactMap(\.payer)).map(ResidenceEpisode.name).sorted().joined(separator: ", ")
            persons.append(["key": p.key, "cpr": p.cpr.masked, "stay": "\(current.episode.housing.danishName), \(current.episode.municipalityName)",
                            "payers": payers, "we_pay": p.periods.contains { $0.payer == analysis.own }, "rule": (current.origin ?? current.rule).rawValue,
                            "review": p.reviews.joined(separator: "; ")])
        }
        var outgoing: [[String: Any]] = [], incoming: [[String: Any]] = []
        let claims = ClaimUrgency.sorted(try await store.claims(direction: nil, includeInactive: false), today: today)
        let visible = claims.filter { sight.allows($0.draft.cpr) }
        for c in visible {
            let u = ClaimUrgency.urgency(c, today: today)
            let row: [String: Any] = ["id": c.id, "cpr": c.draft.cpr.masked, "counterpart": ResidenceEpisode.name(c.draft.counterpart),
                                      "period": "\(c.draft.from.danish)-\(c.draft.to.danish)", "amount": c.draft.amount.danish,
                                      "accepted": c.draft.accepted?.danish ?? "", "status": c.status.danishName,
                                      "verdict": c.draft.verdict?.danishText ?? "", "urgency": ClaimUrgency.text(c, today: today), "level": u?.level ?? "ok"]
            if c.draft.direction == .outgoing { outgoing.append(row) } else { incoming.append(row) }
        }
        let out = visible.filter { $0.draft.direction == .outgoing }
        let inc = visible.filter { $0.draft.direction == .incoming }
        let sum: ([StoredClaim]) -> Money = { $0.reduce(.zero) { $0 + $1.draft.amount } }
        let lost = out.filter { $0.status == .identified }.flatMap(\.draft.lines).filter { $0.deadline < today }.reduce(Money.zero) { $0 + $1.amount }
        var byPayer: [String: Money] = [:]
        for c in out { byPayer[ResidenceEpisode.name(c.draft.counterpart), default: .zero] = byPayer[ResidenceEpisode.name(c.draft.counterpart), default: .zero] + c.draft.amount }
        var byYear: [Int: Money] = [:]
        for c in out { for l in c.draft.lines { byYear[l.month.year, default: .zero] = byYear[l.month.year, default: .zero] + l.amount } }
        return views.page("intermunicipal", title: "Mellemkommunal refusion", session: session, active: "mellemkommunal", [
            "kommune": own?.name ?? "", "persons": persons, "person_count": persons.count,
            "outgoing": outgoing, "incoming": incoming, "out_total": sum(out).danishKroner, "in_total": sum(inc).danishKroner,
            "in_accepted": inc.reduce(Money.zero) { $0 + ($1.draft.accepted ?? .zero) }.danishKroner, "lost": lost.danishKroner,
            "urgent": out.filter { ["kritisk", "varsel"].contains(ClaimUrgency.urgency($0, today: today)?.level ?? "") }.count,
            "payer_chart": SVGChart.rows(byPayer.sorted { $0.value > $1.value }.prefix(12).map { .init(label: $0.key, value: $0.value) }, title: "Vores krav pr. betalende kommune"),
            "year_chart": SVGChart.columns(byYear.sorted { $0.key < $1.key }.map { .init(label: String($0.key), value: $0.value) }, title: "Vores krav pr. år for hjælpen"),
            "can_compute": Access.allows(session, .changeCases), "csrf": session.csrfToken, "empty": analysis.persons.isEmpty,
            "parameters": analysis.parameters.map { ["text": $0.title, "value": Danish.parameterValue($0.value, unit: $0.unit), "period": $0.period, "source": $0.source] },
        ])
    }

    func compute(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let form = try await request.form(CSRFForm.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        try await IntermunicipalService(store: store).run(by: session.username, today: today())
        return Redirect.to("/mellemkommunal")
    }

    /// The citizen's history: full CPR, so every view is logged.
    func person(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> HTML {
        guard let key = context.parameters.get("key", as: Int.self),
              let p = try await IntermunicipalService(store: store).person(key: key, today: today()) else { throw HTTPError(.notFound, message: "Borgeren findes ikke.") }
        try await Access.requireSight(p.cpr, session, store: store)
        try await store.appendAudit(username: session.username, action: "vis", cpr: p.cpr, page: "/mellemkommunal/borger/\(key)", purpose: "mellemkommunal opholdshistorik")
        let claims = try await store.claims(direction: nil, includeInactive: true).filter { $0.draft.cpr == p.cpr }
        return views.page("intermunicipal_person", title: "Opholdshistorik", session: session, active: "mellemkommunal", [
            "cpr": p.cpr.formatted, "key": key, "timeline": Timeline.svg(p.periods, today: today()),
            "periods": p.periods.map { x in
                ["from": x.from.danish, "to": x.to?.danish ?? "", "where": "\(x.episode.housing.danishName), \(x.episode.municipalityName)",
                 "offer": x.episode.offer ?? "", "referral": x.episode.referral.danishText, "hk": x.handlekommune.map(ResidenceEpisode.name) ?? "–",
                 "payer": x.payer.map(ResidenceEpisode.name) ?? "ingen refusion", "rule": x.rule.rawValue, "review": x.review ?? false,
                 "tree": ExplanationHTML.render(x.explanation), "from_iso": x.from.iso, "can_mark": x.payer == nil && x.episode.housing.continuesChain]
            },
            "has_pension": !p.pension.isEmpty,
            "pension": p.pension.map { ["basis": $0.basis.rawValue, "payer": ResidenceEpisode.name($0.payer), "receiver": ResidenceEpisode.name($0.receiver),
                                        "from": $0.from.danish, "to": $0.to?.danish ?? ""] },
            "claims": claims.map { ["id": $0.id, "direction": $0.draft.direction.danishName, "counterpart": ResidenceEpisode.name($0.draft.counterpart),
                                    "amount": $0.draft.amount.danish, "status": $0.status.danishName] },
            "can_change": Access.allows(session, .changeCases), "csrf": session.csrfToken,
        ])
    }

    struct PassivityForm: Decodable { var csrf: String; var fra: String; var grund: String }

    func markPassivity(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        guard let key = context.parameters.get("key", as: Int.self), let first = try await store.residenceEpisode(id: key) else {
            throw HTTPError(.notFound, message: "Borgeren findes ikke.")
        }
        try await Access.requireSight(first.episode.cpr, session, store: store)
        let form = try await request.form(PassivityForm.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        guard let from = Day(parsing: form.fra) else { throw HTTPError(.badRequest, message: "Skriv en gyldig dato for passiviteten.") }
        let reason = form.grund.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 10 else { throw HTTPError(.badRequest, message: "Skriv en begrundelse for passiviteten (mindst 10 tegn).") }
        try await store.addPassivityMark(PassivityMark(cpr: first.episode.cpr, from: from, reason: reason, setBy: session.username))
        try await store.appendAudit(username: session.username, action: "ret", cpr: first.episode.cpr, page: "/mellemkommunal/borger/\(key)", purpose: "passivitet registreret")
        try await IntermunicipalService(store: store).run(by: session.username, today: today())
        return Redirect.to("/mellemkommunal/borger/\(key)")
    }

    func loadClaim(_ context: AppContext, _ session: WebSession) async throws -> StoredClaim {
        guard let id = context.parameters.get("id", as: Int.self), let claim = try await store.claim(id: id) else {
            throw HTTPError(.notFound, message: "Kravet findes ikke.")
        }
        try await Access.requireSight(claim.draft.cpr, session, store: store)
        return claim
    }

    func claim(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> HTML {
        let c = try await loadClaim(context, session)
        try await store.appendAudit(username: session.username, action: "vis", cpr: c.draft.cpr, page: "/mellemkommunal/krav/\(c.id)", purpose: "mellemkommunalt krav")
        let personKey = try await store.residenceEpisodes(cpr: c.draft.cpr).map(\.id).min()
        return views.page("intermunicipal_claim", title: "Krav \(c.id)", session: session, active: "mellemkommunal", [
            "id": c.id, "direction": c.draft.direction.danishName, "outgoing": c.draft.direction == .outgoing, "cpr": c.draft.cpr.formatted,
            "counterpart": ResidenceEpisode.name(c.draft.counterpart), "period": "\(c.draft.from.danish)-\(c.draft.to.danish)",
            "amount": c.draft.amount.danishKroner, "accepted": c.draft.accepted?.danishKroner ?? false, "basis": c.draft.legalBasis,
            "status": c.status.danishName, "verdict": c.draft.verdict?.danishText ?? false, "reference": c.draft.reference ?? false, "has_lines": !c.draft.lines.isEmpty,
            "deadline": c.draft.deadline?.danish ?? "", "urgency": ClaimUrgency.text(c, today: today()), "person_key": personKey ?? false,
            "reasons": c.draft.reasons, "lines": c.draft.lines.map { ["month": $0.month.danishName, "function": $0.function, "paragraph": $0.paragraph ?? "",
                                                                    "text": $0.text ?? "", "amount": $0.amount.danish, "deadline": $0.deadline.danish, "basis": $0.legalBasis] },
            "events": try await store.claimEvents(claimID: c.id).map { ["at": Danish.timestamp($0.at), "by": $0.username, "from": $0.from?.danishName ?? "–",
                                                                       "to": $0.to.danishName, "note": $0.note ?? ""] },
            "next": c.status.next.map { ["value": $0.rawValue, "name": $0.danishName] }, "can_change": Access.allows(session, .changeCases) && !c.status.next.isEmpty,
            "csrf": session.csrfToken,
        ])
    }

    struct StatusForm: Decodable { var csrf: String; var status: String; var note: String? }

    func setStatus(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let c = try await loadClaim(context, session)
        let form = try await request.form(StatusForm.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        guard let status = ClaimStatus(rawValue: form.status) else { throw HTTPError(.badRequest, message: "Ukendt status.") }
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try await store.setClaimStatus(id: c.id, to: status, note: note?.isEmpty == true ? nil : note, by: session.username)
        } catch let e as ClaimError {
            throw HTTPError(.conflict, message: e.description)
        }
        return Redirect.to("/mellemkommunal/krav/\(c.id)")
    }

    /// The printable letter, its own document with the print stylesheet linked (CSP: no inline styles).
    func letter(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let c = try await loadClaim(context, session)
        guard c.draft.direction == .outgoing, let ours = try await store.ownMunicipality(), let theirs = Kommune.byCode(c.draft.counterpart) else {
            throw HTTPError(.notFound, message: "Der skrives kun brev til vores egne krav.")
        }
        try await store.appendAudit(username: session.username, action: "eksport", cpr: c.draft.cpr, page: "/mellemkommunal/krav/\(c.id)/brev", purpose: "kravbrev")
        let content = ClaimLetter.Content(ours: ours, theirs: theirs, reference: "MK-\(c.id)", cpr: c.draft.cpr, from: c.draft.from, to: c.draft.to,
                                          legalBasis: c.draft.legalBasis, reasons: c.draft.reasons, allLines: c.draft.lines, date: today(), sender: session.username)
        return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(string: ClaimLetter.render(content, style: .linked("/static/brev.css")))))
    }

    func export(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let a = try await IntermunicipalService(store: store).analyse(today: today())
        let sheets = IntermunicipalExport.sheets(periods: a.persons.map { ($0.cpr, $0.periods) }, outgoing: a.outgoing, incoming: a.incoming)
        try await store.appendAudit(username: session.username, action: "eksport", cpr: nil, page: "/mellemkommunal/eksport.xlsx",
                                    purpose: "eksport af \(a.persons.count) borgeres betalingsperioder med CPR")
        return try Download.xlsx(sheets, name: "mellemkommunal.xlsx")
    }
}

/// A citizen's residence history as a timeline: one bar per episode, coloured by who pays.
enum Timeline {
    static func svg(_ periods: [PayerPeriod], today: Day, width: Int = 900) -> String {
        guard let first = periods.first?.from else { return "" }
        let last = max(periods.compactMap(\.to).max() ?? today, today)
        let span = max(last - first, 1)
        let left = 10, right = width - 10, rowHeight = 34, top = 30
        let height = top + rowHeight * periods.count + 30
        func x(_ d: Day) -> Int { left + Int(Double(right - left) * Double(d - first) / Double(span)) }
        var svg = ##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \##(width) \##(height)" role="img" aria-label="Opholdshistorik" class="chart timeline">"##
        svg += "<title>Opholdshistorik</title>"
        let legend = [("#8a96a3", "ingen refusion"), ("#e08a1e", "anden kommune betaler"), ("#2f6db0", "ophold i udlandet / ukendt")]
        for (i, l) in legend.enumerated() {
            svg += ##"<rect x="\##(left + i * 190)" y="6" width="12" height="12" fill="\##(l.0)"/><text x="\##(left + i * 190 + 16)" y="16" font-size="12" fill="#1d2733">\##(l.1)</text>"##
        }
        var year = first.year + 1
        while let d = Day(year: year, month: 1, day: 1), d <= last {
            svg += ##"<line x1="\##(x(d))" y1="\##(top - 4)" x2="\##(x(d))" y2="\##(height - 24)" stroke="#d5dbe1"/>"##
            svg += ##"<text x="\##(x(d))" y="\##(height - 8)" text-anchor="middle" font-size="11" fill="#5b6775">\##(year)</text>"##
            year += max(1, (last.year - first.year) / 12)
        }
        for (i, p) in periods.enumerated() {
            let y = top + i * rowHeight
            let x1 = x(p.from), x2 = max(x(p.to ?? last), x1 + 3)
            let colour = p.payer != nil ? "#e08a1e" : ([.abroad, .unknown].contains(p.episode.housing) ? "#2f6db0" : "#8a96a3")
            let label = "\(p.episode.housing.danishName), \(p.episode.municipalityName)" + (p.payer.map { " – betaler: \(ResidenceEpisode.name($0))" } ?? "")
            svg += ##"<rect x="\##(x1)" y="\##(y)" width="\##(x2 - x1)" height="14" fill="\##(colour)"><title>\##(HTMLText.escaped(label)) (\##(p.from.danish)-\##(p.to?.danish ?? ""))</title></rect>"##
            let anchorLeft = x1 < width / 2
            svg += ##"<text x="\##(anchorLeft ? x1 : x2)" y="\##(y + 27)" text-anchor="\##(anchorLeft ? "start" : "end")" font-size="11" fill="#1d2733">\##(HTMLText.escaped("\(p.rule.rawValue): \(label)"))</text>"##
        }
        return svg + "</svg>"
    }
}
