import Foundation
import HTTPTypes
import HjemtagCore
import HjemtagImport
import HjemtagSchemes
import Hummingbird
import HummingbirdTesting
import Testing

@testable import HjemtagStore
@testable import HjemtagWeb

@Suite("Momsrefusion: import of the reference lists, screening, page and correction journal", .serialized)
struct VATWebTests {
    @Test("M1 missed VAT, art 2.6 refund taken, a positive-list purchase; a missing year's list is named on the page")
    func page() async throws {
        let f = try await WebFixture.make()
        let ledger = f.dir.appendingPathComponent("moms.csv")
        try """
        bilag;dato;beloeb;funktion;art;cvr;moms;momskode
        M1;2025-03-10;10000,00;6.45.51;2.2;11111111;2500,00;
        M2;2025-04-10;400000,00;0.22.02;2.6;11111111;100000,00;R
        M3;2025-05-10;1000000,00;5.38.50;4.0;22222222;;

        """.write(to: ledger, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .postings, file: ledger, importedBy: "test", into: f.store)
        let registry = f.dir.appendingPathComponent("momsregistrering.csv")
        try "cvr;fra;til\n11111111;2000-01-01;\n".write(to: registry, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .vatRegistrations, file: registry, importedBy: "test", into: f.store)
        let app = try await buildApplication(store: f.store)
        try await app.test(.router) { client in
            let jar = try await logIn(client).1
            // No positive list for 2025 yet: the page says which file to load.
            let missing = String(buffer: try await client.execute(uri: "/moms", method: .get, headers: headers(jar)).body)
            #expect(missing.contains("der er ingen positivliste for 2025") && missing.contains("hjemtag import positivliste"))
        }
        let list = f.dir.appendingPathComponent("positivliste.csv")
        try "aar;funktion;art;sats;ejerforhold4\n2025;5.38.50;4.0;5;nej\n".write(to: list, atomically: true, encoding: .utf8)
        _ = try await ImportRunner().run(kind: .positiveList, file: list, importedBy: "test", into: f.store)
        let found = try await VATService(store: f.store).run(by: "test", today: Day(year: 2026, month: 11, day: 23)!)
        #expect(Set(found.map(\.rule)) == [.directVAT, .landAndBuildings, .positiveList])
        #expect(found.first { $0.rule == .positiveList }?.amount == Money(kroner: 50_000))
        try await app.test(.router) { client in
            let jar = try await logIn(client).1
            let html = String(buffer: try await client.execute(uri: "/moms", method: .get, headers: headers(jar)).body)
            #expect(html.contains("52.500,00 kr.") && html.contains("100.000,00 kr.") && html.contains("<svg"))
            let csv = String(buffer: try await client.execute(uri: "/moms/rettelsesjournal.csv", method: .get, headers: headers(jar)).body)
            #expect(csv.contains("M2;10.04.2025;0.22.02;2.6;2.6;R;;11111111;-100.000,00;V3"))
            #expect(csv.contains("M1;10.03.2025;6.45.51;2.2;2.2;;R;11111111;2.500,00;V2"))
        }
        #expect(try await f.store.findings(scheme: .vat, year: 2025, includeInactive: false).count == 3)
        try await f.store.close()
    }
}
