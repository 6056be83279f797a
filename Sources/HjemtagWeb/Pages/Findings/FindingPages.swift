import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

struct FindingsContent: PageContent {
    static let template = Template.findings
    struct Option: Sendable { let value: String, name: String, selected: Bool }
    struct Row: Sendable {
        let id: Int, scheme: String, year: Int, kind: String, subject: String, amount: String, direction: String
        let payBack: Bool, text: String, status: String, note: String?, canChange: Bool, action: String
        let statuses: [Option]
    }
    var rows: [Row]
    var claim: String
    var payBack: String
    var count: String
    var empty: Bool
    var showing: String?
    var previous: String?
    var next: String?
    var schemes: [Option]
    var year: String
    var filtered: Bool
}

/// The robot's findings across schemes, with status handling.
struct FindingPages: Sendable {
    let store: any Store

    static let pageSize = 200

    /// The filters of the list, as the query string gives them.
    struct Filter: Sendable {
        var scheme: Scheme?
        var year: Int?
        var page = 1
    }

    /// A page of the findings, largest first, with totals over all of them. Everyone but a
    /// caseworker pages in the database; a caseworker's findings are those about their citizens.
    func list(_ filter: Filter, viewer session: WebSession) async throws -> Page {
        let (scheme, year) = (filter.scheme, filter.year)
        let requested = max(1, filter.page)
        var totals = FindingTotals()
        let page: [StoredFinding]
        var pageNumber = requested
        let sight = try await Access.sight(session, store: store)
        if session.role == .sagsbehandler {
            let mine = try await store.findings(scheme: scheme, year: year, includeInactive: false).filter { sight.allows($0.finding) }
            totals = FindingTotals(summing: mine)
            pageNumber = min(requested, Paging.count(totals.count, size: Self.pageSize))
            page = Array(mine.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize))
        } else {
            totals = try await store.findingTotals(scheme: scheme, year: year)
            pageNumber = min(requested, Paging.count(totals.count, size: Self.pageSize))
            page = try await store.findings(scheme: scheme, year: year, limit: Self.pageSize, offset: (pageNumber - 1) * Self.pageSize)
        }
        let rows = page.map { f in
            FindingsContent.Row(
                id: f.id, scheme: f.finding.scheme.rawValue.uppercased(), year: f.finding.year,
                kind: f.finding.kind.replacingOccurrences(of: "_", with: " "),
                subject: f.finding.cprs.isEmpty ? "–" : f.finding.cprs.map(\.masked).joined(separator: ", "),
                amount: f.finding.amount.danish, direction: f.finding.direction.danishName, payBack: f.finding.direction == .payBack,
                text: f.finding.text, status: f.status.danishName, note: f.note, canChange: Access.canChange(f.finding, session, sight: sight),
                action: Route.setFindingStatus.path(f.id),
                statuses: FindingStatus.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0 == f.status) })
        }
        let first = (pageNumber - 1) * Self.pageSize
        let link: (Int) -> String = { n in
            Paging.link(Route.findings.path(), ["ordning": scheme?.rawValue, "aar": year.map(String.init), "side": String(n)])
        }
        return Page(
            "Fund", section: .findings,
            FindingsContent(
                rows: rows, claim: totals.claim.danishKroner, payBack: totals.payBack.danishKroner, count: Danish.integer(totals.count),
                empty: page.isEmpty,
                showing: page.isEmpty
                    ? nil : "Viser \(Danish.integer(first + 1))–\(Danish.integer(first + page.count)) af \(Danish.integer(totals.count))",
                previous: pageNumber > 1 ? link(pageNumber - 1) : nil,
                next: first + page.count < totals.count ? link(pageNumber + 1) : nil,
                schemes: Scheme.withFindings.map { .init(value: $0.rawValue, name: $0.title, selected: $0 == scheme) },
                year: year.map(String.init) ?? "", filtered: scheme != nil || year != nil)
        ).noting(
            try await ComputationLedger(store: store).stale().filter { s in
                (scheme.map { $0 == s.computation.scheme } ?? true) && (year == nil || s.computation.year == nil || s.computation.year == year)
            })
    }

    struct StatusForm: Decodable {
        var status: String
        var note: String?
    }

    /// The form is read only once the finding is known to be one the user may see: someone who
    /// may not learn of it gets the refusal, not a remark on the form.
    func setStatus(id: Int, form read: () async throws -> StatusForm, by session: WebSession) async throws -> Response {
        guard let finding = try await store.finding(id: id) else { throw HTTPError(.notFound, message: "Fundet findes ikke.") }
        guard try await Access.canSee(finding.finding, session, store: store) else { throw Access.outsideDepartments }
        guard Access.canChange(finding.finding, session, sight: try await Access.sight(session, store: store)) else { throw Access.notTheirFinding }
        let form = try await read()
        guard let status = FindingStatus(rawValue: form.status) else { throw HTTPError(.badRequest, message: "Ukendt status.") }
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        try await store.setFindingStatus(id: id, status: status, note: note?.isEmpty == true ? nil : note, by: session.username)
        return Redirect.to(Route.findings.path())
    }
}
