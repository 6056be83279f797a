import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func storedParameterValues() async throws -> [StoredParameterValue] {
        try await requireMigrated()
        return try await reading { try await keptInput(parameterValuesKept) { try await parameterRows() } }
    }

    private func parameterRows() async throws -> [StoredParameterValue] {
        try await rows("SELECT * FROM parameter_values ORDER BY id", table: "parameter_values") { r in
            let v = DatedValue(
                from: try r.day("valid_from"), to: try r.optionalDay("valid_to"), value: try r.text("value"),
                source: try r.text("source"), checked: try r.day("checked_on"), note: try r.optionalText("note"),
                enteredBy: try r.text("entered_by"))
            let withdrawal = try r.optionalText("withdrawn_by").map { by in
                StoredParameterValue.Withdrawal(by: by, at: try r.text("withdrawn_at"), reason: try r.text("withdrawn_reason"))
            }
            return StoredParameterValue(
                entry: try r.int("id"), parameterID: try r.text("parameter_id"), value: v, enteredAt: try r.text("entered_at"),
                supersededBy: try r.optionalInt("superseded_by"), withdrawal: withdrawal)
        }
    }

    public func addParameterValues(_ entries: [ParameterEntry], by user: String, origin: String) async throws -> [StoredParameterValue] {
        try await requireMigrated()
        return try await transaction {
            var stored: [StoredParameterValue] = []
            for e in entries {
                let v = e.value
                let now = SQLStore.now()
                let replaced = try await parameterRows().filter {
                    $0.isActive && $0.parameterID == e.parameterID && $0.value.from == v.from && $0.value.to == v.to
                }
                let inserted = try await rows(
                    """
                    INSERT INTO parameter_values (parameter_id, valid_from, valid_to, value, source, checked_on, note, entered_by, entered_at)
                    VALUES (\(bind: e.parameterID), \(bind: v.from.iso), \(bind: v.to?.iso), \(bind: v.value), \(bind: v.source),
                            \(bind: v.checked.iso), \(bind: v.note), \(bind: v.enteredBy ?? user), \(bind: now))
                    RETURNING id
                    """)
                let id = try inserted[0].decode(column: "id", as: Int.self)
                for old in replaced {
                    try await db.raw("UPDATE parameter_values SET superseded_by = \(bind: id) WHERE id = \(bind: old.entry)").run()
                }
                let corrected = replaced.map { " (erstatter nr. \($0.entry): \($0.value.value))" }.joined()
                try await insertAudit(
                    user, replaced.isEmpty ? .parameterEntered : .parameterCorrected, page: "parameter \(e.parameterID)",
                    purpose: "nr. \(id): \(v.value) for \(v.periodText)\(corrected); kilde: \(v.source); \(origin)"
                        + (v.note.map { "; note: \($0)" } ?? ""))
                stored.append(
                    StoredParameterValue(entry: id, parameterID: e.parameterID, value: v, enteredAt: now, supersededBy: nil, withdrawal: nil))
            }
            return stored
        }
    }

    public func withdrawParameterValue(entry: Int, by user: String, reason: String) async throws -> StoredParameterValue {
        try await requireMigrated()
        return try await transaction {
            guard var found = try await parameterRows().first(where: { $0.entry == entry }) else {
                throw ParameterEntryError.notFound(entry: entry)
            }
            guard found.isActive else { throw ParameterEntryError.notActive(entry: entry, state: found.stateText) }
            let now = SQLStore.now()
            try await db.raw(
                """
                UPDATE parameter_values SET withdrawn_by = \(bind: user), withdrawn_at = \(bind: now), withdrawn_reason = \(bind: reason)
                WHERE id = \(bind: entry)
                """
            ).run()
            try await insertAudit(
                user, .parameterWithdrawn, page: "parameter \(found.parameterID)",
                purpose: "nr. \(entry): \(found.value.value) for \(found.value.periodText); begrundelse: \(reason)")
            found.withdrawal = .init(by: user, at: now, reason: reason)
            return found
        }
    }

    public func dataYears() async throws -> [Scheme: ClosedRange<Int>] {
        try await requireMigrated()
        // The first and last day of each scheme's own data; a range of years between them.
        // The postings' span is kept by the import (`posting_span`). The benefit payments (252.445
        // rows at Copenhagen's size) are scanned, so the answer is kept at the inputs' version,
        // which an import and a retention deletion, the only writes to these tables, move.
        let sources: [(Scheme, String)] = [
            (.staircase, "SELECT MIN(period_from) AS a, MAX(period_to) AS b FROM benefit_payments"),
            (.resultGrant, "SELECT MIN(program_start) AS a, MAX(COALESCE(valid_to, valid_from, program_start)) AS b FROM integration_rows"),
        ]
        return try await reading {
            try await keptInput(dataYearsKept) {
                var years: [Scheme: ClosedRange<Int>] = [:]
                if let span = try await postingSpan() {
                    years[.sde] = span.lowerBound.year...span.upperBound.year
                    years[.intermunicipal] = years[.sde]
                }
                for (scheme, query) in sources {
                    let found = try await rows(SQLQueryString(query), table: "data_years") { r in (try r.optionalDay("a"), try r.optionalDay("b")) }
                    guard let (first, last) = found.first, let a = first, let b = last, a <= b else { continue }
                    years[scheme] = a.year...b.year
                }
                return years
            }
        }
    }
}
