import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

/// Imports and computations started from the web run as jobs in the server: the form answers at
/// once with the job's page, which shows progress until the job has ended and then its result or
/// its Danish error.
@Suite("Background jobs: imports and computations from the web, progress, failure, two at once", .serialized)
struct JobTests {
    /// Uploads a postings file through the import form, as a browser does; the answer is the
    /// redirect to the job's page.
    static func upload(_ client: some TestClientProtocol, _ jar: [String: String], name: String, content: String) async throws -> TestResponse {
        let csrf = try #require(hiddenCSRF(String(buffer: try await client.execute(uri: "/importer", method: .get, headers: headers(jar)).body)))
        let (body, type) = multipartBody(["csrf": csrf, "type": "posteringer"], file: ("fil", name, content))
        return try await client.execute(uri: "/importer", method: .post, headers: [.cookie: headers(jar)[.cookie]!, .contentType: type], body: body)
    }

    @Test("An upload becomes a job whose page ends with the rows imported; the job list names it")
    func uploadJob() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        let before = try await f.store.imports().count
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let rows = (1...30).map { "2023-03-\(zeroPad($0 % 28 + 1, 2));\(1000 + $0),00;5.38.50;020270-2222;SEL-108" }.joined(separator: "\n")
            let r = try await Self.upload(client, jar, name: "marts.csv", content: "dato;beloeb;funktion;cpr;paragraf\n" + rows + "\n")
            #expect(r.status == .seeOther)
            let location = try #require(r.headers[.location])
            #expect(location.hasPrefix("/job/"))
            let page = try await jobPage(client, at: location, jar)
            #expect(page.contains(#"<dd id="job-status">færdig</dd>"#), "\(page)")
            #expect(page.contains("marts.csv: 30 rækker importeret"))
            #expect(page.contains("<dt>Rækker læst</dt><dd>30</dd>"))
            let list = String(buffer: try await client.execute(uri: "/job", method: .get, headers: headers(jar)).body)
            #expect(list.contains("Import af marts.csv (posteringer)") && list.contains("anna"))
        }
        #expect(try await f.store.imports().count == before + 1)
        try await f.store.close()
    }

    @Test("A refused file ends the job as failed with file:line:column and nothing stored; the refusal is audit-logged")
    func failedJob() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        let before = try await f.store.imports().count
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let r = try await Self.upload(
                client, jar, name: "forkert.csv",
                content:
                    "dato;beloeb;funktion;cpr;paragraf\n2023-03-01;1000,00;5.38.50;020270-2222;SEL-108\n2023-13-01;1,00;5.38.50;020270-2222;SEL-108\n"
            )
            let page = try await jobPage(client, at: try #require(r.headers[.location]), jar)
            #expect(page.contains(#"<dd id="job-status">fejlet</dd>"#))
            #expect(page.contains("Intet er gemt") && page.contains("forkert.csv:3:1"), "\(page)")
        }
        #expect(try await f.store.imports().count == before)
        let audit = try await f.store.auditEntries(cpr: nil, username: "anna", limit: 50)
        #expect(
            audit.contains {
                $0.action == AuditAction.importRefused.rawValue && ($0.purpose?.contains("forkert.csv") ?? false) && $0.page == "/importer"
            })
        try await f.store.close()
    }

    @Test("Two jobs asked for at once run one after the other, in order; the SDE job's progress counts postings and subjects")
    func twoAtOnce() async throws {
        let f = try await WebSDETests.fixture()
        let queue = JobQueue(store: f.store, today: { Day(year: 2026, month: 12, day: 2)! })
        let file = f.dir.appendingPathComponent("april.csv")
        try "dato;beloeb;funktion;cpr;paragraf\n2021-04-10;5000,00;5.38.50;020270-2222;SEL-108\n".write(to: file, atomically: true, encoding: .utf8)
        let first = await queue.submit(
            .importFile(.postings, file: file, name: "april.csv", duplicatesReason: nil), by: "anna", origin: "test", resultPath: "/importer")
        let second = await queue.submit(.compute(.sde, year: 2021), by: "anna", origin: "test", resultPath: "/sde")
        let third = await queue.submit(.compute(.budget, year: nil), by: "anna", origin: "test", resultPath: "/budget")
        await queue.wait(third)
        let a = try #require(await queue.entry(first))
        let b = try #require(await queue.entry(second))
        let c = try #require(await queue.entry(third))
        #expect(a.state == .done && b.state == .done, "\(a.lines) \(b.lines)")
        #expect(try #require(b.startedAt) >= (try #require(a.endedAt)), "the computation waited for the import")
        // The import added its posting to the SDE sums as it stored it (decision 0010): the
        // computation reads no posting back, only the two rows of sums.
        #expect(b.progress.current.rowsRead == 2)
        #expect(b.progress.current.personsComputed == 1)
        #expect(b.lines == ["Særligt dyre enkeltsager 2021: refusion 88.750,00 kr., 1 emne, 2 fund."])
        #expect(c.state == .failed && c.lines == [JobError.notComputable(.budget).description])
        #expect(await queue.all().map(\.id) == [third, second, first])
        try await f.store.close()
    }

    @Test("A computation asked for without the year it needs, or for a scheme that is not computed, is refused in Danish")
    func refusedComputations() async throws {
        let f = try await WebSDETests.fixture()
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await WebSDETests.logIn(client, as: "anna")
            let csrf = try #require(hiddenCSRF(String(buffer: try await client.execute(uri: "/", method: .get, headers: headers(jar)).body)))
            for (fields, message) in [
                (["ordning": "sde"], "beregnes for et år"), (["ordning": "trappe", "aar": "år"], "Året skal være et årstal"),
                (["ordning": "budget"], "kan ikke beregnes"),
            ] {
                let r = try await client.execute(
                    uri: "/beregn", method: .post, headers: headers(jar, form: true), body: formBody(fields.merging(["csrf": csrf]) { a, _ in a }))
                #expect(r.status == .badRequest)
                #expect(String(buffer: r.body).contains(message), "\(fields)")
            }
        }
        try await f.store.close()
    }
}
