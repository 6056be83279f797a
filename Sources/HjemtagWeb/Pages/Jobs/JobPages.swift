import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import Hummingbird

struct JobsContent: PageContent {
    static let template = Template.jobs
    struct Row: Sendable {
        let id: Int, href: String, title: String, by: String, state: String, progress: String, submitted: String, failed: Bool
    }
    var jobs: [Row]
    var empty: Bool
}

struct JobContent: PageContent {
    static let template = Template.job
    var state: String
    var running: Bool
    var failed: Bool
    var done: Bool
    var phase: String
    var rows: String
    var persons: String
    var by: String
    var submitted: String
    var duration: String
    var lines: [String]
    var warnings: [String]
    var resultPath: String
    var resultText: String
}

/// The background jobs: starting one from a form (an upload, a scheme's "Beregn"), its page
/// while it runs (it reloads itself until the job has ended), and the list of this server's jobs.
struct JobPages: Sendable {
    let queue: JobQueue

    /// Seconds between reloads of a running job's page.
    static let refreshSeconds = 2

    func list() async -> Page {
        let rows = await queue.all().map { e in
            JobsContent.Row(
                id: e.id, href: Route.job.path(e.id), title: e.work.title, by: e.startedBy, state: e.state.rawValue,
                progress: Self.progressText(e.progress.current), submitted: Self.clock(e.submittedAt), failed: e.state == .failed)
        }
        return Page("Job", section: .jobs, JobsContent(jobs: rows, empty: rows.isEmpty))
    }

    func page(id: Int) async throws -> Page {
        guard let e = await queue.entry(id) else {
            throw HTTPError(.notFound, message: "Jobbet findes ikke (listen gælder, siden serveren startede).")
        }
        let reading = e.progress.current
        let end = e.endedAt ?? Date()
        var page = Page(
            e.work.title, section: .jobs,
            JobContent(
                state: e.state.rawValue, running: !e.state.isOver, failed: e.state == .failed, done: e.state == .done, phase: reading.phase,
                rows: Danish.integer(reading.rowsRead), persons: Danish.integer(reading.personsComputed), by: e.startedBy,
                submitted: Self.clock(e.submittedAt),
                duration: e.startedAt.map { DanishFormat.seconds(end.timeIntervalSince($0)) } ?? "ikke startet",
                lines: e.lines, warnings: e.warnings, resultPath: e.resultPath, resultText: Self.resultText(e.work)))
        if !e.state.isOver { page.refresh = Self.refreshSeconds }
        return page
    }

    /// Queues an uploaded file's import; the upload is moved into a folder the job owns, since
    /// the form's own folder is removed when the request has been answered.
    func importUpload(_ form: MultipartForm, by session: WebSession) async throws -> Response {
        guard let kind = form.text("type").flatMap(ImportKind.init(rawValue:)) else { throw HTTPError(.badRequest, message: "Vælg en importtype.") }
        guard let file = form.file("fil"), let upload = file.file, file.size > 0 else { throw HTTPError(.badRequest, message: "Vælg en fil.") }
        let safeName = String((file.fileName ?? "upload.csv").split(separator: "/").last ?? "upload.csv").filter { $0 != "\\" }
        let name = safeName.isEmpty ? "upload.csv" : safeName
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-job-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try FileManager.default.moveItem(at: upload, to: url)
        let mapping = form.text("kortlaegning").flatMap { $0.isEmpty ? nil : $0 }
        if mapping != nil && kind != .postings {
            throw HTTPError(.badRequest, message: "En kortlægning gælder kun posteringer. Intet er importeret.")
        }
        let id = await queue.submit(
            .importFile(kind, file: url, name: name, duplicatesReason: form.text("dubletter_begrundelse"), mapping: mapping), by: session.username,
            origin: Route.upload.path(), resultPath: Route.imports.path(), workDirectory: folder)
        return Redirect.to(Route.job.path(id))
    }

    struct ComputeForm: Decodable, Sendable {
        var ordning: String
        var aar: String?
    }

    /// Queues a scheme's computation, as `hjemtag robot koer` would run it.
    func compute(_ form: ComputeForm, by session: WebSession) async throws -> Response {
        guard let scheme = Scheme(rawValue: form.ordning), JobWork.computable.contains(scheme) else {
            throw HTTPError(.badRequest, message: "Ordningen \(form.ordning) kan ikke beregnes.")
        }
        let needsYear = JobWork.isPerYear(scheme)
        let text = form.aar?.trimmingCharacters(in: .whitespaces) ?? ""
        var year: Int?
        if !text.isEmpty {
            guard let y = Int(text), (1990...2100).contains(y) else {
                throw HTTPError(.badRequest, message: "Året skal være et årstal som 2024, ikke »\(text)«.")
            }
            year = y
        }
        if needsYear, year == nil { throw HTTPError(.badRequest, message: JobError.yearMissing(scheme).description) }
        let work = JobWork.compute(scheme, year: needsYear ? year : nil)
        let id = await queue.submit(work, by: session.username, origin: Route.compute.path(), resultPath: Self.resultPath(scheme, year))
        return Redirect.to(Route.job.path(id))
    }

    /// Queues a pass of the robot over the server's inbox, as the nightly pass runs it.
    func robotPass(inbox: URL?, by session: WebSession) async throws -> Response {
        guard let inbox else {
            throw HTTPError(.badRequest, message: "Serveren er ikke startet med en indbakke (hjemtag serve --indbakke MAPPE).")
        }
        let id = await queue.submit(.robotPass(inbox: inbox), by: session.username, origin: "robot (web)", resultPath: Route.dashboard.path())
        return Redirect.to(Route.job.path(id))
    }

    static func resultPath(_ scheme: Scheme, _ year: Int?) -> String {
        let page = Route.page(of: scheme).path()
        guard let year, JobWork.isPerYear(scheme) else { return page }
        return Paging.link(page, ["aar": String(year)])
    }

    static func resultText(_ work: JobWork) -> String {
        switch work {
        case .importFile: return "Til importerne"
        case .compute(let scheme, _): return "Se \(scheme.shortTitle)"
        case .robotPass: return "Til arbejdslisten"
        }
    }

    static func progressText(_ r: JobProgress.Reading) -> String {
        var parts = [r.phase]
        if r.rowsRead > 0 { parts.append("\(Danish.integer(r.rowsRead)) rækker") }
        if r.personsComputed > 0 { parts.append("\(Danish.integer(r.personsComputed)) borgere/emner") }
        return parts.joined(separator: ", ")
    }

    static func clock(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "da_DK")
        f.timeZone = TimeZone(identifier: "Europe/Copenhagen")
        f.dateFormat = "dd.MM.yyyy HH:mm:ss"
        return f.string(from: date)
    }

}
