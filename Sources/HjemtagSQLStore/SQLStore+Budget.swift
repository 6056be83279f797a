import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    /// The rows of the newest import of a budget table (a new file replaces the table).
    public func scenarioCases() async throws -> [ScenarioCase] {
        try await requireMigrated()
        return try await reading {
            try await rows(
                "SELECT * FROM scenario_cases WHERE import_id = (SELECT MAX(import_id) FROM scenario_cases) ORDER BY id", table: "scenario_cases"
            ) { r in
                let function = try r.optionalText("function_code")
                return ScenarioCase(
                    cpr: try r.cpr("cpr"), from: try r.day("valid_from"), monthlyCost: try r.optionalMoney("monthly_cost_ore"),
                    legalBasis: try r.optionalText("legal_basis"), benefit: try r.optionalText("benefit"), end: try r.optionalDay("valid_to"),
                    function: try function.map { f in
                        guard let parsed = AccountFunction(parsing: f) else { throw r.failure("function_code", "'\(f)' er ikke en funktion") }
                        return parsed
                    }, initiative: try r.optionalText("initiative"), text: try r.optionalText("text"), line: try r.int("line"))
            }
        }
    }

    public func budgetRows(_ table: BudgetRow.Table) async throws -> [BudgetRow] {
        try await requireMigrated()
        return try await reading {
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
