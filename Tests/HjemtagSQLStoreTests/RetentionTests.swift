import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

@Suite("Retention rule: person-level data older than N whole financial years is deleted and logged", .serialized)
struct RetentionTests {
    @Test("N years are counted in whole financial years (5 years from the end of the year the material concerns); fewer than 5 are refused")
    func cutoff() throws {
        // On any day of 2026, N = 5 keeps 2021 onwards: 2020 ended 31.12.2020, kept until 31.12.2025.
        #expect(try RetentionRule(years: 5).cutoff(today: Day(year: 2026, month: 11, day: 23)!) == Day(year: 2021, month: 1, day: 1)!)
        #expect(try RetentionRule(years: 5).cutoff(today: Day(year: 2026, month: 1, day: 1)!) == Day(year: 2021, month: 1, day: 1)!)
        #expect(try RetentionRule(years: 10).cutoff(today: Day(year: 2026, month: 12, day: 31)!) == Day(year: 2016, month: 1, day: 1)!)
        #expect(throws: RetentionError.tooShort(4)) { try RetentionRule(years: 4) }
        #expect(throws: RetentionError.tooShort(0)) { try RetentionRule(years: 0) }
    }

    static let old = "010150-1111", kept = "020250-2222", history = "030350-3333", closed = "040450-4444"

    /// Two posting files (one wholly expired for its persons, one current), benefits either side
    /// of the cut-off, a residence history still running since 1993 and one closed in 2019.
    static func load(_ store: SQLStore) async throws -> (expiredFile: Int, currentFile: Int) {
        _ = try await store.migrate()
        try await store.setSetting("kommune", "350")
        let head = "dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
        let expired = try writeTemp(
            head
                + "2020-12-31;1000,00;5.38.50;\(old);SEL-108;2020-12-01;2020-12-31;SOF\n"
                + "2019-06-30;500,00;5.38.50;\(kept);SEL-108;2019-06-01;2019-06-30;SOF\n"
                + "2019-03-01;250,00;6.45.51;;;;;ADM\n", name: "posteringer-2019-2020.csv")
        let current = try writeTemp(head + "2021-01-01;2000,00;5.38.50;\(kept);SEL-108;2021-01-01;2021-01-31;SOF\n", name: "posteringer-2021.csv")
        let a = try await ImportRunner().run(kind: .postings, file: expired, importedBy: "test", into: store).summary.id
        let b = try await ImportRunner().run(kind: .postings, file: current, importedBy: "test", into: store).summary.id
        let benefits = try writeTemp(
            "cpr;ydelse;periode_fra;periode_til;beloeb\n"
                + "\(old);Kontanthjælp;2020-12-21;2020-12-27;3000,00\n\(old);Kontanthjælp;2020-12-28;2021-01-03;3000,00\n", name: "ydelser.csv")
        _ = try await ImportRunner().run(kind: .benefitPayments, file: benefits, importedBy: "test", into: store)
        let stays = try writeTemp(
            "cpr;fra;til;kommune;boligtype;tilbud;visiteret_af;lovgrundlag\n"
                + "\(history);1993-01-01;2009-12-31;573;§ 108;Bo;573;SEL-108\n\(history);2010-01-01;;350;§ 108;Bo;573;SEL-108\n"
                + "\(closed);2015-01-01;2019-12-31;350;§ 108;Bo;265;SEL-108\n", name: "ophold.csv")
        _ = try await ImportRunner().run(kind: .residence, file: stays, importedBy: "test", into: store)
        return (a, b)
    }

