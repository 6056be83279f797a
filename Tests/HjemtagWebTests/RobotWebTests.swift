import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
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

    @Test("A pass started from the worklist runs as a job: the file in the inbox is imported and moved, the schemes computed")
    func passFromTheWeb() async throws {
        let f = try await WebSDETests.fixture()
        let inbox = f.dir.appendingPathComponent("indbakke")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let file = inbox.appendingPathComponent("posteringer-maj.csv")
        try "dato;beloeb;funktion;cpr;paragraf;forvaltning\n2021-05-20;7000,00;5.38.50;020270-2222;SEL-108;SOF\n".write(
            to: file, atomically: true, encoding: .utf8)
        // Written a minute ago: a file still being written is left for the next pass.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: file.path)
        let app = try await buildApplication(store: f.store, configuration: WebConfiguration(inbox: inbox))
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(anna)).body)
            #expect(home.contains("Kør robotten nu"))
            let token = try #require(hiddenCSRF(home))
            let r = try await client.execute(uri: "/robot/koer", method: .post, headers: headers(anna, form: true), body: formBody(["csrf": token]))
            #expect(r.status == .seeOther)
            let job = try await jobPage(client, at: try #require(r.headers[.location]), anna)
            #expect(job.contains(#"<dd id="job-status">færdig</dd>"#), "\(job)")
            #expect(job.contains("posteringer-maj.csv: importeret (1 række)"))
            #expect(job.contains("Særligt dyre enkeltsager 2021: beregnet"))
            let after = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(anna)).body)
            #expect(after.contains("1 filer importeret, 0 afvist") || after.contains("1 fil importeret, 0 afvist"), "\(after)")
        }
        #expect(FileManager.default.fileExists(atPath: inbox.appendingPathComponent("behandlet/posteringer-maj.csv").path))
        #expect(try await f.store.robotRuns(limit: 1).first?.startedBy == "anna")
        // A server without an inbox offers no pass.
        let plain = try await buildApplication(store: f.store)
        try await plain.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(anna)).body)
            #expect(!home.contains("Kør robotten nu"))
            let token = try #require(hiddenCSRF(home))
            let r = try await client.execute(uri: "/robot/koer", method: .post, headers: headers(anna, form: true), body: formBody(["csrf": token]))
            #expect(r.status == .badRequest && String(buffer: r.body).contains("--indbakke"))
        }
        try await f.store.close()
    }

    @Test("The worklist lists our claims with a deadline within 90 days, each leading to the claim")
    func claimsDue() async throws {
        let f = try await WebSDETests.fixture()
        let today = Day(year: 2026, month: 12, day: 2)!
        // Roskilde (265) referred the citizen to a § 108 place here from 1.1.2024: the help of
        // January 2024 must be claimed by 1.1.2027 (three years from the first day; Højesteret 18.4.2024).
        for (kind, name, text) in [
            (
                ImportKind.residence, "ophold.csv",
                "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n030380-3333;2015-01-01;2023-12-31;265;EGEN_BOLIG;;;\n"
                    + "030380-3333;2024-01-01;;350;SEL108;Lejre Bo;265;SEL-108\n"
            ),
            (
                .postings, "forsoergelse.csv",
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n2024-01-28;10000,00;5.57.73;030380-3333;LAS-25;2024-01-01;2024-01-31;SOF\n"
            ),
        ] {
            let url = f.dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            _ = try await ImportRunner().run(kind: kind, file: url, importedBy: "test", into: f.store)
        }
        try await IntermunicipalService(store: f.store).run(by: "test", today: today)
        let claim = try #require(try await f.store.claims(direction: .outgoing, includeInactive: false).first)
        let app = try await buildApplication(store: f.store, configuration: WebConfiguration(today: { today }))
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let home = String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(anna)).body)
            #expect(
                home.contains(#"<a href="/mellemkommunal/krav/\#(claim.id)">Krav mod Roskilde Kommune: frist 01.01.2027 (om 30 dage)</a>"#), "\(home)"
            )
            let page = try await client.execute(uri: "/mellemkommunal/krav/\(claim.id)", method: .get, headers: headers(anna))
            #expect(page.status == .ok && String(buffer: page.body).contains("Roskilde"))
        }
        try await f.store.close()
    }
}
