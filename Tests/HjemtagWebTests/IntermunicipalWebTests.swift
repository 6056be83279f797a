import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import Hummingbird
import HummingbirdBcrypt
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Web mellemkommunal pages: claims by urgency, audited history, lifecycle, letter, roles", .serialized)
struct IntermunicipalWebTests {
    /// Lejre (350) is the opholdskommune for a citizen Roskilde (265) referred to a § 108 place in
    /// Lejre on 1.3.2025; Lejre pays kontanthjælp 10.000 kr. a month (SOF). Roskilde claims from Lejre
    /// for a Lejre citizen who moved to Roskilde on her own.
    static func fixture() async throws -> WebFixture {
        let f = try await WebFixture.make()
        let files: [(ImportKind, String, String)] = [
            (
                .residence, "ophold.csv",
                "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n"
                    + "030380-3333;2015-01-01;2025-02-28;265;EGEN_BOLIG;;;\n030380-3333;2025-03-01;;350;SEL108;Lejre Bo;265;SEL-108\n"
                    + "040490-4444;2015-01-01;2025-05-31;350;EGEN_BOLIG;;;\n040490-4444;2025-06-01;;265;EGEN_BOLIG;;SELV;\n"
            ),
            (
                .postings, "forsoergelse.csv",
                "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
                    + (3...5).map {
                        "2025-\(zeroPad($0, 2))-28;10000,00;5.57.73;030380-3333;LAS-25;2025-\(zeroPad($0, 2))-01;\(Month(year: 2025, month: $0).lastDay.iso);SOF"
                    }.joined(separator: "\n") + "\n"
            ),
            (
                .incomingClaims, "krav.csv",
                "krav_id;fra_kommune;cpr;periode_fra;periode_til;beloeb;lovgrundlag;modtaget_dato\nR-9;265;040490-4444;2025-06-01;2025-08-31;30000,00;§ 9 c;2025-10-01\n"
            ),
        ]
        for (kind, name, text) in files {
            let url = f.dir.appendingPathComponent(name)
            try text.write(to: url, atomically: true, encoding: .utf8)
            _ = try await ImportRunner().run(kind: kind, file: url, importedBy: "test", into: f.store)
        }
        try await IntermunicipalService(store: f.store).run(by: "test", today: Day(year: 2026, month: 11, day: 23)!)
        _ = try await f.store.createUser(
            username: "bo", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .sagsbehandler, departments: ["BUF"])
        _ = try await f.store.createUser(username: "rita", passwordHash: Bcrypt.hash(WebFixture.password, cost: 4), role: .revisor, departments: [])
        return f
    }

    /// Our claim's row on the overview, from its link to the row's end.
    static func claimRow(_ id: Int, in html: String) -> String? {
        html.range(of: "<a href=\"/mellemkommunal/krav/\(id)\">MK-\(id)</a>").map { html[$0.upperBound...].components(separatedBy: "</tr>")[0] }
    }

