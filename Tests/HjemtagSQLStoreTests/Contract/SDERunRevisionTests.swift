import Foundation
import HjemtagCore
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// A recomputation of an SDE year keeps its run and its subjects' ids and writes only the subjects
/// whose content changed (issue 22 § 1): the night with nothing new rewrote every subject.
@Suite("SDE: a year computed again keeps its run and writes only what changed (SQLite and PostgreSQL)", .serialized)
struct SDERunRevisionTests {
    static func subject(_ key: String, _ cpr: String, refund kroner: Int64) throws -> StoredSDESubject {
        StoredSDESubject(
            key: key, kind: "person", cprs: [try CPR(parsing: cpr)], eligible: Money(kroner: kroner * 2), refund: Money(kroner: kroner),
            claimed: .zero, track: "voksen",
            months: [MonthFigure(month: Month(year: 2021, month: 3), eligible: Money(kroner: kroner * 2), refund: Money(kroner: kroner))],
            departments: ["SOF": Money(kroner: kroner)])
    }

    static func run(_ subjects: [StoredSDESubject]) -> StoredSDERun {
        StoredSDERun(
            year: 2021, computedBy: "t", totalRefund: subjects.reduce(.zero) { $0 + $1.refund }, totalEligible: .zero,
            subjectCount: subjects.count, tierRefunds: [:], months: [], departmentRefunds: [:], parameters: [])
    }

    /// Each stored subject's key, its id and its track (the column the test alters behind the store's back).
    static func stored(_ store: SQLStore, run: Int) async throws -> [String: (id: Int, refund: Money, track: String)] {
        var out: [String: (id: Int, refund: Money, track: String)] = [:]
        for s in try await store.sdeSubjects(runID: run) { out[s.key] = (s.id, s.refund, s.track) }
        return out
    }

    @Test(
        "Unchanged subjects are left as they are, a changed one is written under its id, a gone one deleted, a new one added",
        arguments: Backend.available)
    func writesOnlyWhatChanged(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let a = try Self.subject("a", "010170-1111", refund: 100)
            let b = try Self.subject("b", "030380-3333", refund: 200)
            let c = try Self.subject("c", "050590-5555", refund: 300)
            let first = try await store.saveSDERun(Self.run([a, b, c]), subjects: [a, b, c])
            let before = try await Self.stored(store, run: first)
            #expect(try await store.latestSDERun(year: 2021)?.revision == 0)
            // Altered in the store itself: a subject left unchanged keeps it, one written again loses it.
            try await store.executeRaw("UPDATE sde_subjects SET track = 'urørt' WHERE subject_key IN ('a', 'b')")

            var b2 = b
            b2.refund = Money(kroner: 250)
            let d = try Self.subject("d", "070770-7777", refund: 400)
            let second = try await store.saveSDERun(Self.run([a, b2, d]), subjects: [a, b2, d])
            #expect(second == first, "the year's run keeps its id")
            let run = try #require(try await store.latestSDERun(year: 2021))
            #expect(run.revision == 1)
            #expect(run.totalRefund == Money(kroner: 750) && run.subjectCount == 3)
            let after = try await Self.stored(store, run: first)
            #expect(Set(after.keys) == ["a", "b", "d"])
            #expect(after["a"]?.id == before["a"]?.id && after["a"]?.track == "urørt", "an unchanged subject is not written")
            #expect(after["b"]?.id == before["b"]?.id && after["b"]?.refund == Money(kroner: 250) && after["b"]?.track == "voksen")
            #expect(after["d"].map { id in !before.values.contains { $0.id == id.id } } == true, "a new subject has an id of its own")
            #expect(try await store.rows("SELECT COUNT(*) AS n FROM sde_runs")[0].decode(column: "n", as: Int.self) == 1)

            // A subject stored before its content was kept (no key) is written once more.
            try await store.executeRaw("UPDATE sde_subjects SET content_key = NULL WHERE subject_key = 'a'")
            _ = try await store.saveSDERun(Self.run([a, b2, d]), subjects: [a, b2, d])
            let third = try await Self.stored(store, run: first)
            #expect(third["a"]?.track == "voksen" && third["a"]?.id == before["a"]?.id)
            #expect(try await store.latestSDERun(year: 2021)?.revision == 2)
        }
    }
}
