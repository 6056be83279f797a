import Foundation
import HTTPTypes
import HjemtagCLI
import HjemtagCore
import HjemtagSQLStore
import HjemtagSchemes
import HjemtagStore
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Testing

@testable import HjemtagWeb

/// Every page of the demo municipality, as an administrator and as a caseworker sees it, compared
/// with the HTML kept in `Snapshots/`. The clock is pinned, so a page is the same on every day;
/// what still changes between runs (form tokens, the time of an import or a run, the CLI's user
/// name) is masked before comparing. A page that renders differently fails with the first
/// differing line; when the change is meant, record anew with `HJEMTAG_RECORD_SNAPSHOTS=1`.
@Suite("Page snapshots of the demo municipality", .serialized)
struct PageSnapshotTests {
    static let today = Day(year: 2026, month: 11, day: 23)!
    static let snapshots = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["HJEMTAG_RECORD_SNAPSHOTS"] == "1" }

    /// The demo municipality (2.000 inhabitants, seed 1) with the analyses judged on the pinned day,
    /// an administrator and a caseworker for SOF.
    static func demoStore() async throws -> (SQLStore, URL) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-snapshot-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("demo.sqlite").path
        let quiet = Console(out: { _ in }, err: { _ in })
        let code = await Console.$current.withValue(quiet) {
            await HjemtagMain.execute(["demo", "--indbyggere", "2000", "--katalog", dir.appendingPathComponent("data").path, "--database", db])
        }
        #expect(code == 0)
        let store = try await SQLStore.open(db)
        _ = try await IntermunicipalService(store: store).run(by: "test", today: today)
        _ = try await ResultGrantService(store: store).run(by: "test", today: today)
        _ = try await VATService(store: store).run(by: "test", today: today)
        _ = try await store.createUser(
            username: "ada", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .administrator, departments: [])
        _ = try await store.createUser(
            username: "sofie", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["SOF"])
        return (store, dir)
    }

    /// What differs between two runs of the same pages, masked.
    static func normalised(_ text: String) -> String {
        var s = text
        for (pattern, replacement) in [
            (#"[0-9a-f]{64}"#, "TOKEN"),
            (#"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}"#, "TIDSPUNKT"),
            (#"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z"#, "TIDSPUNKT"),
            (#"cli:[A-Za-z0-9_.-]+"#, "cli:BRUGER"),
        ] {
            s = s.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return s
    }

    func compare(_ name: String, _ body: String) throws {
        let file = Self.snapshots.appendingPathComponent(name)
        let actual = Self.normalised(body)
        if Self.recording {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(name); record with HJEMTAG_RECORD_SNAPSHOTS=1")
            return
        }
        guard expected != actual else { return }
        let a = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let b = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
        Issue.record(
            """
            \(name) differs from its snapshot at line \(line + 1):
              snapshot: \(line < a.count ? String(a[line].prefix(300)) : "(end)")
              now:      \(line < b.count ? String(b[line].prefix(300)) : "(end)")
            """)
    }

    @Test("Every page as the administrator and as a caseworker renders as in its snapshot")
    func pages() async throws {
        let (store, dir) = try await Self.demoStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let app = try await buildApplication(store: store, configuration: WebConfiguration(today: { Self.today }))
        let run = try #require(try await store.latestSDERun(year: 2022))
        let subject = try #require(try await store.sdeRefundSubjects(runID: run.id, limit: 1, visible: nil).subjects.first).id
        let claims = try await store.claims(direction: .outgoing, includeInactive: false)
        let claim = try #require(claims.min { $0.id < $1.id })
        let person = try #require(try await store.residenceEpisodes(cpr: claim.draft.cpr).map(\.id).min())
        let finding = try #require(try await store.findings(scheme: .sde, year: 2022, includeInactive: false).first).id
        try await app.test(.router) { client in
            try compare("login.html", String(buffer: try await client.execute(uri: "/login", method: .get).body))
            let ada = try await WebSDETests.logIn(client, as: "ada")
            let pages: [(String, String)] = [
                ("oversigt.html", "/"), ("importer.html", "/importer"), ("parametre.html", "/parametre"),
                ("sde.html", "/sde"), ("sde-2021.html", "/sde?aar=2021"), ("sde-emne.html", "/sde/emne/\(subject)"),
                ("sde-intet-aar.html", "/sde?aar=2019"), ("beskaeftigelse.html", "/beskaeftigelse"),
                ("mellemkommunal.html", "/mellemkommunal"), ("mellemkommunal-borger.html", "/mellemkommunal/borger/\(person)"),
                ("mellemkommunal-krav.html", "/mellemkommunal/krav/\(claim.id)"),
                ("mellemkommunal-brev.html", "/mellemkommunal/krav/\(claim.id)/brev"),
                ("resultattilskud.html", "/resultattilskud"), ("moms.html", "/moms"), ("budget.html", "/budget"),
                ("fund.html", "/fund"), ("fund-sde-2022.html", "/fund?ordning=sde&aar=2022"),
                ("fund-emne.html", "/fund/\(finding)"), ("opbevaring.html", "/opbevaring"),
                ("revision.html", "/revision"), ("indstillinger.html", "/indstillinger"), ("brugere.html", "/brugere"),
                ("adgangskode.html", "/adgangskode"), ("job.html", "/job"), ("hjaelp.html", "/hjaelp"),
                ("kortlaegning.html", "/kortlaegning"), ("scenarie-2021.html", "/budget/scenarie?aar=2021"),
                ("api-status.json", "/api/v1/status"), ("api-findings.json", "/api/v1/findings"),
            ]
            for (name, path) in pages {
                let r = try await client.execute(uri: path, method: .get, headers: headers(ada))
                #expect(r.status == .ok, "\(path): \(r.status.code)")
                try compare(name, String(buffer: r.body))
            }
            let sofie = try await WebSDETests.logIn(client, as: "sofie")
            for (name, path) in [
                ("sagsbehandler-sde.html", "/sde"), ("sagsbehandler-fund.html", "/fund"), ("sagsbehandler-mellemkommunal.html", "/mellemkommunal"),
            ] {
                let r = try await client.execute(uri: path, method: .get, headers: headers(sofie))
                #expect(r.status == .ok, "\(path): \(r.status.code)")
                try compare(name, String(buffer: r.body))
            }
        }
        try await store.close()
    }
}
