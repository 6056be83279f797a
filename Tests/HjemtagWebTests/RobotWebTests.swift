import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagSQLStore
import HjemtagSchemes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Web: the robot's last pass on the overview", .serialized)
struct RobotWebTests {
    @Test("The overview says when the robot last ran, what it took in, and which files it refused and why")
    func overview() async throws {
        let f = try await WebSDETests.fixture()
        let inbox = f.dir.appendingPathComponent("indbakke")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let bad = inbox.appendingPathComponent("forkert.csv")
        try "noget;andet\n1;2\n".write(to: bad, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: bad.path)
        _ = try await RobotService(store: f.store).run(inbox: inbox, today: Day(year: 2026, month: 11, day: 23)!, by: "robot")
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let html = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(anna)).body)
            #expect(html.contains("Seneste kørsel ") && html.contains("0 filer importeret, 1 afvist"))
            #expect(html.contains("Afvist: forkert.csv:1:1: filens kolonner passer ikke til nogen importtype"))
            // The fixture's SDE finding (87.500 kr.) is about a SOF citizen: in finance's worklist,
            // not in that of the BUF caseworker.
            #expect(html.contains("Særligt dyre enkeltsager</a></td><td class=\"num\">87.500,00</td>"))
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let theirs = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(bo)).body)
            #expect(theirs.contains("<h1>Arbejdsliste</h1>") && theirs.contains("Særligt dyre enkeltsager</a></td><td class=\"num\">0,00</td>"))
        }
        try await f.store.close()
    }
}
