import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Hummingbird

struct MappingsContent: PageContent {
    static let template = Template.mappings
    struct Row: Sendable { let name: String, pattern: String, by: String, at: String, exportHref: String }
    var mappings: [Row]
    var empty: Bool
    var saved: String?
}

struct MappingEditContent: PageContent {
    static let template = Template.mappingEdit
    struct Cell: Sendable { let text: String }
    struct Column: Sendable { let name: String, looks: String }
    struct SampleRow: Sendable { let line: Int, cells: [Cell] }
    struct Option: Sendable { let value: String, label: String, selected: Bool }
    struct Field: Sendable {
        let name: String, required: Bool, columns: [Option], partSeparator: String, partNumber: String, characters: String
        let isDate: Bool, dateFormats: [Option], isAmount: Bool, signColumns: [Option], credit: String
    }
    struct PreviewRow: Sendable { let line: Int, cells: [Cell], problems: [String], bad: Bool }
    var token: String
    var fileName: String
    var encoding: String
    var separator: String
    var columns: [Column]
    var sample: [SampleRow]
    var fields: [Field]
    var mappingName: String
    var pattern: String
    var problems: [String]
    var hasProblems: Bool
    var previewHeader: [String]
    var preview: [PreviewRow]
    var hasPreview: Bool
    var badRows: Int
}

/// Column mappings on the web (issue 20 § 3): a file is uploaded and its first rows shown with
/// the encoding, separator and what each column looks like; its columns are mapped to Hjemtag's
/// fields, the rows previewed as Hjemtag will read them (problems marked), and the mapping saved
/// under a name (and the file imported through it). Saved mappings are listed, exported as JSON,
/// imported from JSON and deleted; every save and deletion is in the audit log.
struct MappingPages: Sendable {
    let store: any Store
    let jobs: JobPages

    func list(saved: String?) async throws -> Page {
        let rows = try await store.mappings().map { m in
            MappingsContent.Row(
                name: m.mapping.name, pattern: m.mapping.fileNamePattern ?? "–", by: m.savedBy, at: Danish.timestamp(m.savedAt),
                exportHref: Paging.link(Route.exportMapping.path(), ["navn": m.mapping.name]))
        }
        return Page("Kortlægninger", section: .imports, MappingsContent(mappings: rows, empty: rows.isEmpty, saved: saved))
    }

