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
    let today: @Sendable () -> Day

    /// Rows per list and page: Copenhagen has 1.649 claims of ours and 697 citizens with another
    /// payer, half a megabyte of HTML on one page. Every row is in the XLSX.
    static let pageSize = 100
    /// The lists' pages in the address, each list paged on its own.
    static let pageParameters = (outgoing: "side-krav", incoming: "side-modtagne", persons: "side-borgere")
    /// The claim lists by valuation (`ValuedClaims.serial`) and the pages asked for.
    let claimLists = KeptValues<Int, [String: Int], ClaimLists>(capacity: 32)

    /// One list's page: `parameter` names it in the address, the other lists keep theirs.
    static func paged<Row>(_ rows: [Row], _ parameter: String, _ pages: [String: Int]) -> ListPage<Row> {
        ListPage(
            rows, page: pages[parameter], size: pageSize, path: Route.intermunicipal.path(), parameter: parameter,
            others: pages.filter { $0.key != parameter })
    }

    func overview(viewer session: WebSession, pages: [String: Int] = [:]) async throws -> Page {
        let today = self.today()
        let own = try await store.ownMunicipality()
        let analysis = try await IntermunicipalService(store: store).persons(today: today)
        let sight = try await Access.sight(session, store: store)
        let persons = analysis.persons.filter { $0.hasPayer && sight.allows($0.cpr) }
        func personRow(_ p: IntermunicipalPerson) -> IntermunicipalContent.Person {
            let current = p.periods.last!
            let payers = Set(p.periods.compactMap(\.payer)).map(ResidenceEpisode.name).sorted().joined(separator: ", ")
            return .init(
                href: Route.intermunicipalPerson.path(p.key), cpr: p.cpr.masked,
                stay: "\(current.episode.housing.danishName), \(current.episode.municipalityName)", payers: payers,
                wePay: p.periods.contains { $0.payer == analysis.own }, rule: (current.origin ?? current.rule).rawValue,
                review: p.reviews.joined(separator: "; "))
        }
        // Valued once per day and claims' version by the store; the lists are kept by the
        // valuation for those who see every citizen.
        let valued = try await store.valuedClaims(on: today)
        let lists =
            sight.persons == nil
            ? await claimLists.value(at: valued.serial, pages) { ClaimLists(valued, sight: sight, pages: pages) }
            : ClaimLists(valued, sight: sight, pages: pages)
        let personPage = Self.paged(persons, Self.pageParameters.persons, pages).map(personRow)
        return Page(
            Scheme.intermunicipal.title, section: .intermunicipal,
            IntermunicipalContent(
                kommune: own?.name ?? "", persons: personPage, personRows: SplicedHTML(IntermunicipalRowsHTML.persons(personPage.rows)),
                personCount: persons.count, outgoing: lists.outgoing, outgoingRows: lists.outgoingRows,
                incoming: lists.incoming, incomingRows: lists.incomingRows,
                outTotal: lists.outTotal, inTotal: lists.inTotal, inAccepted: lists.inAccepted, lost: lists.lost, urgent: lists.urgent,
                payerChart: lists.payerChart, yearChart: lists.yearChart,
                canCompute: Access.allows(session, .runComputations), canExport: Access.allows(session, .exportAllPersons),
                empty: analysis.persons.isEmpty,
                parameters: analysis.parameters.map(ParameterLine.init))
        ).noting(try await ComputationLedger(store: store).staleness(.intermunicipal).map { [$0] } ?? [])
    }

    /// What a claim is shown as worth: ours, the help still claimable and the time-barred rest;
    /// a received claim, what it asks (nil: no time-barred figure of ours).
    static func shown(_ c: StoredClaim, today: Day) -> (amount: Money, timeBarred: Money?) {
        guard c.draft.direction == .outgoing else { return (c.draft.amount, nil) }
        let value = c.value(today: today)
        return (value.claimable, value.timeBarred)
    }

    /// The same for a claim of a valuation, by its position.
    static func shown(_ v: ValuedClaims, _ i: Int) -> (amount: Money, timeBarred: Money?) {
        guard v.claims[i].draft.direction == .outgoing else { return (v.claims[i].draft.amount, nil) }
        return (v.values[i].claimable, v.values[i].timeBarred)
    }

    /// The citizen's history: full CPR, so every view is logged.
    func person(key: Int, viewer session: WebSession) async throws -> Page {
        guard let p = try await IntermunicipalService(store: store).person(key: key, today: today()) else {
            throw HTTPError(.notFound, message: "Borgeren findes ikke.")
        }
        try await Access.requireSight(p.cpr, session, store: store)
        try await store.appendAudit(
            username: session.username, action: .view, cpr: p.cpr, page: Route.intermunicipalPerson.path(key),
            purpose: "mellemkommunal opholdshistorik")
        let claims = try await store.claims(direction: nil, includeInactive: true).filter { $0.draft.cpr == p.cpr }
        return Page(
            "Opholdshistorik", section: .intermunicipal,
            IntermunicipalPersonContent(
                cpr: p.cpr.formatted, timeline: Timeline.svg(p.periods, today: today()),
                periods: p.periods.map { x in
                    .init(
                        from: x.from.danish, to: x.to?.danish ?? "", where: "\(x.episode.housing.danishName), \(x.episode.municipalityName)",
                        offer: x.episode.offer ?? "", referral: x.episode.referral.danishText, hk: x.handlekommune.map(ResidenceEpisode.name) ?? "–",
                        payer: x.payer.map(ResidenceEpisode.name) ?? "ingen refusion", rule: x.rule.rawValue,
                        source: x.episode.source ?? "opholdsfilen, linje \(x.episode.line)", review: x.review,
                        tree: ExplanationHTML.render(x.explanation), fromIso: x.from.iso, canMark: x.payer == nil && x.episode.housing.continuesChain)
                },
                hasPension: !p.pension.isEmpty,
                pension: p.pension.map {
                    .init(
                        basis: $0.basis.rawValue, payer: ResidenceEpisode.name($0.payer), receiver: ResidenceEpisode.name($0.receiver),
                        from: $0.from.danish, to: $0.to?.danish ?? "")
                },
                claims: claims.map {
                    .init(
                        href: Route.intermunicipalClaim.path($0.id), id: $0.id, direction: $0.draft.direction.danishName,
                        counterpart: ResidenceEpisode.name($0.draft.counterpart), amount: Self.shown($0, today: today()).amount.danish,
                        status: $0.status.danishName)
                },
                canChange: Access.allows(session, .changeCases), passivityAction: Route.markPassivity.path(key)))
    }

    struct PassivityForm: Decodable {
        var fra: String
        var grund: String
    }

    /// The form is read once the citizen is known to be one the user may see.
    func markPassivity(key: Int, form read: () async throws -> PassivityForm, by session: WebSession) async throws -> Response {
        guard let first = try await store.residenceEpisode(id: key) else { throw HTTPError(.notFound, message: "Borgeren findes ikke.") }
        try await Access.requireSight(first.episode.cpr, session, store: store)
        let form = try await read()
        guard let from = Day(parsing: form.fra) else { throw HTTPError(.badRequest, message: "Skriv en gyldig dato for passiviteten.") }
        let reason = form.grund.trimmingCharacters(in: .whitespacesAndNewlines)
        guard reason.count >= 10 else { throw HTTPError(.badRequest, message: "Skriv en begrundelse for passiviteten (mindst 10 tegn).") }
        try await store.addPassivityMark(PassivityMark(cpr: first.episode.cpr, from: from, reason: reason, setBy: session.username))
        try await store.appendAudit(
            username: session.username, action: .change, cpr: first.episode.cpr, page: Route.intermunicipalPerson.path(key),
            purpose: "passivitet registreret")
        try await IntermunicipalService(store: store).run(by: session.username, today: today())
        return Redirect.to(Route.intermunicipalPerson.path(key))
    }

    func loadClaim(_ id: Int, _ session: WebSession) async throws -> StoredClaim {
        guard let claim = try await store.claim(id: id) else { throw HTTPError(.notFound, message: "Kravet findes ikke.") }
        try await Access.requireSight(claim.draft.cpr, session, store: store)
        return claim
    }

    func claim(id: Int, viewer session: WebSession) async throws -> Page {
        let c = try await loadClaim(id, session)
        try await store.appendAudit(
            username: session.username, action: .view, cpr: c.draft.cpr, page: Route.intermunicipalClaim.path(c.id), purpose: "mellemkommunalt krav")
        let personKey = try await store.residenceEpisodes(cpr: c.draft.cpr).map(\.id).min()
        let shown = Self.shown(c, today: today())
        return Page(
            "Krav \(c.id)", section: .intermunicipal,
            IntermunicipalClaimContent(
                id: c.id, direction: c.draft.direction.danishName, outgoing: c.draft.direction == .outgoing, cpr: c.draft.cpr.formatted,
                counterpart: ResidenceEpisode.name(c.draft.counterpart), period: "\(c.draft.from.danish)-\(c.draft.to.danish)",
                amount: shown.amount.danishKroner, timeBarred: shown.timeBarred.flatMap { $0 == .zero ? nil : $0.danishKroner },
                accepted: c.draft.accepted?.danishKroner, basis: c.draft.legalBasis,
                status: c.status.danishName, verdict: c.draft.verdict?.danishText, reference: c.draft.reference, hasLines: !c.draft.lines.isEmpty,
                deadline: c.draft.deadline?.danish ?? "", urgency: ClaimUrgency.text(c, today: today()),
                personHref: personKey.map { Route.intermunicipalPerson.path($0) }, letterHref: Route.claimLetter.path(c.id),
                packHref: Access.allows(session, .exportAllPersons) ? Paging.link(Route.claimEvidencePack.path(), ["krav": String(c.id)]) : nil,
                statusAction: Route.setClaimStatus.path(c.id),
                reasons: c.draft.reasons,
                lines: c.draft.lines.map {
                    .init(
                        month: $0.month.danishName, function: $0.function, paragraph: $0.paragraph ?? "", text: $0.text ?? "",
                        amount: $0.amount.danish, deadline: $0.deadline.danish, basis: $0.legalBasis)
                },
                events: try await store.claimEvents(claimID: c.id).map {
                    .init(
                        at: Danish.timestamp($0.at), by: $0.username, from: $0.from?.danishName ?? "–",
                        to: $0.to.danishName, note: $0.note ?? "")
                },
                next: c.status.next.map { .init(value: $0.rawValue, name: $0.danishName) },
                canChange: Access.allows(session, .changeCases) && !c.status.next.isEmpty))
    }

    struct StatusForm: Decodable {
        var status: String
        var note: String?
    }

    /// The form is read once the claim is known to be one the user may see.
    func setStatus(id: Int, form read: () async throws -> StatusForm, by session: WebSession) async throws -> Response {
        let c = try await loadClaim(id, session)
        let form = try await read()
        guard let status = ClaimStatus(rawValue: form.status) else { throw HTTPError(.badRequest, message: "Ukendt status.") }
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        do {
            try await store.setClaimStatus(id: c.id, to: status, note: note?.isEmpty == true ? nil : note, by: session.username)
        } catch let e as ClaimError {
            throw HTTPError(.conflict, message: e.description)
        }
        return Redirect.to(Route.intermunicipalClaim.path(c.id))
    }

    /// The printable letter, its own document with the print stylesheet linked (CSP: no inline styles).
    func letter(id: Int, by session: WebSession) async throws -> Response {
        let c = try await loadClaim(id, session)
        guard c.draft.direction == .outgoing, let ours = try await store.ownMunicipality(),
            let content = ClaimLetter.Content(claim: c, ours: ours, sender: session.username, date: today())
        else {
            throw HTTPError(.notFound, message: "Der skrives kun brev til vores egne krav.")
        }
        try await store.appendAudit(
            username: session.username, action: .export, cpr: c.draft.cpr, page: Route.claimLetter.path(c.id), purpose: "kravbrev")
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: ClaimLetter.render(content, style: .linked(Route.letterStylesheet.path())))))
    }

    /// The auditor's pack for one claim, or a sample of our claims drawn from a seed.
    func evidencePack(claim: Int?, sample: Int?, seed: UInt64?, by session: WebSession) async throws -> Response {
        let selection: EvidencePack.Selection = claim.map { .subjects([$0]) } ?? .sample(count: sample ?? 10, seed: seed ?? 1)
        let pack: EvidencePack
        do {
            pack = try await EvidencePack.intermunicipal(
                selection: selection, store: store, by: session.username, programVersion: HjemtagVersion.current, today: today(),
                page: Route.claimEvidencePack.path())
        } catch let e as EvidencePack.PackError {
            throw HTTPError(.badRequest, message: e.description)
        }
        let data = try ZipWriter.data(pack.files.map { ($0.path, $0.data) })
        return Download.file(ByteBuffer(data: data), type: "application/zip", name: "revisionspakke-mellemkommunal.zip")
    }

    func export(by session: WebSession) async throws -> Response {
        let a = try await IntermunicipalService(store: store).analyse(today: today())
        let sheets = IntermunicipalExport.sheets(
            periods: a.persons.map { ($0.cpr, $0.periods) }, outgoing: a.outgoing, incoming: a.incoming, today: a.today)
        try await store.appendAudit(
            username: session.username, action: .export, cpr: nil, page: Route.exportIntermunicipal.path(),
            purpose: "eksport af \(a.persons.count) borgeres betalingsperioder med CPR")
        return try Download.xlsx(sheets, name: "mellemkommunal.xlsx")
    }
}