    @Test("Overview: our claim of 30.000 kr. against Roskilde, the disputed claim, masked CPR; history and claim pages are logged")
    func overviewAndDrillDown() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let ours = try #require(try await f.store.claims(direction: .outgoing, includeInactive: false).first)
        #expect(ours.draft.amount == Money(kroner: 30_000) && ours.draft.counterpart == 265)
        let theirs = try #require(try await f.store.claims(direction: .incoming, includeInactive: false).first)
        #expect(theirs.draft.verdict == .dispute && theirs.draft.accepted == .zero)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let page = try await client.execute(uri: "/mellemkommunal", method: .get, headers: headers(jar))
            let html = String(buffer: page.body)
            #expect(page.status == .ok)
            #expect(html.contains("30.000,00") && html.contains("Roskilde") && html.contains("bestrides"))
            #expect(html.contains("030380-XXXX") && !html.contains("030380-3333") && !html.contains("0303803333"))
            #expect(html.contains("<svg"))
            let link = try #require(html.range(of: #"/mellemkommunal/borger/\d+"#, options: .regularExpression).map { String(html[$0]) })
            let person = String(buffer: try await client.execute(uri: link, method: .get, headers: headers(jar)).body)
            #expect(person.contains("030380-3333") && person.contains("Opholdshistorik") && person.contains("R1-R2"))
            let claim = String(buffer: try await client.execute(uri: "/mellemkommunal/krav/\(ours.id)", method: .get, headers: headers(jar)).body)
            #expect(claim.contains("Specifikation") && claim.contains("LAS-25"))
            // Move it: identified → sent, then a wrong move is refused with the reason.
            let token = try #require(hiddenCSRF(claim))
            let sent = try await client.execute(
                uri: "/mellemkommunal/krav/\(ours.id)/status", method: .post, headers: headers(jar, form: true),
                body: formBody(["csrf": token, "status": "sendt", "note": "sendt 23.11"]))
            #expect(sent.status == .seeOther)
            let wrong = try await client.execute(
                uri: "/mellemkommunal/krav/\(ours.id)/status", method: .post, headers: headers(jar, form: true),
                body: formBody(["csrf": token, "status": "identificeret"]))
            #expect(wrong.status == .conflict)
            // The overview's lists are kept by the valuation of the claims: the move makes a new one.
            let after = String(buffer: try await client.execute(uri: "/mellemkommunal", method: .get, headers: headers(jar)).body)
            #expect(Self.claimRow(ours.id, in: html)?.contains("<td>identificeret</td>") == true)
            #expect(Self.claimRow(ours.id, in: after)?.contains("<td>sendt</td>") == true)
            let letter = try await client.execute(uri: "/mellemkommunal/krav/\(ours.id)/brev", method: .get, headers: headers(jar))
            let letterHTML = String(buffer: letter.body)
            #expect(
                letterHTML.contains("Krav om mellemkommunal refusion") && letterHTML.contains("/static/brev.css") && !letterHTML.contains("<style"))
            let css = String(buffer: try await client.execute(uri: "/static/brev.css", method: .get).body)
            #expect(css.contains("@media print"))
        }
        #expect(try await f.store.claim(id: ours.id)?.status == .sent)
        #expect(try await f.store.claimEvents(claimID: ours.id).map(\.to) == [.identified, .sent])
        let audit = try await f.store.auditEntries(cpr: try CPR(parsing: "0303803333"), username: "anna", limit: 10)
        #expect(
            Set(audit.filter { $0.action == "vis" }.compactMap(\.page).map { $0.components(separatedBy: "/").prefix(3).joined(separator: "/") }) == [
                "/mellemkommunal/borger", "/mellemkommunal/krav",
            ])
        // The status change is in the log with who made it, the claim and both states.
        #expect(audit.contains { $0.action == "krav ændret" && $0.page == "krav nr. \(ours.id)" })
        #expect(audit.contains { $0.action == "eksport" && $0.purpose == "kravbrev" })
        try await f.store.close()
    }

    @Test("A caseworker outside the citizen's department is refused; the auditor reads but cannot move a claim or set passivity")
    func roles() async throws {
        let f = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        let ours = try #require(try await f.store.claims(direction: .outgoing, includeInactive: false).first)
        let key = try #require(try await f.store.residenceEpisodes(cpr: try CPR(parsing: "0303803333")).first?.id)
        try await app.test(.router) { client in
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let list = String(buffer: try await client.execute(uri: "/mellemkommunal", method: .get, headers: headers(bo)).body)
            #expect(!list.contains("030380-XXXX"))
            #expect(try await client.execute(uri: "/mellemkommunal/borger/\(key)", method: .get, headers: headers(bo)).status == .forbidden)
            #expect(try await client.execute(uri: "/mellemkommunal/krav/\(ours.id)/brev", method: .get, headers: headers(bo)).status == .forbidden)
            #expect(try await client.execute(uri: "/mellemkommunal/eksport.xlsx", method: .get, headers: headers(bo)).status == .forbidden)

            let rita = try await WebSDETests.logIn(client, as: "rita")
            let claim = String(buffer: try await client.execute(uri: "/mellemkommunal/krav/\(ours.id)", method: .get, headers: headers(rita)).body)
            #expect(!claim.contains("action=\"/mellemkommunal/krav/\(ours.id)/status\""))
            let token = try #require(hiddenCSRF(claim))
            let move = try await client.execute(
                uri: "/mellemkommunal/krav/\(ours.id)/status", method: .post, headers: headers(rita, form: true),
                body: formBody(["csrf": token, "status": "sendt"]))
            #expect(move.status == .forbidden)
            let mark = try await client.execute(
                uri: "/mellemkommunal/borger/\(key)/passivitet", method: .post, headers: headers(rita, form: true),
                body: formBody(["csrf": token, "fra": "2025-03-01", "grund": "kendte forholdene i 2024"]))
            #expect(mark.status == .forbidden)
            let xlsx = try await client.execute(uri: "/mellemkommunal/eksport.xlsx", method: .get, headers: headers(rita))
            #expect(xlsx.status == .ok && xlsx.body.readableBytes > 1000)
        }
        #expect(try await f.store.claim(id: ours.id)?.status == .identified)
        #expect(try await f.store.passivityMarks().isEmpty)
        try await f.store.close()
    }
}
