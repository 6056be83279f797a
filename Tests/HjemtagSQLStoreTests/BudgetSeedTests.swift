import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The user's own tables, loaded from files made from the seeds (Sources/HjemtagCLI/Resources/budget/).
@Suite("Budget tables from the seeds")
struct BudgetSeedTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources/HjemtagCLI/Resources/budget")

    @Test(
        "Seed 004: the net outstanding row is 0, −720, −2.720, −4.720 thousand kr.; seed 000 adds up to −6.000 and 1.000",
        arguments: Backend.available)
    func seeds(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            for (kind, file) in [(ImportKind.initiatives, "initiativer-seed004.csv"), (.businessCase, "businesscase-seed000.csv")] {
                _ = try await ImportRunner().run(kind: kind, file: Self.examples.appendingPathComponent(file), importedBy: "test", into: store)
            }
            let plan = try await BudgetService(store: store).reductionPlan()
            #expect(plan.years == [2021, 2022, 2023, 2024])
            #expect(plan.years.map(plan.netOutstanding) == [0, -720_000, -2_720_000, -4_720_000].map { Money(kroner: $0) })
            #expect(plan.effect("Foranstaltninger vedr. unge", 2022) == Money(kroner: -1_257_000))
            #expect(plan.initiativeNames.count == 7)
            let (bc, outcomes, realised) = try await BudgetService(store: store).businessCase(year: nil)
            #expect(bc.expectedIncome == Money(kroner: -6_000_000) && bc.totalCosts == Money(kroner: 1_000_000))
            #expect(bc.expected(.intermunicipal) == Money(kroner: -3_250_000) && bc.expected(.sde) == Money(kroner: -2_250_000))
            #expect(realised == .zero && outcomes.count == 4)
        }
    }

    @Test("A budget table with a bad row is refused with file, line, column and reason; the earlier table stays")
    func badTable() async throws {
        try await Backend.sqlite.withFreshStore { store in
            _ = try await store.migrate()
            _ = try await ImportRunner().run(
                kind: .initiatives, file: Self.examples.appendingPathComponent("initiativer-seed004.csv"), importedBy: "test", into: store)
            let bad = try writeTemp("type;navn;aar;beloeb_1000\nmaal;Mål;2021;-2.000\nmål;Mål;tyve;x\n", name: "initiativer-ny.csv")
            do {
                _ = try await ImportRunner().run(kind: .initiatives, file: bad, importedBy: "test", into: store)
                Issue.record("the import should have failed")
            } catch ImportError.invalidRows(let problems, _) {
                #expect(problems.map(\.description).contains { $0.hasPrefix("initiativer-ny.csv:3:3: kolonne 'aar': 'tyve' er ikke et årstal") })
                #expect(problems.map(\.description).contains { $0.hasPrefix("initiativer-ny.csv:3:4: kolonne 'beloeb_1000'") })
            }
            #expect(try await BudgetService(store: store).reductionPlan().netOutstanding(2024) == Money(kroner: -4_720_000))
        }
    }
}
