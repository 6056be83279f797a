import Foundation
import HjemtagCore

/// The budget tables loaded from files.
public protocol BudgetStore: Sendable {
    /// The rows of the newest import of a budget table (a new file replaces the table).
    func budgetRows(_ table: BudgetRow.Table) async throws -> [BudgetRow]
    /// The cases of the newest scenario file (`hjemtag import scenarie`), in file order.
    func scenarioCases() async throws -> [ScenarioCase]
}
