import Foundation
import HjemtagCore
import HjemtagExport
import HjemtagImport
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Entered parameter values in the store: corrected, withdrawn, kept in the history and the audit
/// log, on SQLite and PostgreSQL alike.
@Suite("Parameter versions in the store", .serialized)
struct ParameterVersioningTests {
    static let checked = Day(year: 2026, month: 11, day: 23)!

    static func entry(_ id: String, _ value: String, _ year: Int, note: String? = nil) -> ParameterEntry {
        ParameterEntry(
            parameterID: id,
            value: DatedValue(
                from: Day(year: year, month: 1, day: 1)!, to: Day(year: year, month: 12, day: 31)!, value: value,
                source: "https://example.invalid/satser-\(year)", checked: checked, note: note, enteredBy: "ada"))
    }

    @Test(
        "1 kr. entered for 2022, corrected to 860.000 kr.: the correction is in force, the wrong entry in the history, both in the log",
        arguments: Backend.available)
    func correction(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let may = Day(year: 2022, month: 5, day: 1)!
            let wrong = try await store.enterParameterValues([Self.entry("sde.graense.t1", "1", 2022)], by: "ada", origin: "web")
            #expect(try await store.parameterSet().money("sde.graense.t1", on: may).0 == Money(kroner: 1))
            let right = try await store.enterParameterValues(
                [Self.entry("sde.graense.t1", "860000", 2022, note: "tastefejl")], by: "ada", origin: "web")
            #expect(try await store.parameterSet().money("sde.graense.t1", on: may).0 == Money(kroner: 860_000))
            let history = try await store.storedParameterValues()
            #expect(history.map(\.entry) == [wrong[0].entry, right[0].entry])
            #expect(history[0].supersededBy == right[0].entry && !history[0].isActive && history[1].isActive)
            #expect(history[0].stateText == "erstattet af nr. \(right[0].entry)")
            let audit = try await store.auditEntries(cpr: nil, username: "ada", limit: 10)
            #expect(audit.map(\.action) == ["parameter rettet", "parameter indtastet"])
            #expect(audit[0].page == "parameter sde.graense.t1")
            #expect(audit[0].purpose?.contains("860000 for 01.01.2022-31.12.2022 (erstatter nr. \(wrong[0].entry): 1)") == true)
            #expect(audit[0].purpose?.contains("note: tastefejl") == true)
        }
    }

    @Test(
        "A withdrawal ends the entry with who and why, the shipped value applies again, and a second withdrawal is refused",
        arguments: Backend.available)
    func withdrawal(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let stored = try await store.enterParameterValues([Self.entry("sde.graense.t1", "865000", 2022)], by: "ada", origin: "web")
            await #expect(throws: ParameterEntryError.reasonMissing) {
                try await store.withdrawParameterEntry(stored[0].entry, by: "ada", reason: "fejl")
            }
            let w = try await store.withdrawParameterEntry(stored[0].entry, by: "ada", reason: "kilden gælder 2023, ikke 2022")
            #expect(w.withdrawal?.by == "ada" && w.withdrawal?.reason == "kilden gælder 2023, ikke 2022")
            #expect(try await store.parameterSet().money("sde.graense.t1", on: Day(year: 2022, month: 5, day: 1)!).0 == Money(kroner: 860_000))
            let kept = try #require(try await store.storedParameterValues().first)
            #expect(!kept.isActive && kept.stateText == "tilbagetrukket af ada: kilden gælder 2023, ikke 2022")
            await #expect(throws: ParameterEntryError.self) {
                try await store.withdrawParameterEntry(stored[0].entry, by: "ada", reason: "endnu en gang, ved en fejl")
            }
            await #expect(throws: ParameterEntryError.notFound(entry: 999)) {
                try await store.withdrawParameterEntry(999, by: "ada", reason: "findes ikke, men grund nok")
            }
            let audit = try #require(try await store.auditEntries(cpr: nil, username: "ada", limit: 1).first)
            #expect(audit.action == "parameter tilbagetrukket" && audit.purpose?.contains("begrundelse: kilden gælder 2023") == true)
        }
    }

    @Test("A refused entry stores nothing and writes nothing to the log", arguments: Backend.available)
    func refusal(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            await #expect(throws: ParameterEntryError.self) {
                try await store.enterParameterValues([Self.entry("sde.graense.t1", "-1", 2022)], by: "ada", origin: "web")
            }
            await #expect(throws: ParameterEntryError.self) {
                try await store.enterParameterValues([Self.entry("sde.graense.t2", "700000", 2022)], by: "ada", origin: "web")
            }
            #expect(try await store.storedParameterValues().isEmpty)
            #expect(try await store.auditEntries(cpr: nil, username: "ada", limit: 5).isEmpty)
        }
    }

    @Test(
        "A parameter file: all values or none, a broken rule named by file, line and column, and it round-trips through the export",
        arguments: Backend.available)
    func parameterFile(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-pfil-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let units = try await store.parameterSet().definitions.mapValues(\.unit)
            // Line 4 puts the first limit above the second: nothing of the file is stored.
            let bad = dir.appendingPathComponent("satser-2023.csv")
            try """
            parameter;fra;til;vaerdi;kilde;kontrolleret;note
            sde.graense.t1;01.01.2023;31.12.2023;880.000;https://example.invalid/2023;20.11.2026;
            sde.graense.t2;01.01.2023;31.12.2023;1.720.000;https://example.invalid/2023;20.11.2026;
            sde.graense.t3;01.01.2023;31.12.2023;1.700.000;https://example.invalid/2023;20.11.2026;skal fejle

            """.write(to: bad, atomically: true, encoding: .utf8)
            let entries = try ParameterFile.read(bad, units: units, by: "ada")
            #expect(entries.map(\.line) == [2, 3, 4] && entries[0].value.checked == Day(year: 2026, month: 11, day: 20))
            do {
                try await store.enterParameterValues(entries, by: "ada", origin: "parameterfil", file: bad.lastPathComponent)
                Issue.record("the file should be refused")
            } catch let ImportError.invalidRows(problems, _) {
                #expect(problems.count == 1)
                #expect(problems[0].file == "satser-2023.csv" && problems[0].line == 4 && problems[0].column == 4)
                #expect(problems[0].reason.contains("sde.graense.t2 = 1.720.000,00 kr. og sde.graense.t3 = 1.700.000,00 kr."))
            }
            #expect(try await store.storedParameterValues().isEmpty)

            // Unreadable lines are all listed, with their columns.
            let unreadable = dir.appendingPathComponent("rod.csv")
            try
                "parameter;fra;til;vaerdi;kilde;kontrolleret\nsde.findes.ikke;01.01.2023;;1;https://x.invalid;20.11.2026\nsde.graense.t1;32.01.2023;;1;ftp://x;i går\n"
                .write(to: unreadable, atomically: true, encoding: .utf8)
            do {
                _ = try ParameterFile.read(unreadable, units: units, by: "ada")
                Issue.record("the file should be refused")
            } catch let ImportError.invalidRows(problems, _) {
                #expect(problems.map(\.line) == [2, 3] && problems.map(\.columnName) == ["parameter", "kontrolleret"])
            }

            // The good file is stored, each value in the log, and the export reads back to the same values.
            let good = dir.appendingPathComponent("satser-2023-rettet.csv")
            try String(contentsOf: bad, encoding: .utf8).replacingOccurrences(of: "1.700.000", with: "2.150.000")
                .write(to: good, atomically: true, encoding: .utf8)
            let stored = try await store.enterParameterValues(
                try ParameterFile.read(good, units: units, by: "ada"), by: "ada", origin: "parameterfil satser-2023-rettet.csv", file: "x")
            #expect(stored.count == 3)
            #expect(try await store.parameterSet().money("sde.graense.t3", on: Day(year: 2023, month: 6, day: 1)!).0 == Money(kroner: 2_150_000))
            let audit = try await store.auditEntries(cpr: nil, username: "ada", limit: 10)
            #expect(audit.count == 3 && audit.allSatisfy { $0.purpose?.contains("parameterfil satser-2023-rettet.csv") == true })
            let exported = dir.appendingPathComponent("eksport.csv")
            try DanishCSV.write(ParameterFile.sheet(ParameterFile.values(of: try await store.parameterSet(), everything: false)), to: exported)
            let again = try ParameterFile.read(exported, units: units, by: "bo")
            #expect(again.map(\.parameterID) == stored.map(\.parameterID))
            #expect(again.map { try? Money.parse($0.value.value) } == stored.map { try? Money.parse($0.value.value) })
            #expect(again.map(\.value.checked) == stored.map(\.value.checked) && again.map(\.value.source) == stored.map(\.value.source))
        }
    }

    /// The postings' span is kept by the import and the retention rule, not read from the
    /// postings: a later import widens it, a refused one leaves it, a deletion narrows it.
    @Test("The years each scheme has data for", arguments: Backend.available)
    func dataYears(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            #expect(try await store.dataYears().isEmpty)
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hjemtag-aar-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("p.csv")
            try "dato;beloeb;funktion\n2021-03-01;100,00;5.38.50\n2023-11-30;100,00;5.38.50\n".write(to: file, atomically: true, encoding: .utf8)
            _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "t", into: store)
            let years = try await store.dataYears()
            #expect(years[.sde] == 2021...2023 && years[.staircase] == nil)

            let earlier = dir.appendingPathComponent("q.csv")
            try "dato;beloeb;funktion;cpr\n2019-05-01;100,00;5.38.50;0101901234\n".write(to: earlier, atomically: true, encoding: .utf8)
            _ = try await ImportRunner().run(kind: .postings, file: earlier, importedBy: "t", into: store)
            #expect(try await store.dataYears()[.sde] == 2019...2023)
            let refused = dir.appendingPathComponent("r.csv")
            try "dato;beloeb;funktion\n2030-01-01;100,00;5.38.50\n2030-01-02;ikke et beløb;5.38.50\n".write(
                to: refused, atomically: true, encoding: .utf8)
            _ = try? await ImportRunner().run(kind: .postings, file: refused, importedBy: "t", into: store)
            #expect(try await store.dataYears()[.sde] == 2019...2023, "a refused file leaves the span")
            // The retention rule deletes the postings with CPR before 2020; those without stay.
            _ = try await store.retention(before: Day(year: 2020, month: 1, day: 1)!, apply: true, by: "t", keeping: [])
            #expect(try await store.dataYears()[.sde] == 2021...2023)
            #expect(try await store.dataYears()[.intermunicipal] == 2021...2023)
        }
    }
}
