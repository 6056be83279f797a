import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func storedParameterValues() async throws -> [StoredParameterValue] {
        try await requireMigrated()
        return try await locked {
            try await rows("SELECT * FROM parameter_values ORDER BY id", table: "parameter_values") { r in
                let v = DatedValue(
                    from: try r.day("valid_from"), to: try r.optionalDay("valid_to"), value: try r.text("value"),
                    source: try r.text("source"), checked: try r.day("checked_on"), note: try r.optionalText("note"),
                    enteredBy: try r.text("entered_by"))
                return StoredParameterValue(parameterID: try r.text("parameter_id"), value: v)
            }
        }
    }

    public func addParameterValue(_ id: String, _ value: DatedValue) async throws {
        try await requireMigrated()
        try await transaction {
            try await db.raw(
                """
                INSERT INTO parameter_values (parameter_id, valid_from, valid_to, value, source, checked_on, note, entered_by, entered_at)
                VALUES (\(bind: id), \(bind: value.from.iso), \(bind: value.to?.iso), \(bind: value.value), \(bind: value.source),
                        \(bind: value.checked.iso), \(bind: value.note), \(bind: value.enteredBy ?? "ukendt"), \(bind: SQLStore.now()))
                """
            ).run()
        }
    }
}
