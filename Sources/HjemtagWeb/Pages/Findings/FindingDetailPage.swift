import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct FindingContent: PageContent {
    static let template = Template.finding
    struct Event: Sendable { let at: String, by: String, what: String, note: String }
    let id: Int
    let scheme: String
    let year: Int
    let kind: String
    let subject: String
    let amount: String
    let direction: String
    let payBack: Bool
    let text: String
    let status: String
    let note: String?
    let assignee: String
    let inactive: Bool
    let createdAt: String
    let updatedAt: String
    let subjectHref: String
    let subjectLabel: String
    let canChange: Bool
    let statusAction: String
    let assignAction: String
    let statuses: [FindingsContent.Option]
    let people: [FindingsContent.Option]
    let events: [Event]
    /// An ambiguous OS2bos match: the postings to choose between, and where the choice is sent.
    let candidates: [FindingDetailPage.Candidate]
    let choosing: Bool
    let decideAction: String
}

/// One finding: what it is, where its subject is explained, who handles it, and its history.
struct FindingDetailPage: Sendable {
    let store: any Store

    func page(id: Int, viewer session: WebSession) async throws -> Page {
        let f = try await load(id, session)
        if let cpr = f.finding.cprs.first {
            try await store.appendAudit(username: session.username, action: .view, cpr: cpr, page: Route.finding.path(id), purpose: "fund")
        }
        let subject = try await subjectLink(f)
        let sight = try await Access.sight(session, store: store)
        let candidates = try await self.candidates(f.finding)
        return Page(
            "Fund nr. \(id)", section: .findings,
            FindingContent(
                id: id, scheme: f.finding.scheme.title, year: f.finding.year, kind: f.finding.spokenKind,
                subject: f.finding.cprs.isEmpty ? "ingen borger (data eller bogføring)" : f.finding.cprs.map(\.masked).joined(separator: ", "),
                amount: f.finding.amount.danishKroner,
                direction: f.finding.direction.danishName.prefix(1).uppercased() + f.finding.direction.danishName.dropFirst(),
                payBack: f.finding.direction == .payBack,
                text: f.finding.text, status: f.status.danishName, note: f.note, assignee: f.assignedTo ?? "ingen", inactive: !f.active,
                createdAt: Danish.timestamp(f.createdAt), updatedAt: Danish.timestamp(f.updatedAt), subjectHref: subject.href,
                subjectLabel: subject.label, canChange: Access.canChange(f.finding, session, sight: sight),
                statusAction: Route.setFindingStatus.path(id), assignAction: Route.assignFinding.path(id),
                statuses: FindingStatus.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0 == f.status) },
                people: [.init(value: "-", name: "ingen", selected: f.assignedTo == nil)]
                    + (try await FindingPages.assignable(store)).map { .init(value: $0, name: $0, selected: $0 == f.assignedTo) },
                events: try await store.findingEvents(findingID: id).reversed().map(Self.event), candidates: candidates,
                choosing: !candidates.isEmpty, decideAction: Route.decidePayment.path(id)))
    }

    static func event(_ e: FindingEvent) -> FindingContent.Event {
        let what: String
        switch e.change {
        case .status(let from, let to): what = from.map { "status: \($0.danishName) → \(to.danishName)" } ?? "status: \(to.danishName)"
        case .assignment(let to): what = "tildelt: \(to ?? "ingen")"
        }
        return .init(at: Danish.timestamp(e.at), by: e.username, what: what, note: e.note ?? "")
    }

    func load(_ id: Int, _ session: WebSession) async throws -> StoredFinding {
        guard let f = try await store.finding(id: id) else { throw HTTPError(.notFound, message: "Fund nr. \(id) findes ikke.") }
        guard try await Access.canSee(f.finding, session, store: store) else { throw Access.outsideDepartments }
        return f
    }

    /// Where the finding's subject is explained: the SDE subject's computation, the
    /// mellemkommunal claim or residence history, otherwise the scheme's page for the year.
    func subjectLink(_ f: StoredFinding) async throws -> (href: String, label: String) {
        let key = f.finding.subjectKey
        switch f.finding.scheme {
        case .sde:
            if let id = try await store.sdeSubjectID(year: f.finding.year, key: key) { return (Route.sdeSubject.path(id), "SDE-opgørelsen") }
        case .intermunicipal:
            if key.hasPrefix("person:"), let person = Int(key.dropFirst("person:".count)) {
                return (Route.intermunicipalPerson.path(person), "opholdshistorikken")
            }
            let claimKey = key.hasSuffix(":foraeldet") ? String(key.dropLast(":foraeldet".count)) : key
            if let claim = try await store.claims(direction: nil, includeInactive: true).first(where: { $0.draft.key == claimKey }) {
                return (Route.intermunicipalClaim.path(claim.id), "kravet")
            }
        default:
            break
        }
        let page = Route.page(of: f.finding.scheme)
        let withYear = page == .sde || page == .staircase || page == .budget
        return (withYear ? Paging.link(page.path(), ["aar": String(f.finding.year)]) : page.path(), "\(f.finding.scheme.title), \(f.finding.year)")
    }

    struct AssignForm: Decodable { var tildel: String }

    func assign(id: Int, form read: () async throws -> AssignForm, by session: WebSession, pages: FindingPages) async throws -> Response {
        try await pages.requireChangeable([id], session)
        let form = try await read()
        let assignee = form.tildel.isEmpty ? FindingChange.Assignee.nobody : try await pages.assignee(form.tildel)
        try await store.changeFindings(ids: [id], FindingChange(assignee: assignee), by: session.username)
        return Redirect.to(Route.finding.path(id))
    }
}
