import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagStore
import Hummingbird

/// Every route's handler: reads what the request says (a path parameter, a query, a form) and
/// calls the page function that does the work, which a test can call without HTTP.
struct RouteHandlers: Sendable {
    let login: LoginPages
    let dashboard: DashboardPage
    let imports: ImportPages
    let parameters: ParameterPages
    let audit: AuditPages
    let retention: RetentionPages
    let sde: SDEPages
    let staircase: StaircasePages
    let intermunicipal: IntermunicipalPages
    let resultGrant: ResultGrantPages
    let vat: VATPages
    let budget: BudgetPages
    let scenario: ScenarioPages
    let forecast: ForecastPages
    let findings: FindingPages
    let finding: FindingDetailPage
    let jobs: JobPages
    let settings: SettingsPages
    let users: UserPages
    let help = HelpPage()
    let mappings: MappingPages
    let reports: ReportPages
    let api: APIRoutes

    let inbox: URL?

    init(
        store: any Store, views: Views, sessions: SessionManager, throttle: LoginThrottle, today: @escaping @Sendable () -> Day,
        inbox: URL? = nil
    ) {
        self.inbox = inbox
        login = LoginPages(store: store, views: views, sessions: sessions, throttle: throttle)
        dashboard = DashboardPage(store: store, today: today, inbox: inbox)
        imports = ImportPages(store: store)
        parameters = ParameterPages(store: store, today: today)
        audit = AuditPages(store: store)
        retention = RetentionPages(store: store, today: today)
        sde = SDEPages(store: store, views: views)
        staircase = StaircasePages(store: store, today: today)
        intermunicipal = IntermunicipalPages(store: store, today: today)
        resultGrant = ResultGrantPages(store: store, today: today)
        vat = VATPages(store: store, today: today)
        budget = BudgetPages(store: store)
        scenario = ScenarioPages(store: store)
        forecast = ForecastPages(store: store)
        findings = FindingPages(store: store)
        finding = FindingDetailPage(store: store)
        jobs = JobPages(queue: JobQueue(store: store, today: today))
        mappings = MappingPages(store: store, jobs: jobs)
        reports = ReportPages(store: store, today: today)
        settings = SettingsPages(store: store)
        users = UserPages(store: store)
        api = APIRoutes(store: store)
    }

