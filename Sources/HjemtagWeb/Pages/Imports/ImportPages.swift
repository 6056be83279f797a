import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Hummingbird

struct ImportsContent: PageContent {
    static let template = Template.imports
    struct Row: Sendable {
        let id: Int, kind: String, file: String, rows: String, size: String, encoding: String, by: String, at: String, sha: String
    }
    var imports: [Row]
    var empty: Bool
    var canUpload: Bool
    var kinds: [String]
}

struct ImportResultContent: PageContent {
    static let template = Template.importsResult
    var ok: Bool
    var lines: [String]
    var warnings: [String]
    /// Where "back" leads: the imports, or the parameters for a parameter file.
    var backPath = Route.imports.path()
    var backText = "Tilbage til importer"
}

/// The archive of imported files, newest first, and the upload form that imports one more.
struct ImportPages: Sendable {
    let store: any Store

    func list(viewer session: WebSession) async throws -> Page {
        let rows = try await store.imports().reversed().map { i in
            ImportsContent.Row(
                id: i.id, kind: i.kind, file: i.fileName, rows: Danish.integer(i.rowCount), size: Danish.bytes(i.size),
                encoding: i.encoding, by: i.importedBy, at: Danish.timestamp(i.importedAt), sha: String(i.sha256.prefix(16)))
        }
        return Page(
            "Importer", section: .imports,
            ImportsContent(
                imports: rows, empty: rows.isEmpty, canUpload: Access.allows(session, .runComputations),
                kinds: ImportKind.allCases.map(\.rawValue)))
    }

    /// Imports an uploaded file; a refused file shows every problem and stores nothing.
    func upload(_ form: MultipartForm, by session: WebSession) async throws -> Page {
        guard let kind = form.text("type").flatMap(ImportKind.init(rawValue:)) else { throw HTTPError(.badRequest, message: "Vælg en importtype.") }
        guard let file = form.file("fil"), let upload = file.file, file.size > 0 else { throw HTTPError(.badRequest, message: "Vælg en fil.") }
        // The runner reads from disk: the upload is already there, in the form's private directory,
        // under the name the user sees in messages.
        let safeName = String((file.fileName ?? "upload.csv").split(separator: "/").last ?? "upload.csv").filter { $0 != "\\" }
        let url = form.directory.appendingPathComponent("fil").appendingPathComponent(safeName.isEmpty ? "upload.csv" : safeName)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: upload, to: url)
        var message: String
        var ok = false
        var warnings: [String] = []
        do {
            let outcome = try await ImportRunner().run(
                kind: kind, file: url, importedBy: session.username, into: store, duplicatesReason: form.text("dubletter_begrundelse"))
            message =
                "\(outcome.summary.fileName): \(DanishFormat.count(outcome.summary.rowCount, "række", "rækker")) importeret (import nr. \(outcome.summary.id))."
            warnings = outcome.warnings.map { "Advarsel: \($0)." }
            ok = true
        } catch let e as ImportError {
            message = e.description
            try await store.appendAudit(
                username: session.username, action: .importRefused, page: Route.upload.path(),
                purpose: "\(kind.rawValue): \(url.lastPathComponent): \(e.summary)")
        }
        return Page(
            ok ? "Import gennemført" : "Import afvist", section: .imports,
            ImportResultContent(ok: ok, lines: message.split(separator: "\n").map(String.init), warnings: warnings))
    }
}
