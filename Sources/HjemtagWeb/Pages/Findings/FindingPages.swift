import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird
import Mustache

struct FindingsContent: PageContent {
    static let template = Template.findings
    // The filters' choices and the columns are looked up by name without reflection: Mirror's
    // look-ups in them were a sixth of the list's rendering under load (issue 22 § 4).
    struct Option: Sendable, MustacheParent {
        let value: String, name: String, selected: Bool
        func child(named key: String) -> Any? {
            switch key {
            case "value": return value
            case "name": return name
            case "selected": return selected
            default: return nil
            }
        }
    }
    struct Column: Sendable, MustacheParent {
        let name: String, href: String?, mark: String, numeric: Bool
        func child(named key: String) -> Any? {
            switch key {
            case "name": return name
            case "href": return href
            case "mark": return mark
            case "numeric": return numeric
            default: return nil
            }
        }
    }
    struct Row: Sendable {
        let id: Int, href: String, scheme: String, year: Int, kind: String, subject: String, amount: String, direction: String
        let payBack: Bool, text: String, status: FindingStatus, note: String?, assignee: String, updated: String, canChange: Bool
        let action: String
    }
    /// The rows as the table's body (`FindingRowsHTML`).
    var rowsHTML: SplicedHTML
    var claim: String
    var payBack: String
    var count: String
    var empty: Bool
    var showing: String?
    var previous: String?
    var next: String?
    var schemes: [Option]
    var statuses: [Option]
    var directions: [Option]
    var departments: [Option]
    var assignees: [Option]
    var year: String
    var minimum: String
    var maximum: String
    var filtered: Bool
    var columns: [Column]
    /// The filters' query string, carried by every form so the list comes back as it was.
    var back: String
    /// The citizen searched for, masked for the heading; the number itself rides in the forms.
    var searched: String?
    var searchedCPR: String?
    var saved: String?
    var canChangeAny: Bool
    var people: [Option]
    var downloadXLSX: String
    var downloadCSV: String
    /// The auditor's pack for the scheme and year chosen (staircase, resultattilskud, moms), for the roles that may take it.
    var packHref: String?
}

/// The robot's findings across schemes as a worklist: filtered, sorted, searched by citizen,
/// assigned and changed one by one or in bulk.
struct FindingPages: Sendable {
    let store: any Store

    static let pageSize = 200

