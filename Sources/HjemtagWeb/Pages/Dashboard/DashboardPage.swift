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
    /// The robot's last pass, and the files it refused (with their first problem).
    var robot: String
    var refused: [String]
}

/// The front page: the municipality, what is loaded, and the schemes with their legal basis.
struct DashboardPage: Sendable {
    let store: any Store

    func page() async throws -> Page {
        let kommune = try await store.ownMunicipality()
        let last = try await store.robotRuns(limit: 1).first
        let content = DashboardContent(
            kommune: kommune.map { "\($0.name) Kommune (\($0.codeText))" } ?? "ikke sat (kør hjemtag migrate --kommune KODE)",
            importCount: Danish.integer(try await store.imports().count),
            postingCount: Danish.integer(try await store.postingCount()),
            schemes: Scheme.allCases.map { .init(title: $0.title, path: Route.page(of: $0).path(), law: $0.law) },
            robot: robotLine(last),
            refused: (last?.report?.filer ?? []).filter { $0.status == "afvist" }.map { f in
                // A problem names its file already (fil:linje:kolonne); the file's name alone otherwise.
                let first = f.fejl.first ?? ""
                return first.hasPrefix(f.fil) ? first : "\(f.fil): \(first)"
            })
        return Page("Oversigt", section: .dashboard, content).noting(try await ComputationLedger(store: store).stale())
    }

    /// "Seneste kørsel 02.12.2026 02:00: 3 filer importeret, 1 afvist; 2 ordninger med fejl".
    func robotLine(_ run: RobotRun?) -> String {
        guard let run else { return "Robotten har ikke kørt endnu (hjemtag robot koer --indbakke MAPPE, eller serve --indbakke)." }
        guard let report = run.report, run.finishedAt != nil else { return "Robotten kører nu (startet \(Danish.timestamp(run.startedAt)))." }
        let taken = report.filer.filter { $0.status == "importeret" }.count
        let refused = report.filer.filter { $0.status == "afvist" }.count
        let failed = report.ordninger.filter { $0.status == "fejl" }.count
        return "Seneste kørsel \(Danish.timestamp(run.startedAt)): \(DanishFormat.count(taken, "fil", "filer")) importeret, "
            + "\(refused) afvist; \(DanishFormat.count(report.ordninger.filter { $0.status == "beregnet" }.count, "beregning", "beregninger"))"
            + (failed == 0 ? "." : ", \(DanishFormat.count(failed, "ordning", "ordninger")) med fejl.")
    }
}
