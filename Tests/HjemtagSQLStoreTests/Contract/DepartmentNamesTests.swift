import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The departments the findings list offers: each once, in order, read from one to the next
/// through the index (issue 22 § 4), the same on both backends.
@Suite("Departments named in the postings (SQLite and PostgreSQL)")
struct DepartmentNamesTests {
    @Test("None in an empty store; each department once and in order after an import", arguments: Backend.available)
    func departments(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            _ = try await store.migrate()
            #expect(try await store.departmentNames().isEmpty)
            let file = try writeTemp(
                "dato;beloeb;funktion;cpr;forvaltning\n2022-01-15;100,00;5.38.50;010190-1234;SOF\n2022-01-15;100,00;5.38.50;010190-1234;BUF\n"
                    + "2022-02-15;100,00;5.38.50;0101901234;SOF\n2022-02-15;100,00;5.38.50;;ØKF\n2022-03-15;100,00;5.38.50;020290-2345;SUF\n",
                name: "p.csv")
            _ = try await ImportRunner().run(kind: .postings, file: file, importedBy: "t", into: store)
            #expect(try await store.departmentNames() == ["BUF", "SOF", "SUF"])
        }
    }
}
