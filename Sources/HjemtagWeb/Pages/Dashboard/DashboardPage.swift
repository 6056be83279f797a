import HjemtagCore
import HjemtagSchemes
import HjemtagStore

struct DashboardContent: PageContent {
    static let template = Template.dashboard
    struct SchemeLink: Sendable { let title: String, path: String, law: String }
    var kommune: String
    var importCount: String
    var postingCount: String
    var schemes: [SchemeLink]
}

/// The front page: the municipality, what is loaded, and the schemes with their legal basis.
struct DashboardPage: Sendable {
    let store: any Store

    func page() async throws -> Page {
        let kommune = try await store.ownMunicipality()
        let content = DashboardContent(
            kommune: kommune.map { "\($0.name) Kommune (\($0.codeText))" } ?? "ikke sat (kør hjemtag migrate --kommune KODE)",
            importCount: Danish.integer(try await store.imports().count),
            postingCount: Danish.integer(try await store.postingCount()),
            schemes: Scheme.allCases.map { .init(title: $0.title, path: Route.page(of: $0).path(), law: $0.law) })
        return Page("Oversigt", section: .dashboard, content).noting(try await ComputationLedger(store: store).stale())
    }
}