    /// A page of the findings with totals over all that the filters let through. A caseworker's
    /// findings are those about their citizens (and those that name no citizen).
    func list(_ filter: FindingFilter, viewer session: WebSession, saved: Int? = nil) async throws -> Page {
        let sight = try await Access.sight(session, store: store)
        if let cpr = filter.cpr {
            try await store.appendAudit(
                username: session.username, action: .view, cpr: cpr, page: Route.findings.path(), purpose: "søgning i fund")
        }
        let query = try await storeQuery(filter, sight: sight)
        var selection = try await store.findings(query, limit: Self.pageSize, offset: (filter.page - 1) * Self.pageSize)
        let pages = Paging.count(selection.totals.count, size: Self.pageSize)
        var pageNumber = filter.page
        if pageNumber > pages {
            pageNumber = pages
            selection = try await store.findings(query, limit: Self.pageSize, offset: (pageNumber - 1) * Self.pageSize)
        }
        let back = filter.query(page: pageNumber)
        // A night's findings share a few change times: each is written out once.
        var timestamps: [String: String] = [:]
        let rows = selection.findings.map { f in
            FindingsContent.Row(
                id: f.id, href: Route.finding.path(f.id), scheme: f.finding.scheme.rawValue.uppercased(), year: f.finding.year,
                kind: f.finding.spokenKind,
                subject: f.finding.cprs.isEmpty ? "–" : f.finding.cprs.map(\.masked).joined(separator: ", "),
                amount: f.finding.amount.danish, direction: f.finding.direction.danishName, payBack: f.finding.direction == .payBack,
                text: f.finding.text, status: f.status, note: f.note, assignee: f.assignedTo ?? "",
                updated: Self.timestamp(f.updatedAt, &timestamps),
                canChange: Access.canChange(f.finding, session, sight: sight), action: Route.setFindingStatus.path(f.id))
        }
        let first = (pageNumber - 1) * Self.pageSize
        let departments = session.role == .sagsbehandler ? session.departments.sorted() : try await store.departmentNames()
        let people = try await Self.assignable(store)
        return Page(
            "Fund", section: .findings,
            FindingsContent(
                rowsHTML: SplicedHTML(
                    FindingRowsHTML.render(
                        rows, selectable: rows.contains(where: \.canChange), csrf: session.csrfToken, back: back,
                        searchedCPR: filter.cpr?.formatted)),
                claim: selection.totals.claim.danishKroner, payBack: selection.totals.payBack.danishKroner,
                count: Danish.integer(selection.totals.count), empty: rows.isEmpty,
                showing: rows.isEmpty
                    ? nil
                    : "Viser \(Danish.integer(first + 1))–\(Danish.integer(first + rows.count)) af \(Danish.integer(selection.totals.count))",
                previous: pageNumber > 1 && filter.cpr == nil ? filter.link(page: pageNumber - 1) : nil,
                next: first + rows.count < selection.totals.count && filter.cpr == nil ? filter.link(page: pageNumber + 1) : nil,
                schemes: Scheme.withFindings.map { .init(value: $0.rawValue, name: $0.title, selected: $0 == filter.scheme) },
                statuses: FindingStatus.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0 == filter.status) },
                directions: Finding.Direction.allCases.map { .init(value: $0.rawValue, name: $0.danishName, selected: $0 == filter.direction) },
                departments: departments.map { .init(value: $0, name: $0, selected: $0 == filter.department) },
                assignees: [.init(value: "-", name: "ingen", selected: filter.assignee == "")]
                    + people.map { .init(value: $0, name: $0, selected: $0 == filter.assignee) },
                year: filter.year.map(String.init) ?? "", minimum: filter.minimum.map(String.init) ?? "",
                maximum: filter.maximum.map(String.init) ?? "", filtered: filter.narrows,
                columns: Self.columns(filter), back: back, searched: filter.cpr?.masked, searchedCPR: filter.cpr?.formatted,
                saved: saved.map { "Ændringen er gemt for \(Danish.integer($0)) fund." },
                canChangeAny: rows.contains(where: \.canChange), people: people.map { .init(value: $0, name: $0, selected: false) },
                downloadXLSX: filter.download("xlsx"), downloadCSV: filter.download("csv"),
                packHref: Self.packHref(filter, session))
        ).noting(
            try await ComputationLedger(store: store).stale().filter { s in
                (filter.scheme.map { $0 == s.computation.scheme } ?? true)
                    && (filter.year == nil || s.computation.year == nil || s.computation.year == filter.year)
            })
    }

    static func timestamp(_ iso: String, _ made: inout [String: String]) -> String {
        if let known = made[iso] { return known }
        let text = Danish.timestamp(iso)
        made[iso] = text
        return text
    }

    static func packHref(_ filter: FindingFilter, _ viewer: WebSession) -> String? {
        guard let scheme = filter.scheme, let year = filter.year, [.staircase, .resultGrant, .vat].contains(scheme),
            Access.allows(viewer, .exportAllPersons)
        else { return nil }
        return Paging.link(Route.findingEvidencePack.path(), ["ordning": scheme.rawValue, "aar": String(year), "stikproeve": "10", "froe": "1"])
    }

    /// What the filters ask of the store, narrowed to the citizens the session may see. A
    /// department's findings are those about its citizens; findings that name no citizen belong to
    /// no department.
    func storeQuery(_ filter: FindingFilter, sight: PersonSight) async throws -> FindingQuery {
        var persons = sight.persons
        var includeUnnamed = true
        if let department = filter.department {
            let inDepartment = try await store.persons(inDepartments: [department])
            persons = persons.map { $0.intersection(inDepartment) } ?? inDepartment
            includeUnnamed = false
        }
        return filter.storeQuery(persons: persons, includeUnnamed: includeUnnamed)
    }

    /// The users a finding can be assigned to: every active user who may change findings.
    static func assignable(_ store: any Store) async throws -> [String] {
        try await store.users().filter { $0.active && Access.allows($0.role, .changeCases) }.map(\.username).sorted()
    }

    /// The list's columns in order; those with an order can be sorted by.
    static let columnTitles: [(FindingOrder?, String, Bool)] = [
        (.id, "Nr.", true), (.scheme, "Ordning", false), (.year, "År", false), (.kind, "Type", false), (nil, "Emne", false),
        (.amount, "Beløb", true), (.direction, "Retning", false), (nil, "Beskrivelse", false), (.assignee, "Tildelt", false),
        (.status, "Status", false), (.updated, "Ændret", false),
    ]

    /// Each sortable column's heading links to the list sorted by it; the sorted one carries its arrow.
    static func columns(_ filter: FindingFilter) -> [FindingsContent.Column] {
        columnTitles.map { order, name, numeric in
            FindingsContent.Column(
                name: name, href: order.map { filter.sorted(by: $0).link() },
                mark: order.map { filter.order == $0 ? (filter.descending ? " ▼" : " ▲") : "" } ?? "", numeric: numeric)
        }
    }

    /// The citizen searched for, from the search form (a POST body, never an address).
    struct SearchForm: Decodable {
        var cpr: String?
        var tilbage: String?
    }

    func search(_ form: SearchForm, viewer session: WebSession) async throws -> Page {
        var filter = try Self.filter(back: form.tilbage)
        filter.page = 1
        filter.cpr = try Self.cpr(form.cpr)
        return try await list(filter, viewer: session)
    }

    static func cpr(_ text: String?) throws -> CPR? {
        guard let text = text?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
        do {
            return try CPR(parsing: text)
        } catch {
            throw HTTPError(.badRequest, message: "CPR-nummeret kan ikke læses: \(error.description)")
        }
    }

    /// The filters a form carried back, read by the same rules as the address.
    static func filter(back: String?) throws -> FindingFilter {
        var values: [String: String] = [:]
        for pair in (back ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard let name = parts.first else { continue }
            let value = parts.count > 1 ? String(parts[1]).replacingOccurrences(of: "+", with: " ") : ""
            values[String(name)] = value.removingPercentEncoding ?? value
        }
        return try FindingFilter { values[$0] }
    }

    struct StatusForm: Decodable {
        var status: String
        var note: String?
        var tilbage: String?
        var cpr: String?
        /// "fund": the form was on the finding's own page, which it returns to.
        var retur: String?
    }

    /// The form is read only once the finding is known to be one the user may see: someone who
    /// may not learn of it gets the refusal, not a remark on the form.
    func setStatus(id: Int, form read: () async throws -> StatusForm, by session: WebSession) async throws -> FormAnswer {
        try await requireChangeable([id], session)
        let form = try await read()
        guard let status = FindingStatus(rawValue: form.status) else { throw HTTPError(.badRequest, message: "Ukendt status.") }
        try await store.changeFindings(ids: [id], FindingChange(status: status, note: Self.note(form.note)), by: session.username)
        if form.retur == "fund" { return .redirect(Route.finding.path(id)) }
        return try await answer(back: form.tilbage, cpr: form.cpr, saved: 1, session)
    }

    struct BulkForm: Decodable {
        var fund: [Int]?
        var status: String?
        var tildel: String?
        var note: String?
        var tilbage: String?
        var cpr: String?
    }

    /// Changes every ticked finding the same way, all or none: one the user may not change
    /// refuses the whole form.
    func bulk(_ form: BulkForm, by session: WebSession) async throws -> FormAnswer {
        let ids = Array(Set(form.fund ?? [])).sorted()
        guard !ids.isEmpty else { throw HTTPError(.badRequest, message: "Vælg de fund, der skal ændres.") }
        var change = FindingChange()
        if let s = form.status, !s.isEmpty {
            guard let status = FindingStatus(rawValue: s) else { throw HTTPError(.badRequest, message: "Ukendt status.") }
            change.status = status
            change.note = Self.note(form.note)
        }
        if let a = form.tildel, !a.isEmpty { change.assignee = try await assignee(a) }
        guard change.status != nil || change.assignee != nil else {
            throw HTTPError(.badRequest, message: "Vælg en ny status eller en bruger at tildele fundene.")
        }
        try await requireChangeable(ids, session)
        try await store.changeFindings(ids: ids, change, by: session.username)
        return try await answer(back: form.tilbage, cpr: form.cpr, saved: ids.count, session)
    }

    /// Back to the list as it was, with the confirmation: by a redirect, unless a citizen was
    /// searched for, whose number must not go into an address.
    func answer(back: String?, cpr text: String?, saved: Int, _ session: WebSession) async throws -> FormAnswer {
        var filter = try Self.filter(back: back)
        if let cpr = try Self.cpr(text) {
            filter.cpr = cpr
            return .page(try await list(filter, viewer: session, saved: saved))
        }
        return .redirect(filter.link(page: filter.page, extra: "gemt=\(saved)"))
    }

    func requireChangeable(_ ids: [Int], _ session: WebSession) async throws {
        let sight = try await Access.sight(session, store: store)
        for id in ids {
            guard let finding = try await store.finding(id: id) else { throw HTTPError(.notFound, message: "Fund nr. \(id) findes ikke.") }
            guard sight.allows(finding.finding) else { throw Access.outsideDepartments }
            guard Access.canChange(finding.finding, session, sight: sight) else { throw Access.notTheirFinding }
        }
    }

    /// The assignment a form asks for: "-" is nobody, any other name must be an active user who
    /// may change findings.
    func assignee(_ name: String) async throws -> FindingChange.Assignee {
        if name == "-" { return .nobody }
        guard try await Self.assignable(store).contains(name) else {
            throw HTTPError(.badRequest, message: "Fund kan kun tildeles en aktiv bruger, der må ændre fund: \(name).")
        }
        return .user(name)
    }

    static func note(_ text: String?) -> String? {
        let note = text?.trimmingCharacters(in: .whitespacesAndNewlines)
        return note?.isEmpty == true ? nil : note
    }
}
