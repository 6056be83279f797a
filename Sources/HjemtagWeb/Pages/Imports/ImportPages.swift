import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Hummingbird

struct ImportsContent: PageContent {
    static let template = Template.imports
    struct Row: Sendable {
        let id: Int, kind: String, file: String, rows: String, size: String, encoding: String, by: String, at: String, sha: String
        /// The first and last day the rows carry: the SDE and staircase years the import can change (decision 0014).
        let days: String
    }
    var imports: [Row]
    var empty: Bool
    var canUpload: Bool
    var kinds: [String]
    /// The saved column mappings a ledger file can be read through.
    var mappings: [String]
    /// Each kind's columns and its template (the `files_table` partial reads `files`).
    var files: [HelpContent.File]
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
                encoding: i.encoding, by: i.importedBy, at: Danish.timestamp(i.importedAt), sha: String(i.sha256.prefix(16)),
                days: i.days?.description ?? "")
        }
        return Page(
            "Importer", section: .imports,
            ImportsContent(
                imports: rows, empty: rows.isEmpty, canUpload: Access.allows(session, .runComputations),
                kinds: ImportKind.allCases.map(\.rawValue), mappings: try await store.mappings().map(\.mapping.name),
                files: ImportKind.allCases.map(HelpPage.file)))
    }

}
