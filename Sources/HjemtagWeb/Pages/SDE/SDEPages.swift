import Foundation
import HjemtagCore
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// The SDE pages: totals and charts for a year, the subject list with masked CPR numbers, and
/// the audited drill-down with the full explanation.
struct SDEPages: Sendable {
    let store: any Store
    let views: Views
    let lists = RunListCache()

    func overview(_ request: Request, _ session: WebSession) async throws -> HTML {
        let year = request.uri.queryParameters.get("aar", as: Int.self)
        guard let run = try await store.latestSDERun(year: year) else {
            return views.page("scheme", title: "Særligt dyre enkeltsager", session: session, active: "sde", [
                "scheme_title": "Særligt dyre enkeltsager", "law": "Serviceloven § 176, barnets lov § 198",
                "status": year.map { "Der er ingen beregning for \($0). Kør: hjemtag sde --year \($0)" } ?? "Der er ingen beregning endnu. Kør: hjemtag sde --year ÅR",
                "inputs": ["posteringer", "husstande"], "csrf": session.csrfToken,
                "compute_year": Access.allows(session, .runComputations) ? (year ?? 2022) : false])
        }
        // The list shows the 200 largest refunds the user may see; the database orders and counts.
        // A caseworker's list is their own; everyone else's is the run's, kept once read.
        var visible: (@Sendable (StoredSDESubject) -> Bool)?
        if session.role == .sagsbehandler {
            visible = { subject in Access.canSee(departments: subject.departments.keys, session) }
        }
        let list: RunListCache.Entry
        if visible == nil, let cached = lists[run.id] {
            list = cached
        } else {
            let (top, count) = try await store.sdeRefundSubjects(runID: run.id, limit: 200, visible: visible)
            list = .init(shown: top.count, count: count, rows: subjectRows(top), totals: try await store.findingTotals(scheme: .sde, year: run.year))
            if visible == nil { lists[run.id] = list }
        }
        let (refundCount, totals) = (list.count, list.totals)
        let (claim, payBack) = (totals.claim, totals.payBack)
        let monthChart = SVGChart.columns(run.months.map { .init(label: String(Month.danishNames[$0.month.month - 1].prefix(3)), value: $0.refund) },
                                          title: "Refusion pr. måned \(run.year)")
        let tierChart = SVGChart.rows(run.tierRefunds.sorted { $0.key < $1.key }.map { .init(label: "\($0.key) %-trinnet", value: $0.value) },
                                      title: "Refusion pr. trin")
        let departmentChart = SVGChart.rows(run.departmentRefunds.sorted { $0.value > $1.value }.map { .init(label: $0.key, value: $0.value) },
                                            title: "Refusion pr. forvaltning")
        return views.page("sde", title: "Særligt dyre enkeltsager \(run.year)", session: session, active: "sde", [
            "year": run.year, "total_refund": run.totalRefund.danishKroner, "can_compute": Access.allows(session, .runComputations), "csrf": session.csrfToken, "total_eligible": run.totalEligible.danishKroner,
            "subject_count": Danish.integer(refundCount), "computed": "\(Danish.timestamp(run.computedAt)) af \(run.computedBy)",
            "claim": claim.danishKroner, "pay_back": payBack.danishKroner, "finding_count": Danish.integer(totals.count),
            "month_chart": monthChart, "tier_chart": tierChart, "department_chart": departmentChart,
            "subject_rows": list.rows, "more": refundCount > list.shown ? Danish.integer(refundCount - list.shown) : false,
            "parameters": run.parameters.map { ["text": $0.title, "value": Danish.parameterValue($0.value, unit: $0.unit), "period": $0.period, "source": $0.source] },
        ])
    }

    /// The list's table rows, masked. Rendered apart from the page: 200 rows through the template
    /// engine cost more than everything else on the page, so a run's rows are rendered once.
    private func subjectRows(_ subjects: [StoredSDESubject]) -> String {
        views.fragment("sde_rows", ["subjects": subjects.enumerated().map { i, s -> [String: Any] in
            ["rank": i + 1, "id": s.id, "label": s.kind == "household" ? "Husstand (\(s.cprs.count) børn/unge)" : "Borger",
             "cprs": s.cprs.map(\.masked).joined(separator: ", "), "eligible": s.eligible.danish, "refund": s.refund.danish,
             "claimed": s.claimed.danish, "difference": (s.refund - s.claimed).danish, "negative": (s.refund - s.claimed).isNegative,
             "departments": s.departments.keys.sorted().joined(separator: ", ")]
        }])
    }

