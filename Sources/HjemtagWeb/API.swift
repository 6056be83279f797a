import Foundation
import Hummingbird
import HjemtagCore
import HjemtagImport
import HjemtagStore

/// The JSON API under `/api/v1`. Same session as the pages; no session → 401, never a redirect.
struct APIRoutes: Sendable {
    let store: any Store

    struct ParameterJSON: Codable, ResponseEncodable {
        var id: String, title: String, unit: String
        var values: [DatedValue]
    }

    struct StatusJSON: Codable, ResponseEncodable {
        var kommune: String?
        var backend: String
        var imports: Int
        var postings: Int
    }

    func register(on group: RouterGroup<AppContext>) {
        group.get("status") { _, context -> StatusJSON in
            _ = try requireSession(context)
            let k = try await store.ownMunicipality()
            return StatusJSON(kommune: k?.codeText, backend: store.backendName, imports: try await store.imports().count,
                              postings: try await store.postingCount())
        }
        group.get("imports") { _, context -> [ImportSummary] in
            _ = try requireSession(context)
            return try await store.imports()
        }
        group.get("parameters") { _, context -> [ParameterJSON] in
            _ = try requireSession(context)
            return try await store.parameterSet().definitions.values.sorted { $0.id < $1.id }
                .map { ParameterJSON(id: $0.id, title: $0.title, unit: $0.unit.rawValue, values: $0.values.sorted { $0.from < $1.from }) }
        }
    }
}

extension ImportSummary: ResponseEncodable {}
