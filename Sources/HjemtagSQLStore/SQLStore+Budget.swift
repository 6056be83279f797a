import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    /// The rows of the newest import of a budget table (a new file replaces the table).
    public func budgetRows(_ table: BudgetRow.Table) async throws -> [BudgetRow] {
        try await requireMigrated()
        return try await locked {
            try await rows(
                """
                SELECT * FROM budget_rows WHERE budget_table = \(bind: table.rawValue)
                AND import_id = (SELECT MAX(import_id) FROM budget_rows WHERE budget_table = \(bind: table.rawValue)) ORDER BY id
                """, table: "budget_rows"
            ) { r in
                BudgetRow(
                    table: table, type: try r.text("row_type"), name: try r.text("name"), category: try r.optionalText("category"),
                    year: try r.optionalInt("year"), referenceYear: try r.optionalInt("reference_year"), model: try r.optionalInt("model"),
                    amount: try r.optionalMoney("amount_ore"))
            }
        }
    }
}
