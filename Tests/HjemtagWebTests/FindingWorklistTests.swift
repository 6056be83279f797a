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

/// The findings list as a worklist (issue 19.4): filters, sorting, a citizen found through a POST
/// form, the single and the bulk change with the list kept, assignment and the history.
@Suite("Findings as a worklist", .serialized)
struct FindingWorklistTests {
    /// The SDE fixture (a SOF citizen, 020270-2222, with SDE 2021 findings) and a BUF citizen
    /// (030380-3333) with postings in BUF, a resultattilskud finding about each and a ledger finding.
    static func fixture() async throws -> (WebFixture, buf: Int, sof: Int, ledger: Int) {
        let f = try await WebSDETests.fixture()
        let file = f.dir.appendingPathComponent("buf.csv")
        try
            "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n2021-03-28;1000,00;5.28.20;030380-3333;SEL-52;2021-03-01;2021-03-31;BUF\n"
            .write(to: file, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "test", into: f.store)
        let buf = try CPR(parsing: "030380-3333")
        let sof = try CPR(parsing: "020270-2222")
        try await f.store.replaceFindings(
            scheme: .resultGrant, year: 2021,
            [
                Finding(
                    scheme: .resultGrant, year: 2021, kind: "ikke_hjemtaget", subjectKey: "buf", cprs: [buf], amount: Money(kroner: 5000),
                    direction: .claim, text: "Resultattilskud BUF"),
                Finding(
                    scheme: .resultGrant, year: 2021, kind: "ikke_hjemtaget", subjectKey: "sof", cprs: [sof], amount: Money(kroner: 20000),
                    direction: .payBack, text: "Resultattilskud SOF"),
            ])
        try await f.store.replaceFindings(
            scheme: .vat, year: 2021,
            [
                Finding(
                    scheme: .vat, year: 2021, kind: "momsrefusion_mangler", subjectKey: "bilag-1", cprs: [], amount: Money(kroner: 300),
                    direction: .claim, text: "Bilag uden moms")
            ])
        let all = try await f.store.findings(scheme: nil, year: nil, includeInactive: false)
        func id(_ text: String) throws -> Int { try #require(all.first { $0.finding.text == text }).id }
        return (f, try id("Resultattilskud BUF"), try id("Resultattilskud SOF"), try id("Bilag uden moms"))
    }

    @Test("Filters by department, direction and amount, sorts any column both ways, and keeps the filters in every link")
    func filtersAndSorting() async throws {
        let (f, _, _, _) = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            func page(_ uri: String) async throws -> String {
                String(buffer: try await client.execute(uri: uri, method: .get, headers: headers(anna)).body)
            }
            // BUF: the BUF citizen's finding only, not the SOF citizen's and not the ledger's.
            let buf = try await page("/fund?forvaltning=BUF")
            #expect(buf.contains("Resultattilskud BUF") && !buf.contains("Resultattilskud SOF") && !buf.contains("Bilag uden moms"))
            #expect(buf.contains("<option value=\"BUF\" selected>"))
            // To pay back: the 20.000 kr. only, summed in its card.
            let back = try await page("/fund?retning=tilbagebetal")
            #expect(back.contains("Resultattilskud SOF") && !back.contains("Resultattilskud BUF") && back.contains("20.000,00 kr."))
            // 1.000 to 10.000 kr., bounds included: the 5.000 kr. finding, not the 300 kr. one nor SDE's 87.500 kr.
            let band = try await page("/fund?min=1.000&max=10000")
            #expect(band.contains("Resultattilskud BUF") && !band.contains("Bilag uden moms") && !band.contains("87.500,00"))
            #expect(try await client.execute(uri: "/fund?min=tusind", method: .get, headers: headers(anna)).status == .badRequest)
            // Smallest first: the 300 kr. ledger finding before the 5.000 kr. one; the heading turns the order.
            let up = try await page("/fund?sorter=beloeb&faldende=nej")
            #expect(try #require(up.range(of: "Bilag uden moms")).lowerBound < (try #require(up.range(of: "Resultattilskud BUF"))).lowerBound)
            #expect(up.contains("href=\"/fund\">Beløb</a> ▲"))
            let down = try await page("/fund?sorter=nr&faldende=ja&forvaltning=BUF")
            #expect(down.contains("<a href=\"/fund?forvaltning=BUF&amp;sorter=nr&amp;faldende=nej\">Nr.</a> ▼"))
        }
        try await f.store.close()
    }

