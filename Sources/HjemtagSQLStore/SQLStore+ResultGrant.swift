import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    public func integrationRows() async throws -> [IntegrationRow] {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT * FROM integration_rows ORDER BY cpr, id", table: "integration_rows", SQLStore.integrationRow)
        }
    }

    static func integrationRow(_ r: StoredRow) throws -> IntegrationRow {
        let cpr = try r.cpr("cpr")
        let start = try r.day("program_start")
        // A row without an event is the programme's start alone.
        var event: IntegrationEvent?
        if let kind = try r.optionalValue("event", as: IntegrationEventKind.self) {
            event = IntegrationEvent(
                cpr: cpr, programStart: start, kind: kind, from: try r.day("valid_from"), to: try r.optionalDay("valid_to"),
                hoursPerWeek: try r.optionalRate("hours"), supported: try r.bool("supported"),
                exam: try r.optionalText("exam"), line: try r.int("line"))
        }
        return IntegrationRow(cpr: cpr, programStart: start, event: event)
    }
}