    func handler(for route: Route) -> Handler {
        switch route {
        case .health:
            return .open { _, _ in
                Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: #"{"status":"ok"}"#)))
            }
        case .stylesheet:
            return .open { _, _ in Static.file("hjemtag.css", type: "text/css; charset=utf-8", maxAge: 3600) }
        case .favicon:
            return .open { _, _ in Static.file("favicon.svg", type: "image/svg+xml", maxAge: 86400) }
        case .letterStylesheet:
            return .open { _, _ in Static.response(ByteBuffer(string: ClaimLetter.css), type: "text/css; charset=utf-8", maxAge: 3600) }
        case .reportStylesheet:
            return .open { _, _ in Static.response(ByteBuffer(string: SteeringReportExport.css), type: "text/css; charset=utf-8", maxAge: 3600) }
        case .steeringReport:
            return .action { request, _, _ in
                try await reports.steering(period: request.uri.queryParameters.get("periode"), format: request.uri.queryParameters.get("format"))
            }
        case .loginPage:
            return .open { request, context in try await login.form(request, context) }
        case .login:
            return .open { request, context in try await login.login(request, context) }
        case .logout:
            return .action { request, context, session in try await login.logout(request, context, session) }
        case .dashboard:
            return .page { _, _, session in try await dashboard.page(viewer: session) }
        case .imports:
            return .page { _, _, session in try await imports.list(viewer: session) }
        case .upload:
            return .action { _, context, session in
                guard let form = context.multipartForm else { throw HTTPError(.badRequest, message: "Upload-formularen kunne ikke læses.") }
                return try await jobs.importUpload(form, by: session)
            }
        case .parameters:
            return .page { _, _, session in try await parameters.list(viewer: session) }
        case .setParameter:
            return .action { request, context, session in
                try await parameters.set(try await request.form(ParameterPages.Form.self, context: context), by: session)
                return Redirect.to(Route.parameters.path())
            }
        case .withdrawParameter:
            return .action { request, context, session in
                let entry = try Self.id(context, "id", missing: "Indtastningen findes ikke.")
                try await parameters.withdraw(entry: entry, try await request.form(ParameterPages.WithdrawForm.self, context: context), by: session)
                return Redirect.to(Route.parameters.path())
            }
        case .importParameters:
            return .page { _, context, session in
                guard let form = context.multipartForm else { throw HTTPError(.badRequest, message: "Formularen kunne ikke læses.") }
                return try await parameters.importFile(form, by: session)
            }
        case .exportParameters:
            return .action { request, _, _ in try await parameters.export(everything: request.uri.queryParameters.get("alle") == "ja") }
        case .exportParametersXLSX:
            return .action { request, _, _ in try await parameters.export(everything: request.uri.queryParameters.get("alle") == "ja", xlsx: true) }
        case .exportSDE:
            return .action { request, _, session in try await sde.export(year: request.uri.queryParameters.get("aar", as: Int.self), by: session) }
        case .evidencePack:
            return .action { request, _, session in
                let q = request.uri.queryParameters
                return try await sde.evidencePack(
                    year: q.get("aar", as: Int.self), sample: q.get("stikproeve", as: Int.self), seed: q.get("froe", as: UInt64.self),
                    subject: q.get("emne", as: Int.self), by: session)
            }
        case .claimEvidencePack:
            return .action { request, _, session in
                let q = request.uri.queryParameters
                return try await intermunicipal.evidencePack(
                    claim: q.get("krav", as: Int.self), sample: q.get("stikproeve", as: Int.self), seed: q.get("froe", as: UInt64.self), by: session)
            }
        case .findingEvidencePack:
            return .action { request, _, session in
                let q = request.uri.queryParameters
                return try await findings.evidencePack(
                    scheme: q.get("ordning").flatMap { Scheme(rawValue: String($0)) }, year: q.get("aar", as: Int.self),
                    finding: q.get("fund", as: Int.self), sample: q.get("stikproeve", as: Int.self), seed: q.get("froe", as: UInt64.self),
                    by: session)
            }
        case .exportReconciliation:
            return .action { request, _, session in
                try await staircase.export(year: request.uri.queryParameters.get("aar", as: Int.self), by: session)
            }
        case .exportFindings:
            return .action { request, _, session in
                let q = request.uri.queryParameters
                return try await findings.download(try FindingFilter { q.get($0) }, format: q.get("format"), by: session)
            }
        case .auditLog:
            return .page { _, _, session in try await audit.log(search: nil, viewer: session) }
        case .searchAuditLog:
            return .page { request, context, session in
                try await audit.log(search: try await request.form(AuditPages.Search.self, context: context), viewer: session)
            }
        case .exportAuditLog:
            return .action { _, _, session in try await audit.export(by: session) }
        case .retention:
            return .page { _, _, session in try await retention.page(apply: false, viewer: session) }
        case .applyRetention:
            return .page { request, context, session in
                try await retention.apply(try await request.form(RetentionPages.Form.self, context: context), viewer: session)
            }
        case .sde:
            return .page { request, _, session in
                try await sde.overview(year: request.uri.queryParameters.get("aar", as: Int.self), viewer: session).guided(.sde)
            }
        case .sdeSubject:
            return .page { _, context, session in
                try await sde.subject(id: try Self.id(context, "id", missing: "Emnet findes ikke."), viewer: session)
            }
        case .staircase:
            return .page { request, _, session in
                try await staircase.overview(year: request.uri.queryParameters.get("aar", as: Int.self), viewer: session).guided(.staircase)
            }
        case .intermunicipal:
            return .page { request, _, session in
                let q = request.uri.queryParameters
                let names = IntermunicipalPages.pageParameters
                var pages: [String: Int] = [:]
                for name in [names.outgoing, names.incoming, names.persons] { pages[name] = q.get(name, as: Int.self) }
                return try await intermunicipal.overview(viewer: session, pages: pages).guided(.intermunicipal)
            }
        case .intermunicipalPerson:
            return .page { _, context, session in
                try await intermunicipal.person(key: try Self.id(context, "key", missing: "Borgeren findes ikke."), viewer: session)
            }
        case .intermunicipalClaim:
            return .page { _, context, session in
                try await intermunicipal.claim(id: try Self.id(context, "id", missing: "Kravet findes ikke."), viewer: session)
            }
        case .markPassivity:
            return .action { request, context, session in
                let key = try Self.id(context, "key", missing: "Borgeren findes ikke.")
                return try await intermunicipal.markPassivity(
                    key: key, form: { try await request.form(IntermunicipalPages.PassivityForm.self, context: context) }, by: session)
            }
        case .setClaimStatus:
            return .action { request, context, session in
                let id = try Self.id(context, "id", missing: "Kravet findes ikke.")
                return try await intermunicipal.setStatus(
                    id: id, form: { try await request.form(IntermunicipalPages.StatusForm.self, context: context) }, by: session)
            }
        case .claimLetter:
            return .action { _, context, session in
                try await intermunicipal.letter(id: try Self.id(context, "id", missing: "Kravet findes ikke."), by: session)
            }
        case .exportIntermunicipal:
            return .action { _, _, session in try await intermunicipal.export(by: session) }
        case .resultGrant:
            return .page { _, _, session in try await resultGrant.page(viewer: session).guided(.resultGrant) }
        case .exportResultGrant:
            return .action { _, _, session in try await resultGrant.export(by: session) }
        case .vat:
            return .page { _, _, session in try await vat.page(viewer: session).guided(.vat) }
        case .vatJournal:
            return .action { _, _, _ in try await vat.journal() }
        case .exportVAT:
            return .action { _, _, _ in try await vat.export() }
        case .budget:
            return .page { request, _, _ in try await budget.page(year: request.uri.queryParameters.get("aar", as: Int.self)).guided(.budget) }
        case .exportBudget:
            return .action { request, _, _ in
                try await budget.export(part: request.uri.queryParameters.get("del"), year: request.uri.queryParameters.get("aar", as: Int.self))
            }
        case .forecast:
            return .page { request, _, _ in
                let q = request.uri.queryParameters
                return try await forecast.page(year: q.get("aar", as: Int.self), asOf: q.get("dato").map { String($0) }, saved: q.get("gemt") != nil)
            }
        case .takeForecast:
            return .form { request, context, session in
                try await forecast.take(try await request.form(ForecastPages.TakeForm.self, context: context), by: session)
            }
        case .scenario:
            return .page { request, _, session in try await scenario.page(year: request.uri.queryParameters.get("aar", as: Int.self), by: session) }
        case .scenarioUpload:
            return .page { _, context, session in
                guard let form = context.multipartForm else { throw HTTPError(.badRequest, message: "Upload-formularen kunne ikke læses.") }
                return try await scenario.upload(form, by: session)
            }
        case .compute:
            return .action { request, context, session in
                try await jobs.compute(try await request.form(JobPages.ComputeForm.self, context: context), by: session)
            }
        case .help:
            return .page { _, _, _ in help.page() }
        case .mappings:
            return .page { request, _, _ in try await mappings.list(saved: request.uri.queryParameters.get("gemt")) }
        case .uploadMapping:
            return .page { _, context, _ in
                guard let form = context.multipartForm else { throw HTTPError(.badRequest, message: "Upload-formularen kunne ikke læses.") }
                return try await mappings.upload(form)
            }
        case .submitMapping:
            return .form { request, context, session in
                try await mappings.submit(try await request.form([String: String].self, context: context), by: session)
            }
        case .exportMapping:
            return .action { request, _, _ in try await mappings.export(name: request.uri.queryParameters.get("navn")) }
        case .importMapping:
            return .action { _, context, session in
                guard let form = context.multipartForm else { throw HTTPError(.badRequest, message: "Formularen kunne ikke læses.") }
                return try await mappings.importJSON(form, by: session)
            }
        case .deleteMapping:
            return .action { request, context, session in
                try await mappings.delete(try await request.form([String: String].self, context: context), by: session)
            }
        case .importTemplate:
            return .action { request, _, _ in try help.template(request.uri.queryParameters.get("type")) }
        case .settings:
            return .page { request, _, _ in try await settings.page(saved: request.uri.queryParameters.get("gemt") == "ja") }
        case .saveSettings:
            return .action { request, context, session in
                try await settings.save(try await request.form([String: String].self, context: context), by: session)
            }
        case .users:
            return .page { request, _, session in try await users.list(viewer: session, saved: request.uri.queryParameters.get("gemt")) }
        case .createUser:
            return .page { request, context, session in
                try await users.create(try await request.form(UserPages.CreateForm.self, context: context), by: session)
            }
        case .changeUser:
            return .form { request, context, session in
                let id = try Self.id(context, "id", missing: "Brugeren findes ikke.")
                return try await users.change(id: id, try await request.form(UserPages.ChangeForm.self, context: context), by: session)
            }
        case .passwordPage:
            return .page { request, _, _ in users.passwordPage(saved: request.uri.queryParameters.get("gemt") == "ja") }
        case .changePassword:
            return .action { request, context, session in
                try await users.changePassword(try await request.form(UserPages.PasswordForm.self, context: context), by: session)
            }
        case .runRobot:
            return .action { _, _, session in try await jobs.robotPass(inbox: inbox, by: session) }
        case .jobs:
            return .page { _, _, _ in await jobs.list() }
        case .job:
            return .page { _, context, _ in try await jobs.page(id: try Self.id(context, "id", missing: "Jobbet findes ikke.")) }
        case .findings:
            return .page { request, _, session in
                let q = request.uri.queryParameters
                return try await findings.list(try FindingFilter { q.get($0) }, viewer: session, saved: q.get("gemt", as: Int.self))
            }
        case .searchFindings:
            return .page { request, context, session in
                try await findings.search(try await request.form(FindingPages.SearchForm.self, context: context), viewer: session)
            }
        case .finding:
            return .page { _, context, session in
                try await finding.page(id: try Self.id(context, "id", missing: "Fundet findes ikke."), viewer: session)
            }
        case .setFindingStatus:
            return .form { request, context, session in
                let id = try Self.id(context, "id", missing: "Fundet findes ikke.")
                return try await findings.setStatus(
                    id: id, form: { try await request.form(FindingPages.StatusForm.self, context: context) }, by: session)
            }
        case .assignFinding:
            return .action { request, context, session in
                let id = try Self.id(context, "id", missing: "Fundet findes ikke.")
                return try await finding.assign(
                    id: id, form: { try await request.form(FindingDetailPage.AssignForm.self, context: context) }, by: session, pages: findings)
            }
        case .decidePayment:
            return .action { request, context, session in
                let id = try Self.id(context, "id", missing: "Fundet findes ikke.")
                return try await finding.decide(
                    id: id, form: { try await request.form(FindingDetailPage.PaymentForm.self, context: context) }, by: session, pages: findings)
            }
        case .bulkFindings:
            return .form { request, context, session in
                try await findings.bulk(try await request.form(FindingPages.BulkForm.self, context: context), by: session)
            }
        case .apiStatus:
            return .action { request, context, _ in try await api.status().response(from: request, context: context) }
        case .apiImports:
            return .action { request, context, _ in try await api.imports().response(from: request, context: context) }
        case .apiParameters:
            return .action { request, context, _ in try await api.parameters().response(from: request, context: context) }
        case .apiFindings:
            return .action { request, context, session in try await api.findings(viewer: session).response(from: request, context: context) }
        case .apiAudit:
            return .action { request, context, _ in try await api.audit().response(from: request, context: context) }
        }
    }

    /// The route's number parameter; a path that is not a number is a page that does not exist.
    static func id(_ context: AppContext, _ name: String, missing: String) throws -> Int {
        guard let id = context.parameters.get(name, as: Int.self) else { throw HTTPError(.notFound, message: missing) }
        return id
    }
}

/// The bundled stylesheet and icon.
enum Static {
    static func file(_ name: String, type: String, maxAge: Int) -> Response {
        let url = Bundle.module.url(forResource: "static", withExtension: nil)!.appendingPathComponent(name)
        return response(ByteBuffer(data: (try? Data(contentsOf: url)) ?? Data()), type: type, maxAge: maxAge)
    }

    static func response(_ body: ByteBuffer, type: String, maxAge: Int) -> Response {
        var r = Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: body))
        r.headers[.cacheControl] = "max-age=\(maxAge)"
        return r
    }
}
