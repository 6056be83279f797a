import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The findings worklist's query and changes, the same on SQLite and PostgreSQL.
@Suite("Findings: query, order, changes and history (SQLite and PostgreSQL)")
struct FindingQueryStoreTests {
    static func finding(_ key: String, _ cprs: [CPR], _ kroner: Int64, _ direction: Finding.Direction) -> Finding {
        Finding(
            scheme: .resultGrant, year: 2022, kind: "ikke_hjemtaget", subjectKey: key, cprs: cprs, amount: Money(kroner: kroner),
            direction: direction, text: key)
    }

    @Test(
        "Filters by status, direction, amount, citizen, assignee and persons, sorts both ways, and totals what it lets through",
        arguments: Backend.available)
    func query(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let a = try CPR(parsing: "010170-1111")
            let b = try CPR(parsing: "030380-3333")
            try await store.replaceFindings(
                scheme: .resultGrant, year: 2022,
                [
                    Self.finding("a", [a], 1000, .claim), Self.finding("b", [b], 5000, .claim), Self.finding("ab", [a, b], 300, .payBack),
                    Self.finding("ledger", [], 70, .check),
                ])
            let all = try await store.findings(FindingQuery(), limit: 10, offset: 0)
            #expect(all.findings.map(\.finding.subjectKey) == ["b", "a", "ab", "ledger"])
            #expect(all.totals.count == 4 && all.totals.claim == Money(kroner: 6000) && all.totals.payBack == Money(kroner: 300))
            let id = Dictionary(uniqueKeysWithValues: all.findings.map { ($0.finding.subjectKey, $0.id) })

            var q = FindingQuery()
            q.order = .amount
            q.descending = false
            #expect(try await store.findings(q, limit: 2, offset: 1).findings.map(\.finding.subjectKey) == ["ab", "a"])
            q = FindingQuery()
            q.direction = .claim
            q.minimum = Money(kroner: 1000)
            q.maximum = Money(kroner: 4999)
            #expect(try await store.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey) == ["a"])
            // A citizen: every finding naming them, alone or with another, and no other.
            q = FindingQuery()
            q.cpr = a
            let aboutA = try await store.findings(q, limit: 10, offset: 0)
            #expect(aboutA.findings.map(\.finding.subjectKey) == ["a", "ab"] && aboutA.totals.count == 2)
            // Persons (a department): named findings about them; unnamed ones only when asked.
            q = FindingQuery()
            q.persons = [b]
            q.includeUnnamed = false
            #expect(try await store.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey) == ["b", "ab"])
            q.includeUnnamed = true
            #expect(try await store.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey) == ["b", "ab", "ledger"])

            try await store.changeFindings(
                ids: [id["a"]!, id["ledger"]!], FindingChange(status: .investigating, note: "se bilag", assignee: .user("kirsten")), by: "anna")
            try await store.changeFindings(ids: [id["a"]!], FindingChange(assignee: .nobody), by: "anna")
            q = FindingQuery()
            q.status = .investigating
            #expect(try await store.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey) == ["a", "ledger"])
            q = FindingQuery()
            q.assignee = "kirsten"
            #expect(try await store.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey) == ["ledger"])
            q.assignee = ""
            q.order = .id
            q.descending = false
            #expect(try await store.findings(q, limit: 10, offset: 0).findings.map(\.finding.subjectKey).sorted() == ["a", "ab", "b"])
            // The history, oldest first; an assignment alone keeps the status's note.
            let events = try await store.findingEvents(findingID: id["a"]!)
            #expect(
                events.map(\.change) == [
                    .status(from: .new, to: .investigating), .assignment(to: "kirsten"), .assignment(to: nil),
                ])
            #expect(events.map(\.username) == ["anna", "anna", "anna"] && events[0].note == "se bilag")
            #expect(try await store.finding(id: id["a"]!)?.note == "se bilag")
            // A re-run keeps status, note, assignment and first day; what the finding says is new.
            let was = try #require(try await store.finding(id: id["ledger"]!))
            try await store.replaceFindings(scheme: .resultGrant, year: 2022, [Self.finding("ledger", [], 80, .check)])
            let kept = try #require(try await store.finding(id: id["ledger"]!))
            #expect(kept.status == .investigating && kept.assignedTo == "kirsten" && kept.finding.amount == Money(kroner: 80))
            #expect(kept.note == was.note && kept.updatedBy == was.updatedBy && kept.createdAt == was.createdAt && kept.active)
            #expect(kept.finding.amount != was.finding.amount && kept.finding.subjectKey == "ledger")
            #expect(try await store.findings(FindingQuery(), limit: 10, offset: 0).totals.count == 1)
        }
    }
}
