import Foundation
import HjemtagCore
import HjemtagImport

@testable import HjemtagSQLStore

/// OS2bos's own export of granted payments (`granted_payments_3.csv`: plan 1's invoices to
/// Testgården, COMPANY, CVR 12345674, not VAT-registered) in a store of municipality 151.
func loadOS2bosPlan(into store: SQLStore) async throws {
    try await store.setSetting("kommune", "151")
    _ = try await ImportRunner().run(
        kind: .os2bosPayments, file: OS2bosLedgerTests.fixtures.appendingPathComponent("granted_payments_3.csv"), importedBy: "t", into: store)
}

/// A ledger file: `header`, then each month's lines from `first` to `last`.
func monthlyLedger(_ header: String, from first: Month, to last: Month, _ lines: (Month) -> [String]) -> String {
    ([header] + (first.index...last.index).flatMap { lines(Month(index: $0)) }).joined(separator: "\n") + "\n"
}
