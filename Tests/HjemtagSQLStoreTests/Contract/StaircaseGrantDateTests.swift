import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// Førtidspension's place on the staircase needs the grant date (Budget- og regnskabssystem 5.48:
/// only pensions granted 1.7.2014 or later are covered by the reform); the service takes it from
/// the `foertidspension` import.
@Suite("Staircase: førtidspension by grant date", .serialized)
struct StaircaseGrantDateTests {
    @Test(
        "Three pensioners: granted 30.6.2014 (not counted), 1.7.2014 (20 % co-financing), no grant imported (named, not counted)",
        arguments: Backend.available)
    func grantDates(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            try await store.setSetting("kommune", "350")
            let payments = """
                cpr;ydelse;periode_fra;periode_til;beloeb
                010160-1111;førtidspension;2024-01-01;2024-01-07;5000,00
                020260-2222;førtidspension;2024-01-01;2024-01-07;5000,00
                030360-3333;førtidspension;2024-01-01;2024-01-07;5000,00

                """
            let grants = "cpr;tilkendt_dato;tilkendt_af\n010160-1111;2014-06-30;350\n020260-2222;2014-07-01;350\n"
            _ = try await ImportRunner().run(kind: .benefitPayments, file: try writeTemp(payments, name: "y.csv"), importedBy: "t", into: store)
            _ = try await ImportRunner().run(kind: .pensionGrants, file: try writeTemp(grants, name: "g.csv"), importedBy: "t", into: store)
            let r = try await StaircaseService(store: store).run(from: Day(year: 2024, month: 1, day: 1)!, to: Day(year: 2024, month: 1, day: 31)!)
            #expect(r.weeks.map(\.cpr.digits) == ["0202602222"])
            #expect(r.totalCoFinancing == Money(kroner: 1_000))
            #expect(r.grantedBeforeReform == Money(kroner: 5_000) && r.missingGrantDate == Money(kroner: 5_000) && r.missingGrantDatePersons == 1)
        }
    }
}
