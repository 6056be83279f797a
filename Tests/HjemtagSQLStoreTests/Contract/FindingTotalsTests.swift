import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The active findings' totals are kept per scheme, year and direction by the writes that change
/// them (issue 22 § 4); what the store answers from them must be what summing the findings gives.
@Suite("Findings: the kept totals and the page since the last pass (SQLite and PostgreSQL)", .serialized)
struct FindingTotalsTests {
    static func finding(_ scheme: Scheme, _ year: Int, _ key: String, _ cprs: [CPR], _ kroner: Int64, _ direction: Finding.Direction)
        -> Finding
    {
        Finding(
            scheme: scheme, year: year, kind: "k", subjectKey: key, cprs: cprs, amount: Money(kroner: kroner), direction: direction, text: key)
    }

    /// The totals from the findings themselves, summed in Swift: the oracle.
    static func expectAgreement(_ store: SQLStore, _ when: String) async throws {
        let all = try await store.findings(scheme: nil, year: nil, includeInactive: false)
        let schemes: [Scheme?] = [nil, .sde, .vat, .resultGrant]
        let years: [Int?] = [nil, 2019, 2020, 2021]
        // The worklist's one read of every scheme's totals: a scheme without findings is absent.
        let perScheme = try await store.findingTotalsPerScheme()
        for scheme in Scheme.allCases {
            let mine = all.filter { $0.finding.scheme == scheme }
            #expect(perScheme[scheme] == (mine.isEmpty ? nil : FindingTotals(summing: mine)), "\(when): \(scheme.rawValue) i én læsning")
        }
        for scheme in schemes {
            for year in years {
                let mine = all.filter { f in scheme.map { f.finding.scheme == $0 } ?? true && year.map { f.finding.year == $0 } ?? true }
                let kept = try await store.findingTotals(scheme: scheme, year: year)
                #expect(kept == FindingTotals(summing: mine), "\(when): \(scheme?.rawValue ?? "alle") \(year.map(String.init) ?? "alle år")")
                var query = FindingQuery(scheme: scheme, year: year)
                query.direction = .claim
                let claims = try await store.findings(query, limit: 0, offset: 0).totals
                #expect(claims == FindingTotals(summing: mine.filter { $0.finding.direction == .claim }), "\(when): krav")
                for status in FindingStatus.allCases {
                    var byStatus = FindingQuery(scheme: scheme, year: year)
                    byStatus.status = status
                    let kept = try await store.findings(byStatus, limit: 0, offset: 0).totals
                    #expect(kept == FindingTotals(summing: mine.filter { $0.status == status }), "\(when): \(status.rawValue)")
                }
            }
        }
    }

