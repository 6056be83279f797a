import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Testing

@testable import HjemtagSQLStore

/// The store's one decoding policy: a stored row that cannot be read back is an error naming the
/// table, the row and the column; it is never skipped (a refund computed without it would be
/// wrong and look right), never coerced to a default (an unknown role is not "revisor").
@Suite("A stored row that cannot be decoded is an error that names it", .serialized)
struct DecodingPolicyTests {
    /// A store with one posting for a citizen, a household, a benefit payment, a user, a finding
    /// and a claim, all readable.
    func seeded(_ store: SQLStore) async throws {
        _ = try await store.migrate()
        try await store.setSetting("kommune", "350")
        let ledger = try writeTemp(
            "bilag;dato;beloeb;funktion;cpr;paragraf;periode_fra;periode_til;forvaltning\n"
                + "B1;2022-01-15;100,00;5.38.50;010190-1234;SEL-108;2022-01-01;2022-01-31;SOF\n"
                + "B2;2022-02-15;200,00;5.38.50;010190-1234;SEL-108;2022-02-01;2022-02-28;SOF\n", name: "posteringer.csv")
        _ = try await ImportRunner().run(kind: .postings, file: ledger, importedBy: "test", into: store)
        let households = try writeTemp("cpr;husstand;fra;til\n010190-1234;A;2010-03-01;\n", name: "husstande.csv")
        _ = try await ImportRunner().run(kind: .households, file: households, importedBy: "test", into: store)
        let benefits = try writeTemp(
            "cpr;ydelse;periode_fra;periode_til;beloeb;udbetalingsdato;kilde\n"
                + "010190-1234;ledighedsydelse;2022-04-01;2022-04-30;6.370,00;2022-04-13;KY\n", name: "ydelser.csv")
        _ = try await ImportRunner().run(kind: .benefitPayments, file: benefits, importedBy: "test", into: store)
        _ = try await store.createUser(username: "anna", passwordHash: "x", role: .sagsbehandler, departments: ["SOF"])
        try await store.replaceFindings(
            scheme: .sde, year: 2022,
            [
                Finding(
                    scheme: .sde, year: 2022, kind: "mistet_refusion", subjectKey: "cpr:0101901234", cprs: [try CPR(parsing: "0101901234")],
                    amount: Money(kroner: 10), direction: .claim, text: "t")
            ])
    }

    /// Runs `read` after `corrupt` and expects the named refusal, with no CPR number in it.
    func expectRefusal(
        _ store: SQLStore, table: String, column: String, corrupt sql: String,
        _ read: () async throws -> Void
    ) async throws {
        try await read() // readable before
        try await store.executeRaw(sql)
        do {
            try await read()
            Issue.record("\(table).\(column): the damaged row was read without an error")
        } catch let error as StoreError {
            guard case .unreadableRow(let t, _, let c, _) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(t == table && c == column)
            #expect(error.description.contains("tabellen \(table)") && error.description.contains("kolonnen \(column)"))
            #expect(!error.description.contains("0101901234") && !error.description.contains("010190"))
        }
    }

    @Test("Postings: a date that is no date stops the stream and the citizen's list; no posting is silently left out", arguments: Backend.available)
    func postings(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await seeded(store)
            let seen = RowList<Int>()
            try await expectRefusal(
                store, table: "postings", column: "posting_date",
                corrupt: "UPDATE postings SET posting_date = 'ikke en dato' WHERE voucher = 'B2'"
            ) {
                try await store.forEachPosting { seen.append($0.line) }
            }
            // The readable store streamed lines 2 and 3; the damaged one line 2, then stopped.
            #expect(try seen.rows() == [2, 3, 2])
            await #expect(throws: StoreError.self) { _ = try await store.postings(cpr: try CPR(parsing: "0101901234")) }
            // A period with a start and no end is not a posting without a period.
            try await store.executeRaw("UPDATE postings SET posting_date = '2022-02-15', period_to = NULL WHERE voucher = 'B2'")
            await #expect(throws: StoreError.self) { _ = try await store.postings(cpr: try CPR(parsing: "0101901234")) }
        }
    }

    @Test("An unknown role is an error, never read as another role", arguments: Backend.available)
    func role(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await seeded(store)
            try await expectRefusal(store, table: "users", column: "role", corrupt: "UPDATE users SET role = 'superbruger'") {
                _ = try await store.user(named: "anna")
            }
        }
    }

    @Test("Findings: an unknown status, direction or scheme is an error", arguments: Backend.available)
    func findings(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await seeded(store)
            try await expectRefusal(store, table: "findings", column: "status", corrupt: "UPDATE findings SET status = 'glemt'") {
                _ = try await store.findings(scheme: nil, year: nil, includeInactive: true)
            }
            try await store.executeRaw("UPDATE findings SET status = 'ny', direction = 'sidelaens'")
            var query = FindingQuery()
            query.status = .new
            await #expect(throws: StoreError.self) { _ = try await store.findings(query, limit: 10, offset: 0) }
            // The kept totals (migration 0033) are read as strictly as the findings.
            try await store.executeRaw("UPDATE finding_totals SET direction = 'sidelaens'")
            await #expect(throws: StoreError.self) { _ = try await store.findingTotals(scheme: nil, year: nil) }
            try await store.executeRaw("UPDATE findings SET direction = 'hjemtag', scheme = 'ukendt'")
            await #expect(throws: StoreError.self) { _ = try await store.findings(scheme: nil, year: nil, includeInactive: true) }
        }
    }

    @Test("Households, benefit payments and CPR numbers: a damaged row is an error, not a smaller register", arguments: Backend.available)
    func people(backend: Backend) async throws {
        try await backend.withFreshStore { store in
            try await seeded(store)
            try await expectRefusal(store, table: "households", column: "valid_from", corrupt: "UPDATE households SET valid_from = '2010-13-45'") {
                _ = try await store.households()
            }
            try await expectRefusal(
                store, table: "benefit_payments", column: "benefit", corrupt: "UPDATE benefit_payments SET benefit = 'nedlagt_ydelse'"
            ) {
                _ = try await store.benefitPayments()
            }
            try await expectRefusal(store, table: "person_departments", column: "cpr", corrupt: "UPDATE person_departments SET cpr = '0101901'") {
                _ = try await store.persons(inDepartments: ["SOF"])
            }
        }
    }
}