    /// An upload starts a new mapping: the file is kept under a token for the preview and the import.
    func upload(_ form: MultipartForm) async throws -> Page {
        guard let file = form.file("fil"), let upload = file.file, file.size > 0 else { throw HTTPError(.badRequest, message: "Vælg en fil.") }
        let token = UUID().uuidString
        let name = Self.safeName(file.fileName)
        let folder = try Self.folder(token)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: upload, to: folder.appendingPathComponent(name))
        return try await edit(token: token, fields: [:])
    }

    /// The edit page for the uploaded file: with `fields` (the form), the mapping they make, its
    /// problems and the preview; without, the columns guessed from the file's headings.
    func edit(token: String, fields: [String: String]) async throws -> Page {
        let url = try Self.uploaded(token)
        let sample: MappingPreview.Sample
        do { sample = try MappingPreview.sample(url: url) } catch { throw HTTPError(.badRequest, message: "\(url.lastPathComponent): \(error)") }
        let mapping = fields.isEmpty ? Self.guess(sample) : Self.mapping(from: fields)
        var problems = mapping.problems()
        var previewRows: [MappingEditContent.PreviewRow] = []
        if problems.isEmpty {
            let (missing, rows) = try MappingPreview.mapped(url: url, mapping: mapping)
            if !missing.isEmpty { problems.append("filen har ikke kolonnerne \(missing.joined(separator: ", "))") }
            previewRows = rows.map {
                .init(line: $0.line, cells: $0.values.map { .init(text: $0) }, problems: $0.problems, bad: !$0.problems.isEmpty)
            }
        }
        func options(_ selected: String?) -> [MappingEditContent.Option] {
            [.init(value: "", label: "(ingen)", selected: selected == nil)]
                + sample.header.map { .init(value: $0, label: $0, selected: $0 == selected) }
        }
        let formFields = PostingParser.knownColumns.map { f -> MappingEditContent.Field in
            let r = mapping.fields[f]
            return .init(
                name: f, required: PostingParser.requiredColumns.contains(f), columns: options(r?.column), partSeparator: r?.part?.separator ?? "",
                partNumber: r?.part.map { String($0.number) } ?? "", characters: r?.characters ?? "",
                isDate: Self.dateFields.contains(f),
                dateFormats: [.init(value: "", label: "som Hjemtag læser datoer", selected: r?.dateFormat == nil)]
                    + ColumnMapping.dateFormats.map { .init(value: $0, label: $0, selected: $0 == r?.dateFormat) },
                isAmount: f == "beloeb", signColumns: options(r?.sign?.column), credit: r?.sign?.creditValues.joined(separator: ", ") ?? "")
        }
        let content = MappingEditContent(
            token: token, fileName: url.lastPathComponent, encoding: sample.encoding.rawValue, separator: sample.separator,
            columns: zip(sample.header, sample.looks).map { .init(name: $0, looks: $1) },
            sample: sample.rows.enumerated().map { .init(line: $0.offset + 2, cells: $0.element.map { .init(text: $0) }) },
            fields: formFields, mappingName: fields["navn"] ?? "", pattern: fields["filnavn"] ?? "", problems: problems,
            hasProblems: !problems.isEmpty, previewHeader: PostingParser.knownColumns, preview: previewRows, hasPreview: !previewRows.isEmpty,
            badRows: previewRows.filter(\.bad).count)
        return Page("Ny kortlægning", section: .imports, content)
    }

    /// The form's buttons: preview again, save, or save and import the file through the mapping.
    func submit(_ fields: [String: String], by session: WebSession) async throws -> FormAnswer {
        guard let token = fields["token"] else { throw HTTPError(.badRequest, message: "Formularen mangler sin fil; upload den igen.") }
        let action = fields["handling"] ?? "proev"
        guard action == "gem" || action == "importer" else { return .page(try await edit(token: token, fields: fields)) }
        let mapping = Self.mapping(from: fields)
        let problems = mapping.problems()
        guard problems.isEmpty else {
            throw HTTPError(.badRequest, message: "Kortlægningen kan ikke gemmes: \(problems.joined(separator: "; ")). Intet er gemt.")
        }
        try await store.saveMapping(mapping, by: session.username, page: Route.mappings.path())
        guard action == "importer" else { return .redirect(Paging.link(Route.mappings.path(), ["gemt": mapping.name])) }
        let url = try Self.uploaded(token)
        let id = await jobs.queue.submit(
            .importFile(.postings, file: url, name: url.lastPathComponent, duplicatesReason: nil, mapping: mapping.name), by: session.username,
            origin: Route.mappings.path(), resultPath: Route.imports.path(), workDirectory: url.deletingLastPathComponent())
        return .redirect(Route.job.path(id))
    }

    func export(name: String?) async throws -> Response {
        guard let name, let m = try await store.mapping(named: name) else { throw HTTPError(.notFound, message: "Kortlægningen findes ikke.") }
        return Download.file(ByteBuffer(string: try m.encoded() + "\n"), type: "application/json; charset=utf-8", name: "kortlaegning-\(name).json")
    }

    /// A mapping exported from this or another installation, read back.
    func importJSON(_ form: MultipartForm, by session: WebSession) async throws -> Response {
        guard let file = form.file("fil"), let url = file.file else { throw HTTPError(.badRequest, message: "Vælg en JSON-fil.") }
        let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
        let mapping: ColumnMapping
        do { mapping = try ColumnMapping.decode(text) } catch {
            throw HTTPError(.badRequest, message: "\(file.fileName ?? "filen"): \(error.description)")
        }
        try await store.saveMapping(mapping, by: session.username, page: Route.mappings.path())
        return Redirect.to(Paging.link(Route.mappings.path(), ["gemt": mapping.name]))
    }

    func delete(_ fields: [String: String], by session: WebSession) async throws -> Response {
        guard let name = fields["navn"], try await store.deleteMapping(named: name, by: session.username, page: Route.mappings.path()) else {
            throw HTTPError(.notFound, message: "Kortlægningen findes ikke.")
        }
        return Redirect.to(Route.mappings.path())
    }

    // MARK: the form and the file

    static let dateFields: Set<String> = ["dato", "periode_fra", "periode_til"]

    /// The mapping the form describes (checked by `ColumnMapping.problems` before use).
    static func mapping(from f: [String: String]) -> ColumnMapping {
        func value(_ k: String) -> String? {
            let v = f[k]?.trimmingCharacters(in: .whitespaces) ?? ""
            return v.isEmpty ? nil : v
        }
        var rules: [String: ColumnMapping.FieldRule] = [:]
        for field in PostingParser.knownColumns {
            guard let column = value("\(field)_kolonne") else { continue }
            var rule = ColumnMapping.FieldRule(column: column)
            if let sep = f["\(field)_del_sep"], !sep.isEmpty, let n = value("\(field)_del_nr").flatMap(Int.init) {
                rule.part = .init(separator: sep, number: n)
            }
            rule.characters = value("\(field)_tegn")
            rule.dateFormat = value("\(field)_datoformat")
            if field == "beloeb", let sign = value("beloeb_fortegn_kolonne") {
                rule.sign = .init(
                    column: sign, creditValues: (f["beloeb_kredit"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            }
            rules[field] = rule
        }
        return ColumnMapping(name: value("navn") ?? "", fileNamePattern: value("filnavn"), fields: rules)
    }

    /// A first mapping from the file's headings and what their values look like.
    static func guess(_ sample: MappingPreview.Sample) -> ColumnMapping {
        let names: [String: [String]] = [
            "bilag": ["bilag", "bilagsnr", "bilagsnummer"], "dato": ["dato", "bogfdato", "bogfoeringsdato", "posteringsdato"],
            "beloeb": ["beloeb", "belob", "beloeb_kr"], "funktion": ["funktion", "konto", "kontostreng", "kontonummer"],
            "cpr": ["cpr", "cprnr", "cpr_nr", "cpr_nummer"], "paragraf": ["paragraf", "lovgrundlag"], "cvr": ["cvr", "cvrnr"],
            "tekst": ["tekst", "posteringstekst"], "forvaltning": ["forvaltning", "afdeling"],
        ]
        var rules: [String: ColumnMapping.FieldRule] = [:]
        for (i, heading) in sample.header.enumerated() {
            let key = ColumnName.normalise(heading)
            guard let field = names.first(where: { $0.value.contains(key) })?.key, rules[field] == nil else { continue }
            var rule = ColumnMapping.FieldRule(column: heading)
            let looks = sample.looks[i]
            if looks.hasPrefix("dato "), dateFields.contains(field) { rule.dateFormat = String(looks.dropFirst(5)) }
            rules[field] = rule
        }
        return ColumnMapping(name: "", fields: rules)
    }

    static func safeName(_ raw: String?) -> String {
        let name = String((raw ?? "udtraek.csv").split(separator: "/").last ?? "udtraek.csv").filter { $0 != "\\" }
        return name.isEmpty || name.hasPrefix(".") ? "udtraek.csv" : name
    }

    /// The folder of an upload; the token is a UUID, so no path can be smuggled in.
    static func folder(_ token: String) throws -> URL {
        guard UUID(uuidString: token) != nil else { throw HTTPError(.badRequest, message: "Ukendt fil; upload den igen.") }
        return FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-kortlaegning-\(token)")
    }

    static func uploaded(_ token: String) throws -> URL {
        let folder = try folder(token)
        guard let name = (try? FileManager.default.contentsOfDirectory(atPath: folder.path))?.first else {
            throw HTTPError(.badRequest, message: "Filen er ikke længere på serveren; upload den igen.")
        }
        return folder.appendingPathComponent(name)
    }
}