    /// The drill-down: full CPR numbers and every posting, so every view is written to the audit log.
    func subject(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> HTML {
        guard let id = context.parameters.get("id", as: Int.self), let subject = try await store.sdeSubject(id: id) else {
            throw HTTPError(.notFound, message: "Emnet findes ikke.")
        }
        guard Access.canSee(departments: subject.departments.keys, session) else { throw Access.outsideDepartments }
        let year = subject.months.first?.month.year
        for cpr in subject.cprs {
            try await store.appendAudit(username: session.username, action: "vis", cpr: cpr, page: "/sde/emne/\(id)", purpose: "SDE-opgørelse")
        }
        var explanations: [[String: Any]] = []
        if let year, let first = subject.cprs.first {
            for (s, e) in try await SDEService(store: store).explain(cpr: first, year: year) where s.key == subject.key {
                explanations.append(["tree": ExplanationHTML.render(e)])
            }
        }
        return views.page("sde_subject", title: subject.kind == "household" ? "Husstand" : "Borger", session: session, active: "sde", [
            "cprs": subject.cprs.map(\.formatted), "refund": subject.refund.danishKroner, "claimed": subject.claimed.danishKroner,
            "eligible": subject.eligible.danishKroner, "difference": (subject.refund - subject.claimed).danishKroner,
            "track": subject.track, "year": year ?? 0, "explanations": explanations,
            "months": subject.months.filter { $0.eligible != .zero }.map { ["month": $0.month.danishName, "eligible": $0.eligible.danish, "refund": $0.refund.danish, "covered": $0.covered] },
        ])
    }
}

/// The list a run shows everyone who sees all departments: a run's subjects and its findings'
/// amounts never change after it is stored (a new computation is a new run), so they are read
/// and rendered once per run, also when another process stored it.
final class RunListCache: @unchecked Sendable {
    struct Entry: Sendable {
        /// How many subjects the rows show, of `count` with a refund.
        let shown: Int
        let count: Int
        /// The rendered table rows.
        let rows: String
        let totals: FindingTotals
    }
    private let lock = NSLock()
    private var entries: [Int: Entry] = [:]

    subscript(run: Int) -> Entry? {
        get { lock.lock(); defer { lock.unlock() }; return entries[run] }
        set { lock.lock(); defer { lock.unlock() }; if entries.count > 20 { entries.removeAll() }; entries[run] = newValue }
    }
}

/// An explanation tree as nested lists; every text is escaped.
enum ExplanationHTML {
    static func render(_ e: Explanation) -> String {
        "<ul class=\"explain\"><li>" + item(e) + "</li></ul>"
    }

    static func item(_ e: Explanation) -> String {
        var html = "<span>" + HTMLText.escaped(e.text) + "</span>"
        if let amount = e.amount { html += " <strong>" + HTMLText.escaped(amount.danishKroner) + "</strong>" }
        if !e.parameters.isEmpty {
            html += "<div class=\"params\">" + e.parameters.map { "<a href=\"\(HTMLText.escaped($0.source))\" rel=\"noreferrer\">" + HTMLText.escaped($0.danishText) + "</a>" }.joined(separator: "<br>") + "</div>"
        }
        if !e.steps.isEmpty { html += "<ul>" + e.steps.map { "<li>" + item($0) + "</li>" }.joined() + "</ul>" }
        return html
    }
}

/// The robot's findings across schemes, with status handling.
struct FindingPages: Sendable {
    let store: any Store
    let views: Views

    static let pageSize = 200
    /// The schemes that store findings, titled as on the dashboard.
    static let schemes = [Scheme.sde, Scheme.staircase, Scheme.intermunicipal, Scheme.resultGrant, Scheme.vat]
        .compactMap { SchemePage.all[$0] }