    @Test("New, changed, dropped and deleted findings: the kept totals follow, and agree with the findings", arguments: Backend.available)
    func totalsFollowTheFindings(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let a = try CPR(parsing: "010170-1111")
            let b = try CPR(parsing: "030380-3333")
            try await Self.expectAgreement(store, "empty")
            try await store.replaceFindings(
                scheme: .sde, year: 2019, [Self.finding(.sde, 2019, "a", [a], 1000, .claim), Self.finding(.sde, 2019, "b", [b], 250, .check)])
            try await store.replaceFindings(
                scheme: .sde, year: 2021,
                [Self.finding(.sde, 2021, "a", [a], 4000, .claim), Self.finding(.sde, 2021, "b", [b], 300, .payBack)])
            try await store.replaceFindings(scheme: .vat, year: 2021, [Self.finding(.vat, 2021, "moms", [], 75, .payBack)])
            try await Self.expectAgreement(store, "first findings")
            #expect(try await store.findingTotals(scheme: nil, year: nil).claim == Money(kroner: 5000))

            // Found again with another amount, one dropped, one new: the year's totals change.
            try await store.replaceFindings(
                scheme: .sde, year: 2021,
                [Self.finding(.sde, 2021, "a", [a], 4500, .claim), Self.finding(.sde, 2021, "c", [a, b], 20, .claim)])
            try await Self.expectAgreement(store, "second pass")
            #expect(try await store.findingTotals(scheme: .sde, year: 2021).claim == Money(kroner: 4520))
            #expect(try await store.findingTotals(scheme: .sde, year: 2021).payBack == .zero)

            // Found as it was, found again after a pass without it, found no more: the first is
            // not touched, the second is the same finding active again, the third is closed.
            let all = { try await store.findings(scheme: .sde, year: 2021, includeInactive: true) }
            let second = try await all()
            try await store.replaceFindings(
                scheme: .sde, year: 2021,
                [Self.finding(.sde, 2021, "a", [a], 4500, .claim), Self.finding(.sde, 2021, "b", [b], 300, .payBack)])
            let third = try await all()
            func row(_ list: [StoredFinding], _ key: String) -> StoredFinding? { list.first { $0.finding.subjectKey == key } }
            #expect(row(third, "a")?.updatedAt == row(second, "a")?.updatedAt && row(third, "a")?.active == true)
            #expect(row(third, "b")?.id == row(second, "b")?.id && row(second, "b")?.active == false && row(third, "b")?.active == true)
            #expect(row(third, "c")?.active == false && third.count == 3)
            try await Self.expectAgreement(store, "third pass")
            try await store.replaceFindings(
                scheme: .sde, year: 2021,
                [Self.finding(.sde, 2021, "a", [a], 4500, .claim), Self.finding(.sde, 2021, "c", [a, b], 20, .claim)])
            try await Self.expectAgreement(store, "back to the second pass")

            // A status change moves no total; a year with nothing found any more has none.
            let first = try #require(try await store.findings(scheme: .sde, year: 2021, includeInactive: false).first)
            try await store.setFindingStatus(id: first.id, status: .recovered, note: nil, by: "t")
            try await store.replaceFindings(scheme: .vat, year: 2021, [])
            try await Self.expectAgreement(store, "status and an empty year")
            #expect(try await store.findingTotals(scheme: .vat, year: nil) == FindingTotals())

            // Retention deletes the findings about citizens of the years before the cut-off.
            _ = try await store.retention(before: Day(year: 2020, month: 1, day: 1)!, apply: true, by: "t", keeping: [])
            #expect(try await store.findings(scheme: .sde, year: 2019, includeInactive: true).isEmpty)
            try await Self.expectAgreement(store, "after a retention deletion")
        }
    }

    @Test(
        "The page since the last pass: only what changed at or after the moment, the largest first, within the viewer's citizens",
        arguments: Backend.available)
    func recentPage(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let a = try CPR(parsing: "010170-1111")
            let b = try CPR(parsing: "030380-3333")
            try await store.replaceFindings(
                scheme: .sde, year: 2021,
                [Self.finding(.sde, 2021, "a", [a], 100, .claim), Self.finding(.sde, 2021, "b", [b], 900, .claim)])
            let before = try #require(try await store.findings(scheme: .sde, year: 2021, includeInactive: false).map(\.updatedAt).max())
            // A moment after the first pass: the next pass changes "a" and finds "c" and "u".
            try await Task.sleep(for: .milliseconds(1_100))
            let since = SQLStore.now()
            #expect(since > before)
            try await store.replaceFindings(
                scheme: .sde, year: 2021,
                [
                    Self.finding(.sde, 2021, "a", [a], 150, .claim), Self.finding(.sde, 2021, "b", [b], 900, .claim),
                    Self.finding(.sde, 2021, "c", [b], 500, .claim), Self.finding(.sde, 2021, "u", [], 50, .check),
                ])
            var query = FindingQuery()
            query.updatedSince = since
            #expect(try await store.findingPage(query, limit: 10).map(\.finding.subjectKey) == ["c", "a", "u"])
            #expect(try await store.findingPage(query, limit: 2).map(\.finding.subjectKey) == ["c", "a"])
            query.persons = [a]
            #expect(try await store.findingPage(query, limit: 10).map(\.finding.subjectKey) == ["a", "u"])

            // More recent than are sorted (`SQLStore.fewRecent`): read down the amount index, the same answer.
            let many = (0..<(SQLStore.fewRecent + 100)).map { i in Self.finding(.vat, 2021, "m\(i)", [], Int64(i * 7919 % 10_007), .check) }
            try await store.replaceFindings(scheme: .vat, year: 2021, many)
            query.persons = nil
            let expected = try await store.findings(scheme: nil, year: nil, includeInactive: false).filter { $0.updatedAt >= since }
                .sorted { ($0.finding.amount, $0.id) > ($1.finding.amount, $1.id) }.prefix(25).map(\.id)
            #expect(try await store.findingPage(query, limit: 25).map(\.id) == Array(expected))
        }
    }
}