    @Test(
        "The preview counts exactly what the deletion takes and changes nothing; the deletion keeps everything from the cut-off on, whole running histories and ledger lines, empties the expired archive, and is logged",
        arguments: Backend.available)
    func deletes(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            let files = try await Self.load(store)
            let cutoff = Day(year: 2021, month: 1, day: 1)!
            let postingsBefore = try await store.postingCount()

            let preview = try await RetentionService(store: store).run(before: cutoff, apply: false, by: "admin")
            let expected = [
                "posteringer med CPR": 2, "ydelsesudbetalinger": 1, "opholdsperioder (afsluttede historikker)": 1, "arkiverede filer tømt": 1,
            ]
            #expect(Dictionary(uniqueKeysWithValues: preview.lines.filter { $0.rows > 0 }.map { ($0.what, $0.rows) }) == expected)
            #expect(try await store.postingCount() == postingsBefore)
            #expect(try await store.auditEntries(cpr: nil, username: "admin", limit: 10).isEmpty)

            #expect(try await store.persons(inDepartments: ["SOF"]) == [try CPR(parsing: Self.old), try CPR(parsing: Self.kept)])
            let done = try await RetentionService(store: store).run(before: cutoff, apply: true, by: "admin")
            #expect(done.lines == preview.lines && done.applied)
            // A caseworker no longer reaches the deleted citizen through the department.
            #expect(try await store.departments(of: CPR(parsing: Self.old)).isEmpty)
            #expect(try await store.departments(of: CPR(parsing: Self.kept)) == ["SOF"])
            #expect(try await store.persons(inDepartments: ["SOF"]) == [try CPR(parsing: Self.kept)])
            // Kept: the 2021 posting, the ledger line without CPR; the 2020 posting and the 2019 CPR line are gone.
            #expect(try await store.postings(cpr: CPR(parsing: Self.old)).isEmpty)
            #expect(try await store.postings(cpr: CPR(parsing: Self.kept)).map(\.date) == [cutoff])
            #expect(try await store.postingCount() == postingsBefore - 2)
            // The benefit week reaching into 2021 stays; the one ending 27.12.2020 goes.
            #expect(try await store.benefitPayments().map(\.period.end) == [Day(year: 2021, month: 1, day: 3)!])
            // The history running since 1993 is kept whole; the one closed in 2019 is deleted.
            #expect(try await store.residenceEpisodes().map(\.episode.cpr) == [try CPR(parsing: Self.history), try CPR(parsing: Self.history)])
            // The expired file's original held CPR numbers of deleted rows only: emptied. The current one is untouched.
            #expect(try await store.archivedFile(importID: files.expiredFile)?.isEmpty == true)
            #expect(try await store.archivedFile(importID: files.currentFile)?.isEmpty == false)
            #expect(try await store.imports().count == 4)
            let log = try #require(try await store.auditEntries(cpr: nil, username: "admin", limit: 10).first)
            #expect(log.action == "sletning")
            #expect(
                log.purpose
                    == "opbevaringsregel: data fra før 01.01.2021 slettet; 2 posteringer med CPR, 1 ydelsesudbetalinger, 1 opholdsperioder (afsluttede historikker), 1 arkiverede filer tømt"
            )

            // Run again: nothing left to delete, and that too is logged.
            let again = try await RetentionService(store: store).run(before: cutoff, apply: true, by: "admin")
            #expect(again.total == 0)
            #expect(try await store.auditEntries(cpr: nil, username: "admin", limit: 10).first?.purpose?.hasSuffix("intet at slette") == true)
        }
    }

    @Test(
        "Property: for any cut-off, nothing dated on or after it is deleted, and the preview always equals the deletion",
        arguments: Backend.available)
    func neverTouchesKeptYears(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            var rng = SplitMix64(seed: 7)
            var lines = ["dato;beloeb;funktion;cpr;paragraf;forvaltning"]
            for i in 0..<300 {
                let day = Day(year: 2015, month: 1, day: 1)!.adding(days: Int(rng.next() % 3_650))
                let cpr = i % 5 == 0 ? "" : ["010150-1111", "020250-2222", "030350-3333"][Int(rng.next() % 3)]
                lines.append("\(day.iso);\(Int(rng.next() % 9_000) + 1),00;5.38.50;\(cpr);SEL-108;SOF")
            }
            _ = try await ImportRunner().run(
                kind: .postings, file: try writeTemp(lines.joined(separator: "\n") + "\n", name: "p.csv"), importedBy: "test", into: store)
            for year in [2016, 2019, 2022, 2025] {
                let cutoff = Day(year: year, month: 1, day: 1)!
                let kept = KeptCount()
                try await store.forEachPosting { if $0.cpr == nil || $0.date >= cutoff { kept.add() } }
                let keptBefore = kept.value
                let preview = try await RetentionService(store: store).run(before: cutoff, apply: false, by: "test")
                let done = try await RetentionService(store: store).run(before: cutoff, apply: true, by: "test")
                #expect(preview.lines == done.lines)
                #expect(try await store.postingCount() == keptBefore)
            }
        }
    }
}

/// A small seeded generator, so the property test is the same run every time.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Counts from the store's visitor, which may call from another thread.
final class KeptCount: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() {
        lock.lock()
        n += 1
        lock.unlock()
    }
    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return n
    }
}
