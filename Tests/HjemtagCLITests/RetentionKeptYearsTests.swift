import Foundation
import HjemtagCore
import HjemtagSQLStore
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagCLI

/// The retention rule deletes person-level data from before the cut-off; the years it keeps must
/// compute exactly as before. Proved on the demo municipality: every kept year of every scheme,
/// before and after deleting everything before 1.1.2021.
@Suite("Retention keeps kept years", .serialized)
struct RetentionKeptYearsTests {
    /// Every figure a kept year has, as comparable text: the staircase's weeks and resets, the YR
    /// reconciliation, SDE's subjects, mellemkommunal's claims and the resultattilskud assessments.
    static func keptYears(_ store: SQLStore, from year: Int, today: Day) async throws -> [String: String] {
        var out: [String: String] = [:]
        for y in year...2026 {
            let (from, to) = (Day(year: y, month: 1, day: 1)!, Day(year: y, month: 12, day: 31)!)
            let (staircase, lines, fleks) = try await StaircaseService(store: store).reconcile(from: from, to: to)
            out["trappe \(y)"] =
                staircase.weeks.map { "\($0.cpr.digits) \($0.week) \($0.benefit.code) \($0.count) \($0.result.ore)" }.joined(separator: "\n")
                + "|" + staircase.resets.map { "\($0.cpr.digits) \($0.week)" }.joined(separator: ",")
            out["afstemning \(y)"] =
                lines.map { "\($0.cpr.digits) \($0.week) \($0.status) \($0.atStake.ore)" }.joined(separator: "\n") + "|\(fleks.ore)"
            if let (_, sde) = try? await SDEService(store: store).compute(year: y) {
                out["sde \(y)"] = sde.subjects.map { "\($0.key) \($0.eligible.ore) \($0.refund.ore)" }.sorted().joined(separator: "\n")
            }
        }
        let moves = try await IntermunicipalService(store: store).analyse(today: today)
        out["mellemkommunal"] =
            moves.outgoing.filter { $0.year >= year }.map { "\($0.key) \($0.amount.ore)" }.sorted().joined(separator: "\n")
        let grants = try await ResultGrantService(store: store).analyse(today: today)
        out["resultattilskud"] = grants.flatMap { p in p.assessments.map { "\(p.cpr.digits) \($0.key) \($0.outcome) \($0.amount.ore)" } }.sorted()
            .joined(separator: "\n")
        return out
    }

    @Test("Deleting the demo municipality's data before 1.1.2021 leaves every result of 2021-2026 as it was")
    func demoMunicipality() async throws {
        let dir = try tempDir()
        let demo = await hjemtag(["demo", "--indbyggere", "3000", "--seed", "3", "--katalog", dir.appendingPathComponent("data").path], in: dir)
        #expect(demo.code == 0)
        let store = try await SQLStore.open(dir.appendingPathComponent("cli.sqlite").path)
        let today = Day(year: 2026, month: 11, day: 23)!
        let before = try await Self.keptYears(store, from: 2021, today: today)
        #expect(before["trappe 2021"]?.isEmpty == false && before["sde 2021"]?.isEmpty == false, "the demo has kept-year results to compare")
        let paymentsBefore = try await store.benefitPayments().count
        let report = try await RetentionService(store: store).run(try RetentionRule(years: 5), today: today, apply: true, by: "test")
        #expect(report.cutoff == Day(year: 2021, month: 1, day: 1)!)
        #expect(report.lines.first { $0.what == "ydelsesudbetalinger" }!.rows > 0 && report.keptCounters > 0)
        #expect(try await store.benefitPayments().count < paymentsBefore)
        let after = try await Self.keptYears(store, from: 2021, today: today)
        #expect(Set(after.keys) == Set(before.keys))
        for key in before.keys.sorted() { #expect(after[key] == before[key], "\(key) changed when 2020 was deleted") }
        try await store.close()
    }
}
