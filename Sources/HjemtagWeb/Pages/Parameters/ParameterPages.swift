import Foundation
import HjemtagCore
import HjemtagStore
import Hummingbird

struct ParametersContent: PageContent {
    static let template = Template.parameters
    struct Row: Sendable {
        let id: String, title: String, value: String, period: String, source: String, checked: String, note: String, entered: Bool
    }
    var rows: [Row]
    var isAdmin: Bool
    var canRetain: Bool
    var ids: [String]
}

/// The rule parameters with value, period and source, and the administrator's entry of a value.
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
                        id: d.id, title: d.title, value: Danish.parameterValue(v.value, unit: d.unit), period: v.periodText,
                        source: v.source, checked: v.checked.danish, note: v.note ?? "", entered: v.enteredBy != nil))
            }
        }
        return Page(
            "Parametre", section: .parameters,
            ParametersContent(
                rows: rows, isAdmin: Access.allows(session, .setParameters),
                canRetain: Access.allows(session, .applyRetention), ids: set.definitions.keys.sorted()))
    }

    struct Form: Decodable {
        var id: String
        var fra: String
        var til: String?
        var vaerdi: String
        var kilde: String
        var note: String?
    }

    /// An administrator enters a verified value (e.g. a year's SDE limits) with its source.
    func set(_ form: Form, by session: WebSession) async throws {
        let value: DatedValue
        do {
            var set = try await store.parameterSet()
            value = try DatedValue.entered(
                from: form.fra, to: form.til, value: form.vaerdi, unit: try set.definition(form.id).unit,
                source: form.kilde, note: form.note, by: session.username, today: today())
            try set.apply(override: value, to: form.id) // validates the value for its unit before storing
        } catch let e as ParameterError {
            throw HTTPError(.badRequest, message: e.description)
        } catch let e as ParameterEntryError {
            throw HTTPError(.badRequest, message: e.description)
        }
        try await store.addParameterValue(form.id, value)
    }
}
