import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// The SDE pages: totals and charts for a year, the subject list with masked CPR numbers, and
/// the audited drill-down with the full explanation.
struct SDEPages: Sendable {
    let store: any Store
    let views: Views
    let lists = RunListCache()
    /// The drill-downs' explanations, computed now from the citizen's postings, kept at the inputs'
    /// version and the day (the payment matching is redone when the day turns): recomputing one
    /// citizen's year and rendering its tree on every view were a quarter of the drill-down under
    /// load at Copenhagen's size (issue 22 § 4, `perf record`). Anything the computation reads
    /// moves the version, whoever writes it; so does a new matching.
    let explanations = KeptValues<ExplanationMoment, ExplanationKey, SubjectExplanation>(capacity: 256)

    struct ExplanationMoment: Equatable, Sendable {
        let inputs: Int64
        let day: Day
    }
    struct ExplanationKey: Hashable, Sendable {
        let cpr: CPR
        let year: Int
        let subject: String
    }
    /// A subject's trees, and its refund as computed now.
    struct SubjectExplanation: Sendable {
        var trees: [SDESubjectContent.Tree] = []
        var live: Money?
    }

    /// The explanation of `subject` (one of `cpr`'s in `year`), from the data and rates as they are.
    func explanation(of subject: String, cpr: CPR, year: Int) async throws -> SubjectExplanation {
        let today = Day.today
        let explain = { [store] () async throws -> SubjectExplanation in
            var made = SubjectExplanation()
            for (s, e) in try await SDEService(store: store, today: today).explain(cpr: cpr, year: year) where s.key == subject {
                made.trees.append(.init(tree: ExplanationHTML.render(e)))
                made.live = s.refund
            }
            return made
        }
        // Read before the computation: a write meanwhile leaves this one under a version no later view reads.
        guard let version = try await store.inputsVersion() else { return try await explain() }
        return try await explanations.value(
            at: ExplanationMoment(inputs: version, day: today), ExplanationKey(cpr: cpr, year: year, subject: subject), explain)
    }

    func overview(year: Int?, viewer session: WebSession) async throws -> Page {
        guard let run = try await store.latestSDERun(year: year) else {
            return Page(
                Scheme.sde.title, section: .sde,
                SchemeStatusContent(
                    schemeTitle: Scheme.sde.title, law: "Serviceloven § 176, barnets lov § 198",
                    status: year.map { "Der er ingen beregning for \($0). Beregn året her, eller med: hjemtag sde --year \($0)" }
                        ?? "Der er ingen beregning endnu. Beregn et år her, eller med: hjemtag sde --year ÅR",
                    inputs: ["posteringer", "husstande"], computeYear: Access.allows(session, .runComputations) ? (year ?? 2022) : nil))
        }
        // The list shows the 200 largest refunds the user may see; the database orders and counts.
        // A caseworker's list is their own; everyone else's is the run's, kept once read.
        var visible: (@Sendable (StoredSDESubject) -> Bool)?
        if session.role == .sagsbehandler {
            visible = { subject in Access.canSee(departments: subject.departments.keys, session) }
        }
        let read: @Sendable () async throws -> RunListCache.Entry = { [store, self, visible] in
            let (top, count) = try await store.sdeRefundSubjects(runID: run.id, limit: 200, visible: visible)
            return .init(shown: top.count, count: count, rows: subjectRows(top), totals: try await store.findingTotals(scheme: .sde, year: run.year))
        }
        let list = visible == nil ? try await lists.entry(run: .init(id: run.id, revision: run.revision), read) : try await read()
        let monthChart = SVGChart.columns(
            run.months.map { .init(label: String(Month.danishNames[$0.month.month - 1].prefix(3)), value: $0.refund) },
            title: "Refusion pr. måned \(run.year)")
        let tierChart = SVGChart.rows(
            run.tierRefunds.sorted { $0.key < $1.key }.map { .init(label: "\($0.key) %-trinnet", value: $0.value) },
            title: "Refusion pr. trin")
        let departmentChart = SVGChart.rows(
            run.departmentRefunds.sorted { $0.value > $1.value }.map { .init(label: $0.key, value: $0.value) },
            title: "Refusion pr. forvaltning")
        let stale = try await ComputationLedger(store: store).staleness(.sde, year: run.year)
        return Page(
            "\(Scheme.sde.title) \(run.year)", section: .sde,
            SDEOverviewContent(
                year: run.year, totalRefund: run.totalRefund.danishKroner, canCompute: Access.allows(session, .runComputations),
                totalEligible: run.totalEligible.danishKroner, subjectCount: Danish.integer(list.count),
                computed: "\(Danish.timestamp(run.computedAt)) af \(run.computedBy)",
                claim: list.totals.claim.danishKroner, payBack: list.totals.payBack.danishKroner, findingCount: Danish.integer(list.totals.count),
                findingsHref: Paging.link(Route.findings.path(), ["ordning": Scheme.sde.rawValue, "aar": String(run.year)]),
                monthChart: monthChart, tierChart: tierChart, departmentChart: departmentChart, subjectRows: SplicedHTML(list.rows),
                more: list.count > list.shown ? Danish.integer(list.count - list.shown) : nil,
                canExport: Access.allows(session, .exportAllPersons), exportHref: Paging.link(Route.exportSDE.path(), ["aar": String(run.year)]),
                parameters: run.parameters.map(ParameterLine.init))
        ).noting(stale.map { [$0] } ?? [])
    }

