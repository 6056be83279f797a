import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    static let contentKeysFilledSetting = "indholdsnoegler_udfyldt"

    /// Gives every row stored before migration 0013 its content key, so a file imported before
    /// that version is found as a duplicate too. Runs once per store (a setting records it), one
    /// table at a time, each in its own transaction; an interrupted run goes on where it stopped.
    func fillContentKeys() async throws {
        if try await setting(SQLStore.contentKeysFilledSetting) == "1" { return }
        for table in ContentKeyedTable.all {
            while try await fillContentKeys(table, chunk: 10_000) > 0 {}
        }
        try await setSetting(SQLStore.contentKeysFilledSetting, "1")
    }

    /// Keys for up to `chunk` rows of `table` without one; how many it gave.
    private func fillContentKeys(_ table: String, chunk: Int) async throws -> Int {
        let missing = "WHERE content_key IS NULL ORDER BY id LIMIT \(chunk)"
        var keys: [(id: Int, key: ContentKey)] = []
        /// Positional reads keep the record's column order; the id is read after its columns.
        func positional(_ columns: [String], _ decode: @escaping @Sendable (PositionalRow) throws -> any ContentIdentified) async throws {
            keys = try await positionalRows(columns + ["id"], "FROM \(table) \(missing)") { row in
                (Int(try row.requiredInt(columns.count)), try decode(row).contentKey)
            }
        }
        func named(_ decode: @escaping (StoredRow) throws -> any ContentIdentified) async throws {
            keys = try await reading {
                try await rows(SQLQueryString("SELECT * FROM \(table) \(missing)"), table: table) { (try $0.int("id"), try decode($0).contentKey) }
            }
        }
        switch table {
        case "postings": try await positional(SQLStore.postingList, SQLStore.posting)
        case "benefit_payments": try await positional(SQLStore.benefitPaymentList, SQLStore.benefitPayment)
        case "subsidised_periods": try await positional(SQLStore.subsidisedPeriodList, SQLStore.subsidisedPeriod)
        case "yr_rows": try await positional(SQLStore.yrRowList, SQLStore.yrRow)
        case "households": try await named(SQLStore.membership)
        case "residence_episodes": try await named { try SQLStore.episode($0).episode }
        case "incoming_claims": try await named(SQLStore.incomingClaim)
        case "pension_grants": try await named(SQLStore.pensionGrant)
        case "integration_rows": try await named(SQLStore.integrationRow)
        case "vat_registrations": try await named(SQLStore.vatRegistration)
        default: preconditionFailure("no decoder for the content-keyed table \(table)")
        }
        guard !keys.isEmpty else { return 0 }
        try await transaction {
            for (id, key) in keys {
                try await db.raw("UPDATE \(unsafeRaw: table) SET content_key = \(bind: key.stored) WHERE id = \(bind: id)").run()
            }
        }
        return keys.count
    }
}
