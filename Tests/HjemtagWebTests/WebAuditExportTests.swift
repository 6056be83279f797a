import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSQLStore
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Logging
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Web audit log export", .serialized)
struct WebAuditExportTests {
    @Test("The auditor exports the audit log as CSV with the drill-downs; the export is logged; a caseworker is refused")
    func export() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(buffer: try await client.execute(uri: "/sde?aar=2021", method: .get, headers: headers(anna)).body)
            let link = try #require(list.range(of: #"/sde/emne/\d+"#, options: .regularExpression).map { String(list[$0]) })
            _ = try await client.execute(uri: link, method: .get, headers: headers(anna))
            let rita = try await WebSDETests.logIn(client, as: "rita")
            let csv = try await client.execute(uri: "/revision/eksport", method: .get, headers: headers(rita))
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            let text = String(buffer: csv.body)
            #expect(text.hasPrefix("\u{FEFF}Tidspunkt (UTC);Bruger;Handling;CPR;Side;Formål"))
            #expect(text.contains(";anna;vis;020270-2222;\(link);SDE-opgørelse"))
            let bo = try await WebSDETests.logIn(client, as: "bo")
            #expect(try await client.execute(uri: "/revision/eksport", method: .get, headers: headers(bo)).status == .forbidden)
        }
        #expect(try await f.store.auditEntries(cpr: nil, username: "rita", limit: 10).map(\.action).contains("eksport af logning"))
        try await f.store.close()
    }
}