    /// A page of the findings, largest first, with totals over all of them. Everyone but a
    /// caseworker pages in the database; a caseworker's findings are those about their citizens.
    func list(_ request: Request, _ session: WebSession) async throws -> HTML {
        let scheme = request.uri.queryParameters.get("ordning").flatMap(Scheme.init(rawValue:))
        let year = request.uri.queryParameters.get("aar", as: Int.self)
        let requested = max(1, request.uri.queryParameters.get("side", as: Int.self) ?? 1)
        var totals = FindingTotals()
        let page: [StoredFinding]
        var pageNumber = requested
        if session.role == .sagsbehandler {
            let sight = try await Access.sight(session, store: store)
            let mine = try await store.findings(scheme: scheme, year: year, includeInactive: false).filter { sight.allows($0.finding) }
            totals = FindingTotals(summing: mine)
            pageNumber = min(requested, Pages.count(totals.count, size: Self.pageSize))
            page = Array(mine.dropFirst((pageNumber - 1) * Self.pageSize).prefix(Self.pageSize))
        } else {
            totals = try await store.findingTotals(scheme: scheme, year: year)
            pageNumber = min(requested, Pages.count(totals.count, size: Self.pageSize))
            page = try await store.findings(scheme: scheme, year: year, limit: Self.pageSize, offset: (pageNumber - 1) * Self.pageSize)
        }
        let canChange = Access.allows(session, .changeCases)
        let rows: [[String: Any]] = page.map { f in
            ["id": f.id, "scheme": f.finding.scheme.rawValue.uppercased(), "year": f.finding.year, "kind": f.finding.kind.replacingOccurrences(of: "_", with: " "),
             "subject": f.finding.cprs.isEmpty ? "–" : f.finding.cprs.map(\.masked).joined(separator: ", "),
             "amount": f.finding.amount.danish, "direction": f.finding.direction.danishName, "pay_back": f.finding.direction == .payBack,
             "text": f.finding.text, "status": f.status.danishName, "note": f.note.map { $0 as Any } ?? false, "can_change": canChange, "csrf": session.csrfToken,
             "statuses": FindingStatus.allCases.map { ["value": $0.rawValue, "name": $0.danishName, "selected": $0 == f.status] }]
        }
        let first = (pageNumber - 1) * Self.pageSize
        let link: (Int) -> String = { n in Pages.link("/fund", ["ordning": scheme?.rawValue, "aar": year.map(String.init), "side": String(n)]) }
        return views.page("findings", title: "Fund", session: session, active: "fund", [
            "rows": rows, "claim": totals.claim.danishKroner, "pay_back": totals.payBack.danishKroner, "count": Danish.integer(totals.count), "empty": page.isEmpty,
            "showing": page.isEmpty ? false : "Viser \(Danish.integer(first + 1))–\(Danish.integer(first + page.count)) af \(Danish.integer(totals.count))",
            "previous": pageNumber > 1 ? link(pageNumber - 1) : false,
            "next": first + page.count < totals.count ? link(pageNumber + 1) : false,
            "schemes": Self.schemes.map { ["value": $0.key.rawValue, "name": $0.title, "selected": $0.key == scheme] },
            "year": year.map(String.init) ?? "", "filtered": scheme != nil || year != nil])
    }

    struct StatusForm: Decodable { var csrf: String; var status: String; var note: String? }

    func setStatus(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        guard let id = context.parameters.get("id", as: Int.self), let finding = try await store.finding(id: id) else {
            throw HTTPError(.notFound, message: "Fundet findes ikke.")
        }
        guard try await Access.canSee(finding.finding, session, store: store) else { throw Access.outsideDepartments }
        let form = try await request.form(StatusForm.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        guard let status = FindingStatus(rawValue: form.status) else { throw HTTPError(.badRequest, message: "Ukendt status.") }
        let note = form.note?.trimmingCharacters(in: .whitespacesAndNewlines)
        try await store.setFindingStatus(id: id, status: status, note: note?.isEmpty == true ? nil : note, by: session.username)
        return Redirect.to("/fund")
    }
}

/// Page arithmetic and links for long lists.
enum Pages {
    /// At least one page, so an empty list is page 1 of 1.
    static func count(_ items: Int, size: Int) -> Int { max(1, (items + size - 1) / size) }

    /// A link that keeps the list's filters; the values are percent-encoded.
    static func link(_ path: String, _ parameters: KeyValuePairs<String, String?>) -> String {
        let query = parameters.compactMap { key, value in
            value.map { key + "=" + ($0.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "") }
        }
        return query.isEmpty ? path : path + "?" + query.joined(separator: "&")
    }
}
