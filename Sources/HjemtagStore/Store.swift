import Foundation
import HjemtagCore
import HjemtagImport

/// Everything the application asks of its store: one protocol per aggregate, so a use case can
/// name the part it needs. The web and the use cases see only these protocols and domain types,
/// never SQL; the one implementation is `SQLStore` in HjemtagSQLStore.
public typealias Store = StoreLifecycle & ImportArchiveStore & SettingsStore & LedgerStore & PeopleStore & AccessStore
    & ParameterStore & SDEStore & SDESumsStore & FindingStore & StaircaseStore & IntermunicipalStore & BudgetStore & ResultGrantStore
    & VATStore & RetentionStore & ComputationStore & RobotStore & MappingStore

public enum StoreError: Error, Sendable, CustomStringConvertible {
    case cannotOpen(String)
    case notMigrated
    /// Made by an earlier version: the migrations it lacks, by id.
    case migrationsPending([String])
    case duplicateUser(String)
    case unknownUser(String)
    /// An e-mail address the rule (`EmailAddress`) refuses, with why.
    case invalidEmail(String)
    /// A user name the rule (`UserName`) refuses, with why.
    case invalidUserName(String)
    /// A stored row that cannot be read back: the table, which row, the column and why. A refund
    /// computation never leaves such a row out silently; no value from it is in the message.
    case unreadableRow(table: String, row: String, column: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let why): return "kan ikke åbne databasen: \(why)"
        case .notMigrated: return "databasen er ikke oprettet endnu; kør: hjemtag migrate --kommune KODE"
        case .migrationsPending(let ids):
            return
                "databasen er lavet af en tidligere version af Hjemtag og mangler \(ids.count == 1 ? "migreringen" : "migreringerne") \(ids.joined(separator: ", ")); kør: hjemtag migrate"
        case .duplicateUser(let name): return "brugeren '\(name)' findes allerede"
        case .unknownUser(let name): return "brugeren '\(name)' findes ikke"
        case .invalidEmail(let why): return why
        case .invalidUserName(let why): return "ugyldigt brugernavn: \(why)"
        case .unreadableRow(let table, let row, let column, let reason):
            return
                "en gemt række kan ikke læses: tabellen \(table), række \(row), kolonnen \(column): \(reason) (er databasen ændret uden om Hjemtag?)"
        }
    }
}
