import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

extension SQLStore {
    /// Each year's positive list from the newest import that has that year.
    public func positiveList() async throws -> [PositiveListEntry] {
        try await requireMigrated()
        return try await reading {
            try await rows(
                """
                SELECT p.* FROM positive_list p
                WHERE p.import_id = (SELECT MAX(q.import_id) FROM positive_list q WHERE q.year = p.year) ORDER BY p.id
                """, table: "positive_list"
            ) { r in
                let code = try r.text("function_code")
                guard let function = AccountFunction(parsing: code) else {
                    throw r.failure("function_code", "'\(code)' er ikke en funktion i kontoplanen")
                }
                return PositiveListEntry(
                    year: try r.int("year"), function: function, art: try r.optionalText("art"), rate: try r.rate("rate"),
                    requiresOwnership4: try r.bool("ownership4"))
            }
        }
    }

    public func vatRegistrations() async throws -> [VATRegistration] {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT * FROM vat_registrations ORDER BY id", table: "vat_registrations", SQLStore.vatRegistration)
        }
    }

    static func vatRegistration(_ r: StoredRow) throws -> VATRegistration {
        VATRegistration(
            cvr: try r.text("cvr"), from: try r.day("valid_from"), to: try r.optionalDay("valid_to"),
            operatingAgreement: try r.bool("operating_agreement"))
    }
}
