import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Hummingbird

/// Uploading files through the web, running an analysis from the page, and the audit log.
struct AdminPages: Sendable {
    let store: any Store
    let views: Views
    let today: @Sendable () -> Day

    func upload(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let form: MultipartForm
        do {
            form = try MultipartForm(contentType: request.headers[.contentType] ?? "", body: Data(buffer: body))
        } catch {
            throw HTTPError(.badRequest, message: "Upload-formularen kunne ikke læses.")
        }
        guard form.text("csrf") == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        guard let kind = form.text("type").flatMap(ImportKind.init(rawValue:)) else { throw HTTPError(.badRequest, message: "Vælg en importtype.") }
        guard let file = form.file("fil"), !file.data.isEmpty else { throw HTTPError(.badRequest, message: "Vælg en fil.") }
        // The runner reads from disk: write the upload to a private temporary file, removed after.
        let safeName = String((file.fileName ?? "upload.csv").split(separator: "/").last ?? "upload.csv").filter { $0 != "\\" }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent(safeName.isEmpty ? "upload.csv" : safeName)
        try file.data.write(to: url)
        var message: String
        var ok = false
        do {
            let outcome = try await ImportRunner().run(kind: kind, file: url, importedBy: "web:" + session.username, into: store)
            message = "\(outcome.summary.fileName): \(Danish.integer(outcome.summary.rowCount)) rækker importeret (import nr. \(outcome.summary.id))."
            ok = true
        } catch let e as ImportError {
            message = e.description
        }
        return try views.page("imports_result", title: ok ? "Import gennemført" : "Import afvist", session: session, active: "importer",
                              ["ok": ok, "lines": message.split(separator: "\n").map(String.init)]).response(from: request, context: context)
    }

    func computeSDE(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        struct Form: Decodable { var csrf: String; var aar: Int }
        let form = try await request.form(Form.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        do {
            try await SDEService(store: store).run(year: form.aar, by: "web:" + session.username)
        } catch let e as ParameterError {
            throw HTTPError(.unprocessableContent, message: e.description)
        }
        return Redirect.to("/sde?aar=\(form.aar)")
    }

    /// The audit log, for administrators and the auditor: who looked at which person, when and why.
    struct AuditSearch: Decodable { var csrf: String; var cpr: String?; var bruger: String? }

    /// GET shows the newest entries; a search is a POST, so a CPR number searched for never
    /// travels in a URL (where proxies and browser history would keep it).
    func auditLog(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> HTML {
        var search: AuditSearch?
        if request.method == .post {
            let form = try await request.form(AuditSearch.self, context: context)
            guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
            search = form
        }
        let cpr = search?.cpr.flatMap { $0.isEmpty ? nil : try? CPR(parsing: $0) }
        let user = search?.bruger.flatMap { $0.isEmpty ? nil : $0 }
        let entries = try await store.auditEntries(cpr: cpr, username: user, limit: 500)
        if let cpr { try await store.appendAudit(username: session.username, action: "søg i logning", cpr: cpr, page: "/revision", purpose: "kontrol af opslag") }
        return views.page("audit", title: "Logning", session: session, active: "revision", [
            "entries": entries.map { e in
                ["at": Danish.timestamp(e.at), "user": e.username, "action": e.action, "cpr": e.cpr.flatMap { try? CPR(parsing: $0) }?.masked ?? "–",
                 "page": e.page ?? "", "purpose": e.purpose ?? ""]
            },
            "empty": entries.isEmpty, "filter_user": user ?? "", "csrf": session.csrfToken])
    }

    struct ParameterForm: Decodable { var csrf: String; var id: String; var fra: String; var til: String?; var vaerdi: String; var kilde: String; var note: String? }

    /// An administrator enters a verified value (e.g. a year's SDE limits) with its source.
    func setParameter(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let form = try await request.form(ParameterForm.self, context: context)
        guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
        let today = self.today()
        let value: DatedValue
        do {
            var set = try await store.parameterSet()
            value = try DatedValue.entered(from: form.fra, to: form.til, value: form.vaerdi, unit: try set.definition(form.id).unit,
                                           source: form.kilde, note: form.note, by: "web:" + session.username, today: today)
            try set.apply(override: value, to: form.id) // validates the value for its unit before storing
        } catch let e as ParameterError {
            throw HTTPError(.badRequest, message: e.description)
        } catch let e as ParameterEntryError {
            throw HTTPError(.badRequest, message: e.description)
        }
        try await store.addParameterValue(form.id, value)
        return Redirect.to("/parametre")
    }

    /// The audit log as Danish CSV for the auditor; the export is itself written to the log.
    func exportAuditLog(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> Response {
        let entries = try await store.auditEntries(cpr: nil, username: nil, limit: 1_000_000)
        var sheet = Sheet(name: "Logning", columns: ["Tidspunkt (UTC)", "Bruger", "Handling", "CPR", "Side", "Formål"])
        for e in entries {
            sheet.add([.text(e.at), .text(e.username), .text(e.action), .text(e.cpr.flatMap { try? CPR(parsing: $0) }?.formatted ?? ""),
                       .text(e.page ?? ""), .text(e.purpose ?? "")])
        }
        try await store.appendAudit(username: session.username, action: "eksport af logning", cpr: nil, page: "/revision/eksport",
                                    purpose: "\(entries.count) poster")
        return Download.csv(sheet, name: "hjemtag-logning.csv")
    }

    /// The retention rule for the administrator: what it would delete, and a confirmed POST that deletes.
    func retention(_ request: Request, _ context: AppContext, _ session: WebSession) async throws -> HTML {
        guard let rule = try await store.retentionRule() else {
            return views.page("retention", title: "Opbevaring", session: session, active: "parametre",
                              ["configured": false, "missing": RetentionError.notConfigured.description])
        }
        var apply = false
        if request.method == .post {
            struct Form: Decodable { var csrf: String; var bekraeft: String? }
            let form = try await request.form(Form.self, context: context)
            guard form.csrf == session.csrfToken else { throw HTTPError(.forbidden, message: "Ugyldig formular (CSRF).") }
            guard form.bekraeft == "ja" else { throw HTTPError(.badRequest, message: "Bekræft sletningen.") }
            apply = true
        }
        let report = try await store.retention(before: rule.cutoff(today: today()), apply: apply, by: "web:" + session.username)
        return views.page("retention", title: "Opbevaring", session: session, active: "parametre", [
            "configured": true, "years": rule.years, "cutoff": report.cutoff.danish, "applied": apply, "csrf": session.csrfToken,
            "total": Danish.integer(report.total), "done": apply ? "Sletningen er gennemført og skrevet i logningen." : false,
            "lines": report.lines.map { ["what": $0.what, "rows": Danish.integer($0.rows)] }])
    }
}
