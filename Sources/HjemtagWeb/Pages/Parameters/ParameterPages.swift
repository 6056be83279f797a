import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore
import Hummingbird

struct ParametersContent: PageContent {
    static let template = Template.parameters
    struct Row: Sendable {
        let id: String, title: String, value: String, period: String, source: String, checked: String, note: String, entered: Bool
    }
    /// One entry of the municipality's history, newest first.
    struct Entry: Sendable {
        let number: Int, id: String, value: String, period: String, by: String, at: String, source: String, note: String, state: String
        let active: Bool
        let withdrawPath: String
    }
    struct Problem: Sendable { let kind: String, id: String, years: String, text: String }
    var rows: [Row]
    var entries: [Entry]
    var hasEntries: Bool
    var problems: [Problem]
    var hasProblems: Bool
    var problemCount: String
    var checkedYears: String
    var isAdmin: Bool
    var canRetain: Bool
    var ids: [String]
}

/// The rule parameters with value, period and source; the check of the years with data; the
/// administrator's entry, correction and withdrawal of values, and parameter files in and out.
struct ParameterPages: Sendable {
    let store: any Store
    let today: @Sendable () -> Day

    func list(viewer session: WebSession) async throws -> Page {
        let set = try await store.parameterSet()
        var rows: [ParametersContent.Row] = []
        for d in set.definitions.values.sorted(by: { $0.id < $1.id }) {
            for v in d.values.sorted(by: { $0.from < $1.from }) {
                rows.append(
                    .init(
                        id: d.id, title: d.title, value: d.unit.shown(v.value), period: v.periodText,
                        source: v.source, checked: v.checked.danish, note: v.note ?? "", entered: v.enteredBy != nil))
            }
        }
        let entries = try await store.storedParameterValues().reversed().map { e in
            ParametersContent.Entry(
                number: e.entry, id: e.parameterID, value: (set.definitions[e.parameterID]?.unit ?? .count).shown(e.value.value),
                period: e.value.periodText, by: e.value.enteredBy ?? "", at: Danish.timestamp(e.enteredAt), source: e.value.source,
                note: e.value.note ?? "", state: e.stateText, active: e.isActive, withdrawPath: Route.withdrawParameter.path(e.entry))
        }
        let years = try await store.dataYears()
        let problems = try await store.parameterCheck(today: today()).map {
            ParametersContent.Problem(kind: $0.kind.rawValue, id: $0.parameterID, years: $0.yearsText, text: $0.text)
        }
        let checkedYears = Scheme.allCases.compactMap { s in years[s].map { "\(s.shortTitle) \($0.lowerBound)-\($0.upperBound)" } }
        return Page(
            "Parametre", section: .parameters,
            ParametersContent(
                rows: rows, entries: Array(entries), hasEntries: !entries.isEmpty, problems: problems, hasProblems: !problems.isEmpty,
                problemCount: DanishFormat.count(problems.count, "problem", "problemer"),
                checkedYears: checkedYears.isEmpty ? "ingen data endnu" : checkedYears.joined(separator: ", "),
                isAdmin: Access.allows(session, .setParameters), canRetain: Access.allows(session, .applyRetention),
                ids: set.definitions.keys.sorted()))
    }

    struct Form: Decodable {
        var id: String
        var fra: String
        var til: String?
        var vaerdi: String
        var kilde: String
        var note: String?
    }

    /// An administrator enters a verified value (e.g. a year's SDE limits) with its source; an
    /// entry for the same parameter and period corrects the one before.
    func set(_ form: Form, by session: WebSession) async throws {
        do {
            let unit = try await store.parameterSet().definition(form.id).unit
            let value = try DatedValue.entered(
                from: form.fra, to: form.til, value: form.vaerdi, unit: unit, source: form.kilde, note: form.note, by: session.username,
                today: today())
            try await store.enterParameterValues([ParameterEntry(parameterID: form.id, value: value)], by: session.username, origin: "web")
        } catch let e as ParameterError {
            throw HTTPError(.badRequest, message: "Værdien er ikke gemt: \(e.description).")
        } catch let e as ParameterEntryError {
            throw HTTPError(.badRequest, message: "Værdien er ikke gemt: \(e.description).")
        }
    }

    struct WithdrawForm: Decodable { var grund: String? }

    /// Ends an entry with a reason; the shipped value, or the error for a missing one, applies again.
    func withdraw(entry: Int, _ form: WithdrawForm, by session: WebSession) async throws {
        do {
            try await store.withdrawParameterEntry(entry, by: session.username, reason: form.grund ?? "")
        } catch let e as ParameterEntryError {
            throw HTTPError(
                e == .notFound(entry: entry) ? .notFound : .badRequest, message: "Indtastningen er ikke tilbagetrukket: \(e.description).")
        }
    }

    /// A parameter file: every value checked, stored together or not at all, each in the audit log.
    func importFile(_ form: MultipartForm, by session: WebSession) async throws -> Page {
        guard let file = form.file("fil"), let url = file.file, file.size > 0 else { throw HTTPError(.badRequest, message: "Vælg en parameterfil.") }
        let name = String((file.fileName ?? "parametre.csv").split(separator: "/").last ?? "parametre.csv")
        let lines: [String]
        var ok = false
        do {
            let units = try await store.parameterSet().definitions.mapValues(\.unit)
            let entries = try ParameterFile.read(url, name: name, units: units, by: session.username)
            let stored = try await store.enterParameterValues(entries, by: session.username, origin: "parameterfil \(name)", file: name)
            lines = [
                "\(name): \(DanishFormat.count(stored.count, "værdi", "værdier")) gemt (indtastning nr. \(stored.map(\.entry).map(String.init).joined(separator: ", ")))."
            ]
            ok = true
        } catch let e as ImportError {
            lines = e.description.split(separator: "\n").map(String.init)
        } catch let e as ParameterEntryError {
            lines = [e.description]
        }
        return Page(
            ok ? "Parameterfil importeret" : "Parameterfil afvist", section: .parameters,
            ImportResultContent(ok: ok, lines: lines, warnings: [], backPath: Route.parameters.path(), backText: "Tilbage til parametre"))
    }

    /// The values in force as a parameter file: the municipality's entries, or with `alle` every value.
    /// The values as a parameter file: Danish CSV that `Importér parametre` reads back, or the
    /// same columns as XLSX to read and check in Excel.
    func export(everything: Bool, xlsx: Bool = false) async throws -> Response {
        let values = ParameterFile.values(of: try await store.parameterSet(), everything: everything)
        let name = everything ? "hjemtag-parametre-alle" : "hjemtag-parametre"
        let sheet = ParameterFile.sheet(values)
        return xlsx ? try Download.xlsx([sheet], name: name + ".xlsx") : Download.csv(sheet, name: name + ".csv")
    }
}
