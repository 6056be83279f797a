import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The findings list's pages are kept in the process at the findings' version, which the
/// database moves by triggers at every write to `findings` (migration 0039, decision 0012): the
/// web server sees the robot's pass, a colleague's status change and a raw statement at once.
@Suite("Findings pages kept at their version", .serialized)
struct KeptFindingPagesTests {
    static func finding(_ key: String, _ kroner: Int64) throws -> Finding {
        Finding(
            scheme: .resultGrant, year: 2022, kind: "ikke_hjemtaget", subjectKey: key, cprs: [try CPR(parsing: "010170-1111")],
            amount: Money(kroner: kroner), direction: .claim, text: key)
    }

    @Test("Another connection's pass, status change, assignment and raw statement are read at once", arguments: Backend.available)
    func anotherConnectionsWrites(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            let all = FindingQuery()
            var fresh = FindingQuery()
            fresh.status = .new
            func keys(_ q: FindingQuery) async throws -> [String] {
                try await web.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey)
            }
            #expect(try await keys(all).isEmpty)

            try await robot.replaceFindings(scheme: .resultGrant, year: 2022, [try Self.finding("a", 1000), try Self.finding("b", 500)])
            #expect(try await keys(all) == ["a", "b"])
            #expect(try await keys(fresh) == ["a", "b"])
            let a = try #require(try await web.findings(all, limit: 10, offset: 0).findings.first)

            try await robot.changeFindings(ids: [a.id], FindingChange(status: .rejected, note: "ikke vores"), by: "anna")
            #expect(try await keys(fresh) == ["b"])
            let page = try await web.findings(all, limit: 10, offset: 0)
            #expect(page.findings.first?.status == .rejected && page.findings.first?.note == "ikke vores")
            #expect(page.totals.count == 2 && page.totals.claim == Money(kroner: 1500))

            try await robot.changeFindings(ids: [a.id], FindingChange(assignee: .user("bo")), by: "anna")
            #expect(try await web.findings(all, limit: 10, offset: 0).findings.first?.assignedTo == "bo")

            // The next night: one found no more, one changed, one new.
            try await robot.replaceFindings(scheme: .resultGrant, year: 2022, [try Self.finding("b", 700), try Self.finding("c", 100)])
            #expect(try await keys(all) == ["b", "c"])
            #expect(try await web.findings(all, limit: 1, offset: 1).findings.map(\.finding.amount) == [Money(kroner: 100)])

            // A statement past the store's code: the database moves the version.
            try await robot.executeRaw("UPDATE findings SET amount_ore = 90000 WHERE subject_key = 'c'")
            #expect(try await keys(all) == ["c", "b"])
        }
    }

    /// Rolled back, a write's version number comes again with the next write's content.
    /// (A store with readers reads the committed rows inside a write; PostgreSQL reads the write's own.)
    @Test("Pages read inside a write are not kept under the version a later write reaches", arguments: Backend.available)
    func insideAWrite(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            struct Refused: Error {}
            let columns = SQLStore.findingColumns
            let now = BatchWriter.Value.text("2026-12-04T00:00:00Z")
            let x: [BatchWriter.Value] = [
                .text("resultattilskud"), .int(2022), .text("ikke_hjemtaget"), .text("x"), .text(""), .int64(100),
                .text(Finding.Direction.claim.rawValue), .text("x"),
                .text("ny"), now, now, .int(1),
            ]
            #expect(try await store.findings(FindingQuery(), limit: 10, offset: 0).findings.isEmpty)
            await #expect(throws: Refused.self) {
                try await store.transaction {
                    try await store.bulkInsert("findings", columns, [x])
                    _ = try await store.findings(FindingQuery(), limit: 10, offset: 0)
                    throw Refused()
                }
            }
            // One insert, as inside the write: the version reaches the same number.
            try await store.replaceFindings(scheme: .resultGrant, year: 2022, [try Self.finding("y", 5)])
            #expect(try await store.findings(FindingQuery(), limit: 10, offset: 0).findings.map(\.finding.subjectKey) == ["y"])
        }
    }
}