    @Test("A citizen is found through a POST form, never in the address, and the search is audit-logged")
    func cprSearch() async throws {
        let (f, _, _, _) = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(buffer: try await client.execute(uri: "/fund?ordning=resultattilskud", method: .get, headers: headers(anna)).body)
            #expect(list.contains("<form method=\"post\" action=\"/fund/soeg\""))
            let csrf = try #require(hiddenCSRF(list))
            let r = try await client.execute(
                uri: "/fund/soeg", method: .post, headers: headers(anna, form: true),
                body: formBody(["csrf": csrf, "cpr": "030380-3333", "tilbage": "ordning=resultattilskud"]))
            let found = String(buffer: r.body)
            #expect(r.status == .ok)
            #expect(found.contains("Viser fund om 030380-XXXX") && found.contains("Resultattilskud BUF") && !found.contains("Resultattilskud SOF"))
            // The filters of the list it came from still apply: no SDE finding about anyone.
            #expect(!found.contains("mistet refusion"))
            let audit = try await f.store.auditEntries(cpr: try CPR(parsing: "030380-3333"), username: "anna", limit: 5)
            #expect(audit.contains { $0.purpose == "søgning i fund" })
            let bad = try await client.execute(
                uri: "/fund/soeg", method: .post, headers: headers(anna, form: true), body: formBody(["csrf": csrf, "cpr": "12345"]))
            #expect(bad.status == .badRequest)
        }
        try await f.store.close()
    }

    @Test("A save returns to the list as it was, with a confirmation; after a citizen search the page is answered, not redirected")
    func saveKeepsTheList() async throws {
        let (f, buf, _, _) = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(
                buffer: try await client.execute(uri: "/fund?ordning=resultattilskud&aar=2021", method: .get, headers: headers(anna)).body)
            #expect(list.contains("name=\"tilbage\" value=\"ordning=resultattilskud&amp;aar=2021\""))
            let csrf = try #require(hiddenCSRF(list))
            let saved = try await client.execute(
                uri: "/fund/\(buf)/status", method: .post, headers: headers(anna, form: true),
                body: formBody(["csrf": csrf, "status": "undersoeges", "note": "ringet op", "tilbage": "ordning=resultattilskud&aar=2021"]))
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers[.location])
            #expect(location == "/fund?ordning=resultattilskud&aar=2021&gemt=1")
            let after = String(buffer: try await client.execute(uri: location, method: .get, headers: headers(anna)).body)
            #expect(after.contains("Ændringen er gemt for 1 fund.") && after.contains("Note: ringet op"))

            let searched = try await client.execute(
                uri: "/fund/\(buf)/status", method: .post, headers: headers(anna, form: true),
                body: formBody(["csrf": csrf, "status": "hjemtaget", "tilbage": "", "cpr": "030380-3333"]))
            let page = String(buffer: searched.body)
            #expect(searched.status == .ok && page.contains("Ændringen er gemt for 1 fund.") && page.contains("Viser fund om 030380-XXXX"))
            #expect(try await f.store.finding(id: buf)?.status == .recovered)
        }
        try await f.store.close()
    }

    @Test("A bulk change sets status and assignment on every ticked finding, with the history; one the user may not change refuses all")
    func bulkAndHistory() async throws {
        let (f, buf, sof, ledger) = try await Self.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let anna = try await WebSDETests.logIn(client, as: "anna")
            let list = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(anna)).body)
            #expect(list.contains("form=\"masse\"") && list.contains("id=\"masse\""))
            let csrf = try #require(hiddenCSRF(list))
            let body =
                "csrf=\(csrf)&fund%5B%5D=\(buf)&fund%5B%5D=\(ledger)&status=undersoeges&tildel=anna&note=samlet+gennemgang&tilbage=retning%3Dhjemtag"
            let r = try await client.execute(uri: "/fund/masse", method: .post, headers: headers(anna, form: true), body: ByteBuffer(string: body))
            #expect(r.status == .seeOther && r.headers[.location] == "/fund?retning=hjemtag&gemt=2")
            for id in [buf, ledger] {
                let changed = try #require(try await f.store.finding(id: id))
                #expect(changed.status == .investigating && changed.assignedTo == "anna" && changed.note == "samlet gennemgang")
            }
            #expect(try await f.store.finding(id: sof)?.status == .new)
            let events = try await f.store.findingEvents(findingID: buf)
            #expect(
                events.map(\.change) == [.status(from: .new, to: .investigating), .assignment(to: "anna")]
                    && events.first?.note == "samlet gennemgang")
            // Assigned to anna: the filter finds both.
            let mine = String(buffer: try await client.execute(uri: "/fund?tildelt=anna", method: .get, headers: headers(anna)).body)
            #expect(mine.contains("Resultattilskud BUF") && mine.contains("Bilag uden moms") && !mine.contains("Resultattilskud SOF"))
            // Only to a user who may change findings: not the auditor.
            let toAuditor = "csrf=\(csrf)&fund%5B%5D=\(buf)&tildel=rita"
            let refused = try await client.execute(
                uri: "/fund/masse", method: .post, headers: headers(anna, form: true), body: ByteBuffer(string: toAuditor))
            #expect(refused.status == .badRequest)

            // The finding's page: its history newest first, and the way to its subject.
            let detail = String(buffer: try await client.execute(uri: "/fund/\(buf)", method: .get, headers: headers(anna)).body)
            #expect(detail.contains("tildelt: anna") && detail.contains("status: ny → undersøges") && detail.contains("samlet gennemgang"))
            #expect(
                try #require(detail.range(of: "tildelt: anna")).lowerBound < (try #require(detail.range(of: "status: ny → undersøges"))).lowerBound)
            let sde = try #require(try await f.store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
            let run = try #require(try await f.store.latestSDERun(year: 2021))
            let subject = try #require(try await f.store.sdeSubjects(runID: run.id).first)
            let sdePage = String(buffer: try await client.execute(uri: "/fund/\(sde.id)", method: .get, headers: headers(anna)).body)
            #expect(sdePage.contains("href=\"/sde/emne/\(subject.id)\">SDE-opgørelsen"))

            // Bo (BUF) ticks his own citizen's finding and the SOF citizen's: refused, and his own is unchanged.
            let bo = try await WebSDETests.logIn(client, as: "bo")
            let boList = String(buffer: try await client.execute(uri: "/fund", method: .get, headers: headers(bo)).body)
            let boCSRF = try #require(hiddenCSRF(boList))
            let both = "csrf=\(boCSRF)&fund%5B%5D=\(buf)&fund%5B%5D=\(sof)&status=afvist"
            let denied = try await client.execute(uri: "/fund/masse", method: .post, headers: headers(bo, form: true), body: ByteBuffer(string: both))
            #expect(denied.status == .forbidden)
            #expect(try await f.store.finding(id: buf)?.status == .investigating)
            #expect(try await client.execute(uri: "/fund/\(sof)", method: .get, headers: headers(bo)).status == .forbidden)
        }
        try await f.store.close()
    }
}
