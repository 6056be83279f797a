import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit
import Testing

@testable import HjemtagSQLStore

/// The settings, parameter entries, imports and computations are kept in the process at a
/// version the database moves by triggers at every write to them (migration 0037, decision 0012):
/// whoever writes, the next read sees it.
@Suite("Inputs kept at their version", .serialized)
struct KeptInputsTests {
    static let entry = ParameterEntry(
        parameterID: "sde.graense.t1",
        value: DatedValue(
            from: Day(year: 2023, month: 1, day: 1)!, to: Day(year: 2023, month: 12, day: 31)!, value: "880000",
            source: "https://example.invalid/2023", checked: Day(year: 2026, month: 11, day: 23)!, enteredBy: "kirsten"))

    static func computation(_ at: String) -> StoredComputation {
        StoredComputation(
            scheme: .sde, year: 2023, computedAt: at, computedBy: "robot",
            inputs: ComputationInputs(imports: [], parameterEntries: [], deletions: 0, settings: [:]))
    }

    @Test("Another connection's settings, parameter entries, imports and computations are read at once", arguments: Backend.available)
    func anotherConnectionsWrites(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            try await robot.setSetting("kommune", "350")
            // Read once, so the web keeps each.
            #expect(try await web.setting("kommune") == "350")
            #expect(try await web.storedParameterValues().isEmpty)
            #expect(try await web.imports().isEmpty)
            #expect(try await web.computations().isEmpty)

            try await robot.setSetting("kommune", "851")
            #expect(try await web.setting("kommune") == "851")
            _ = try await robot.addParameterValues([Self.entry], by: "kirsten", origin: "test")
            #expect(try await web.storedParameterValues().map(\.value.value) == ["880000"])
            let csv = "dato;beloeb;funktion;cpr\n2023-03-01;1000,00;5.38.50;010170-1111\n"
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(csv, name: "p.csv"), importedBy: "robot", into: robot)
            #expect(try await web.imports().map(\.fileName) == ["p.csv"])
            try await robot.recordComputation(Self.computation("2026-12-03T02:00:00Z"))
            #expect(try await web.computations().map(\.computedAt) == ["2026-12-03T02:00:00Z"])
            try await robot.recordComputation(Self.computation("2026-12-04T02:00:00Z"))
            #expect(try await web.computations().map(\.computedAt) == ["2026-12-04T02:00:00Z"])