    /// The list's table rows, masked. Rendered apart from the page: 200 rows through the template
    /// engine cost more than everything else on the page, so a run's rows are rendered once.
    private func subjectRows(_ subjects: [StoredSDESubject]) -> String {
        views.fragment(
            .sdeRows,
            SDERows(
                subjects: subjects.enumerated().map { i, s in
                    SDERows.Row(
                        rank: i + 1, href: Route.sdeSubject.path(s.id),
                        label: s.kind == "household" ? "Husstand (\(DanishFormat.count(s.cprs.count, "barn/ung", "børn/unge")))" : "Borger",
                        cprs: s.cprs.map(\.masked).joined(separator: ", "), eligible: s.eligible.danish, refund: s.refund.danish,
                        claimed: s.claimed.danish, difference: (s.refund - s.claimed).danish, negative: (s.refund - s.claimed).isNegative,
                        departments: s.departments.keys.sorted().joined(separator: ", "))
                }))
    }

    /// The drill-down: full CPR numbers and every posting, so every view is written to the audit log.
    func subject(id: Int, viewer session: WebSession) async throws -> Page {
        guard let subject = try await store.sdeSubject(id: id) else { throw HTTPError(.notFound, message: "Emnet findes ikke.") }
        guard Access.canSee(departments: subject.departments.keys, session) else { throw Access.outsideDepartments }
        let year = subject.months.first?.month.year
        for cpr in subject.cprs {
            try await store.appendAudit(
                username: session.username, action: .view, cpr: cpr, page: Route.sdeSubject.path(id), purpose: "SDE-opgørelse")
        }
        var explained = SubjectExplanation()
        if let year, let first = subject.cprs.first { explained = try await explanation(of: subject.key, cpr: first, year: year) }
        let live = explained.live
        // The cards are the stored run's; the explanation is computed now. When the inputs have
        // changed since the run, say so and put the two figures side by side.
        var stale: Staleness?
        if let year { stale = try await ComputationLedger(store: store).staleness(.sde, year: year) }
        let comparison = stale.map { _ in
            "Forklaringen er beregnet med data og satser, som de er nu: refusion \((live ?? .zero).danishKroner) "
                + "mod \(subject.refund.danishKroner) i den gemte beregning"
                + (live == subject.refund ? " (samme beløb)." : " (forskel \(((live ?? .zero) - subject.refund).danishKroner)).")
        }
        return Page(
            subject.kind == "household" ? "Husstand" : "Borger", section: .sde,
            SDESubjectContent(
                cprs: subject.cprs.map(\.formatted), refund: subject.refund.danishKroner, claimed: subject.claimed.danishKroner,
                eligible: subject.eligible.danishKroner, difference: (subject.refund - subject.claimed).danishKroner,
                track: subject.track, year: year ?? 0, backHref: Paging.link(Route.sde.path(), ["aar": String(year ?? 0)]),
                explanations: explained.trees,
                months: subject.months.filter { $0.eligible != .zero }.map {
                    .init(month: $0.month.danishName, eligible: $0.eligible.danish, refund: $0.refund.danish, covered: $0.covered)
                }, liveComparison: comparison)
        ).noting(stale.map { [$0] } ?? [])
    }

    /// The year's stored run as a workbook: every subject (not only the 200 the page lists), its
    /// months, the findings and the totals with the parameters used. Full CPR numbers: for the
    /// roles that may export every citizen, and written to the audit log.
    /// The auditor's evidence pack for the year: a sample drawn from the stated seed, or one subject.
    func evidencePack(year: Int?, sample: Int?, seed: UInt64?, subject: Int?, by session: WebSession) async throws -> Response {
        guard let year else { throw HTTPError(.badRequest, message: "Angiv året.") }
        let selection: EvidencePack.Selection
        if let subject {
            selection = .subjects([subject])
        } else {
            selection = .sample(count: sample ?? 10, seed: seed ?? 1)
        }
        let pack: EvidencePack
        do {
            pack = try await EvidencePack.sde(
                year: year, selection: selection, store: store, by: session.username, programVersion: HjemtagVersion.current,
                page: Route.evidencePack.path())
        } catch let e as EvidencePack.PackError {
            throw HTTPError(.badRequest, message: e.description)
        } catch SchemeError.noRun {
            throw HTTPError(.notFound, message: "Der er ingen SDE-beregning for \(year); beregn året først.")
        }
        let data = try ZipWriter.data(pack.files.map { ($0.path, $0.data) })
        return Download.file(ByteBuffer(data: data), type: "application/zip", name: "revisionspakke-sde-\(year).zip")
    }

    func export(year: Int?, by session: WebSession) async throws -> Response {
        guard let run = try await store.latestSDERun(year: year) else {
            throw HTTPError(.notFound, message: "Der er ingen SDE-beregning\(year.map { " for \($0)" } ?? "") at hente; beregn året først.")
        }
        let subjects = try await store.sdeSubjects(runID: run.id)
        let findings = try await store.findings(scheme: .sde, year: run.year, includeInactive: false).map(\.finding)
        try await store.appendAudit(
            username: session.username, action: .export, cpr: nil, page: Route.exportSDE.path(),
            purpose: "eksport af SDE \(run.year): \(DanishFormat.count(subjects.count, "emne", "emner")) med CPR")
        return try Download.xlsx(SDEExport.sheets(run: run, subjects: subjects, findings: findings), name: "sde-\(run.year).xlsx")
    }
}