            // A statement past the store's code moves the version too: the database keeps it.
            try await robot.executeRaw("UPDATE settings SET value = '101' WHERE key = 'kommune'")
            #expect(try await web.setting("kommune") == "101")
            try await robot.executeRaw("UPDATE parameter_values SET value = '890000'")
            #expect(try await web.storedParameterValues().map(\.value.value) == ["890000"])
        }
    }

    /// The worklist's parameter check is kept with its inputs compared whole (issue 22 § 4): the
    /// robot's import of a new year and an administrator's entry elsewhere change it at once.
    @Test("The parameter check follows another connection's import and entry at once", arguments: Backend.available)
    func parameterCheckFollowsItsInputs(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            let today = Day(year: 2026, month: 12, day: 4)!
            func fresh() async throws -> [ParameterCheckProblem] {
                try ParameterSet.applying(try await web.storedParameterValues()).check(years: try await web.dataYears(), today: today)
            }
            func missingT1In2023(_ problems: [ParameterCheckProblem]) -> Bool {
                problems.contains { $0.kind == .missing && $0.parameterID == "sde.graense.t1" && $0.year == 2023 }
            }
            #expect(try await web.parameterCheck(today: today).isEmpty)
            let csv = "dato;beloeb;funktion;cpr\n2023-03-01;1000,00;5.38.50;010170-1111\n"
            _ = try await ImportRunner().run(kind: .postings, file: try writeTemp(csv, name: "p.csv"), importedBy: "robot", into: robot)
            let afterImport = try await web.parameterCheck(today: today)
            #expect(missingT1In2023(afterImport))
            #expect(afterImport == (try await fresh()))
            _ = try await robot.addParameterValues([Self.entry], by: "kirsten", origin: "test")
            let afterEntry = try await web.parameterCheck(today: today)
            #expect(!missingT1In2023(afterEntry))
            #expect(afterEntry == (try await fresh()))
            // Another day: the check is made again for it.
            #expect(try await web.parameterCheck(today: today.adding(years: 2)) != afterEntry)
        }
    }

    @Test(
        "A caseworker's passivity mark and payment decision and the matching's outcomes are read at once by another connection",
        arguments: Backend.available)
    func matchingAndMarks(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            let cpr = try CPR(parsing: "0101801111")
            #expect(try await web.passivityMarks().isEmpty)
            #expect(try await web.paymentDecisions().isEmpty)
            #expect(try await web.residenceEpisodes().isEmpty)
            let version = { try await web.inputsVersion() }
            let before = try #require(try await version())

            try await robot.addPassivityMark(PassivityMark(cpr: cpr, from: Day(year: 2024, month: 1, day: 1)!, reason: "passiv", setBy: "anna"))
            #expect(try await web.passivityMarks().map(\.cpr) == [cpr])
            try await robot.decidePayment("p1", ledger: 7, by: "anna", note: nil, cpr: cpr, page: "test")
            #expect(try await web.paymentDecisions() == ["p1": .some(7)])
            try await robot.replacePaymentMatches([1: .alone], cprs: [1: cpr])
            let afterMatches = try #require(try await version())
            try await robot.replaceServiceMatches([1: .ambiguous(serviceIDs: ["a", "b"])])
            #expect(try #require(try await version()) > afterMatches, "the service matches move it too")
            #expect(afterMatches > before)
        }
    }

    /// Every table the version stands for carries the trigger that moves it, on both backends.
    @Test("Every input table has its version trigger", arguments: Backend.available)
    func everyTableHasItsTrigger(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let query =
                store.isSQLite
                ? "SELECT DISTINCT tbl_name AS t FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%inputs_version'"
                : "SELECT DISTINCT event_object_table AS t FROM information_schema.triggers WHERE trigger_name LIKE '%inputs_version'"
            let tables = try await store.reading { try await store.rows(SQLQueryString(query)) }.map { try $0.decode(column: "t", as: String.self) }
            #expect(Set(tables) == Set(SQLStore.inputsTables))
        }
    }

    @Test("One view reads the version once, reads its own writes, and the next view reads another's", arguments: Backend.available)
    func oneView(backend: Backend) async throws {
        try await backend.withTwoConnections { web, robot in
            _ = try await web.migrate()
            try await web.setSetting("kommune", "350")
            try await web.oneView {
                #expect(try await web.setting("kommune") == "350")
                try await web.setSetting("kommune", "851")
                #expect(try await web.setting("kommune") == "851", "a view reads what it wrote")
                try await robot.setSetting(SQLStore.retentionDeletionsKey, "1")
                try await web.setSetting("kommune", "101")
                #expect(try await web.setting(SQLStore.retentionDeletionsKey) == "1", "a write in the view reads the version again")
            }
            try await robot.setSetting("kommune", "265")
            #expect(try await web.oneView { try await web.setting("kommune") } == "265")
        }
    }

    /// What a write's transaction read is never kept: rolled back, its version would come again
    /// with other content.
    @Test("A rolled-back write's reads are not kept under the version a later write reaches", arguments: Backend.available)
    func rolledBack(backend: Backend) async throws {
        struct Refused: Error {}
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            #expect(try await store.setting("kommune") == "350")
            await #expect(throws: Refused.self) {
                try await store.transaction {
                    try await store.exec("UPDATE settings SET value = '999' WHERE key = 'kommune'")
                    #expect(try await store.keptSettings()["kommune"] == "999")
                    throw Refused()
                }
            }
            // The next write, with nothing read between, reaches the version the rolled-back one
            // had (through the lock, not `executeRaw`, which empties what the process keeps).
            try await store.locked { try await store.exec("UPDATE settings SET value = '851' WHERE key = 'kommune'") }
            #expect(try await store.setting("kommune") == "851")
        }
    }
}
