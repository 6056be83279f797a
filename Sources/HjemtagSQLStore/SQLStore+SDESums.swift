import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// SDE's sums (`SDECostSums`, migration 0031): which postings they hold is kept beside them, as
/// the configuration they were classified under, the imports summed and the retention deletions
/// seen. Imports only add rows, so a new import is added to the sums; a changed configuration or
/// a deletion sums every posting again.
extension SQLStore {
    static let sdeSumMonthColumns = (1...12).map { "m" + zeroPad($0, 2) } + (1...12).map { "a" + zeroPad($0, 2) }
    static let sdeSumColumns = ["year", "cpr", "department"] + sdeSumMonthColumns + ["before_birthday", "claimed"]
    static let sdeSumQualityColumns = [
        "year", "without_cpr_count", "without_cpr_ore", "one_off_count", "one_off_ore", "other_payer_ore", "objectively_financed_ore",
    ]

    struct SDESumsState: Equatable, Sendable {
        var configuration: String
        var imports: Set<Int>
        var deletions: Int
    }

    public func refreshSDESums(configuration: SDEConfiguration) async throws -> SDESumsRefresh {
        try await requireMigrated()
        let described = SQLStore.described(configuration)
        // Another process may bring them up to date at the same time: the write checks that the
        // state is still the one read here, and otherwise this starts over from what it wrote.
        for _ in 0..<5 {
            let before = try await reading { try await sdeSumsState() }
            let (imports, payments) = try await reading { try await postingImports() }
            let deletions = try await retentionDeletions()
            let summable = imports.subtracting(payments)
            let adding: Bool
            let reading: Set<Int>
            if let before, before.configuration == described, before.deletions == deletions, before.imports.isSubset(of: summable) {
                reading = summable.subtracting(before.imports)
                if reading.isEmpty { return .current }
                adding = true
            } else {
                reading = summable
                adding = false
            }
            let sums = SumsBox(SDECostSums(configuration: configuration))
            if !reading.isEmpty {
                let list = reading.sorted().map(String.init).joined(separator: ",")
                try await eachRow(SQLStore.postingList, "FROM postings WHERE import_id IN (\(list))") { row in
                    sums.add(try SQLStore.posting(row))
                }
            }
            let after = SDESumsState(configuration: described, imports: summable, deletions: deletions)
            let written = try await transaction {
                guard try await sdeSumsState() == before else { return false }
                if !adding { try await forgetSDESums() }
                try await write(sums.value)
                try await writeState(after)
                return true
            }
            if written { return adding ? .added(imports: reading.count, postings: sums.count) : .rebuilt(postings: sums.count) }
        }
        throw StoreError.cannotOpen("SDE-summerne blev ændret af en anden proces under opdateringen; prøv igen")
    }

    public func sdeSums(year: Int, _ row: @escaping @Sendable (CPR, Int, String, SDECostSums.Row) -> Void) async throws -> SDEDataQuality {
        try await requireMigrated()
        let read: @Sendable (PositionalRow) throws -> Void = { r in
            var months = [Int64](repeating: 0, count: 12)
            var aftercare = [Int64](repeating: 0, count: 12)
            for i in 0..<12 {
                months[i] = try r.requiredInt(3 + i)
                aftercare[i] = try r.requiredInt(15 + i)
            }
            row(
                try r.requiredCPR(1), Int(try r.requiredInt(0)), try r.requiredText(2),
                SDECostSums.Row(months: months, aftercare: aftercare, beforeBirthday: try r.requiredInt(27), claimed: try r.requiredInt(28)))
        }
        // The year's rows by the primary key, the few others through the partial index.
        try await eachRow(SQLStore.sdeSumColumns, "FROM sde_sums WHERE year = \(year)", read)
        try await eachRow(SQLStore.sdeSumColumns, "FROM sde_sums WHERE before_birthday <> 0 AND year <> \(year)", read)
        let counts = try await positionalRows(SQLStore.sdeSumQualityColumns, "FROM sde_sums_quality WHERE year = \(year)") { r in
            var q = SDEDataQuality()
            q.withoutCPRCount = Int(try r.requiredInt(1))
            q.withoutCPRAmount = Money(ore: try r.requiredInt(2))
            q.oneOffCount = Int(try r.requiredInt(3))
            q.oneOffAmount = Money(ore: try r.requiredInt(4))
            q.otherPayerAmount = Money(ore: try r.requiredInt(5))
            q.objectivelyFinancedAmount = Money(ore: try r.requiredInt(6))
            return q
        }
        return counts.first ?? SDEDataQuality()
    }

    public func sdeParentLinks() async throws -> [SDECostSums.ParentLink] {
        try await requireMigrated()
        return try await positionalRows(["child", "parent"], "FROM sde_sums_links ORDER BY child, parent") {
            SDECostSums.ParentLink(child: try $0.requiredText(0), parent: try $0.requiredText(1))
        }
    }

    public func forEachViewedPosting(_ body: @escaping @Sendable (_ summed: Posting?, _ counted: Posting?) -> Void) async throws {
        try await requireMigrated()
        let view = try await costView()
        let payments = try await reading { try await postingImports().payments }
        if !payments.isEmpty {
            let list = payments.sorted().map(String.init).joined(separator: ",")
            try await eachRow(SQLStore.postingList + ["id"], "FROM postings WHERE import_id IN (\(list)) ORDER BY id") { row in
                body(nil, view.apply(id: try row.requiredInt(17), try SQLStore.posting(row)))
            }
        }
        let changed = Set(view.attributions.keys).union(view.services.keys).sorted()
        for start in stride(from: 0, to: changed.count, by: 5_000) {
            for (id, posting) in try await postings(ids: Array(changed[start..<min(start + 5_000, changed.count)])) {
                body(posting, view.apply(id: id, posting))
            }
        }
        for c in try await tariffCosts() { body(nil, c.posting) }
    }

    /// Inside the import's transaction: the sums a ledger file's postings are added to as they are
    /// written, when the stored sums were classified under the import's configuration and have
    /// seen every retention deletion (or there are none yet); otherwise nil, and the next
    /// computation sums what it must, as before.
    func sdeSumsTaking(_ meta: ImportMeta) async throws -> ImportedSDESums? {
        guard let configuration = meta.sdeSums, ImportKind.summedAsStored.contains(meta.kind) else { return nil }
        let described = SQLStore.described(configuration)
        let deletions = try await countedRetentionDeletions()
        let state = try await sdeSumsState() ?? SDESumsState(configuration: described, imports: [], deletions: deletions)
        guard state.configuration == described, state.deletions == deletions else { return nil }
        return ImportedSDESums(state: state, configuration: configuration)
    }

    /// Inside the import's transaction, after its rows: its sums added to the stored ones, and the
    /// import to the imports they hold.
    func keep(_ imported: ImportedSDESums, importID: Int) async throws {
        var after = imported.state
        after.imports.insert(importID)
        try await write(await imported.value())
        try await writeState(after)
    }

    /// Inside the deletion's transaction: the sums are emptied and summed again when next used.
    func forgetSDESums() async throws {
        for table in ["sde_sums", "sde_sums_quality", "sde_sums_links", "sde_sums_state"] { try await exec("DELETE FROM \(table)") }
    }

    // MARK: reading and writing, inside the caller's lock or transaction

    private func sdeSumsState() async throws -> SDESumsState? {
        guard let r = try await rows("SELECT configuration, imports, deletions FROM sde_sums_state WHERE id = 1").first else { return nil }
        let imports = try r.decode(column: "imports", as: String.self).split(separator: ",").compactMap { Int($0) }
        return SDESumsState(
            configuration: try r.decode(column: "configuration", as: String.self), imports: Set(imports),
            deletions: try r.decode(column: "deletions", as: Int.self))
    }

    private func writeState(_ state: SDESumsState) async throws {
        try await exec("DELETE FROM sde_sums_state")
        try await db.raw(
            """
            INSERT INTO sde_sums_state (id, configuration, imports, deletions)
            VALUES (1, \(bind: state.configuration), \(bind: state.imports.sorted().map(String.init).joined(separator: ",")), \(bind: state.deletions))
            """
        ).run()
    }

    /// Every import (by id) and those of OS2bos payments, whose rows the sums leave out.
    private func postingImports() async throws -> (all: Set<Int>, payments: Set<Int>) {
        var all: Set<Int> = []
        var payments: Set<Int> = []
        for r in try await rows("SELECT id, kind FROM imports") {
            let id = try r.decode(column: "id", as: Int.self)
            all.insert(id)
            if try r.decode(column: "kind", as: String.self) == ImportKind.os2bosPayments.rawValue { payments.insert(id) }
        }
        return (all, payments)
    }

    /// The configuration as the state keeps it: a different text means classified differently.
    static func described(_ c: SDEConfiguration) -> String {
        "kommune=\(c.ownMunicipality);indtaegt=\(c.incomeFunctions.map(\.description).sorted().joined(separator: ","));objektiv="
            + c.objectivelyFinanced.map(\.description).sorted().joined(separator: ",")
    }

    /// Adds the sums to the stored ones, row by row (a row not yet stored is inserted); in parts,
    /// so half a million persons' rows are never held as bound values at once (370 MB at
    /// Copenhagen's size).
    private func write(_ sums: SDECostSums) async throws {
        let keys = sums.rows.keys.sorted { ($0.year, $0.cpr, $0.department) < ($1.year, $1.cpr, $1.department) }
        for start in stride(from: 0, to: keys.count, by: 10_000) {
            let rows: [[BatchWriter.Value]] = keys[start..<min(start + 10_000, keys.count)].compactMap { key in
                guard let row = sums.rows[key], !row.isZero else { return nil }
                return [.int(key.year), .text(key.cpr), .text(key.department)]
                    + (row.months + row.aftercare + [row.beforeBirthday, row.claimed]).map { .int64($0) }
            }
            try await upsert("sde_sums", SQLStore.sdeSumColumns, rows, key: ["year", "cpr", "department"])
        }
        let quality: [[BatchWriter.Value]] = sums.quality.sorted { $0.key < $1.key }.map { year, q in
            [
                .int(year), .int(q.withoutCPRCount), .int64(q.withoutCPRAmount.ore), .int(q.oneOffCount), .int64(q.oneOffAmount.ore),
                .int64(q.otherPayerAmount.ore), .int64(q.objectivelyFinancedAmount.ore),
            ]
        }
        let links: [[BatchWriter.Value]] = sums.links.sorted { ($0.child, $0.parent) < ($1.child, $1.parent) }.map {
            [.text($0.child), .text($0.parent)]
        }
        try await upsert("sde_sums_quality", SQLStore.sdeSumQualityColumns, quality, key: ["year"])
        try await upsert("sde_sums_links", ["child", "parent"], links, key: ["child", "parent"], adding: false)
    }

    /// Inserts `rows`; where a row with the same `key` is stored, its other columns are added to
    /// (`adding`) or it is left as it is.
    private func upsert(_ table: String, _ columns: [String], _ rows: [[BatchWriter.Value]], key: [String], adding: Bool = true) async throws {
        let values = columns.filter { !key.contains($0) }
        let conflict =
            "ON CONFLICT (\(key.joined(separator: ", "))) "
            + (adding ? "DO UPDATE SET " + values.map { "\($0) = \(table).\($0) + excluded.\($0)" }.joined(separator: ", ") : "DO NOTHING")
        try await bulkInsert(table, columns, rows, onConflict: conflict)
    }
}

/// An import's postings on their way into SDE's sums, batch by batch as the writer stores them:
/// summed in a chain of their own beside the writer's, which then does not wait for them (on the
/// writer's chain they were 3-4 % of the 10 M import's samples, and its time), unless `depth` batches are waiting
/// to be summed: then the writer waits for the oldest, so a slow summing cannot hold the file.
final class ImportedSDESums: Sendable {
    /// What the stored sums held when the import began.
    let state: SQLStore.SDESumsState
    private let sums: Mutex<SDECostSums>
    /// The batches handed over and perhaps not yet summed, oldest first; each waits for the one
    /// before, so batches are summed in order.
    private let pending = Mutex<[Task<Void, Never>]>([])
    static let depth = 8
    init(state: SQLStore.SDESumsState, configuration: SDEConfiguration) {
        self.state = state
        sums = Mutex(SDECostSums(configuration: configuration))
    }
    func add(_ postings: [Posting]) async {
        let oldest: Task<Void, Never>? = pending.withLock { pending in
            let before = pending.last
            pending.append(
                Task {
                    await before?.value
                    sums.withLock { for p in postings { $0.add(p) } }
                })
            return pending.count > ImportedSDESums.depth ? pending.removeFirst() : nil
        }
        await oldest?.value
    }
    /// Every batch handed over, summed.
    func value() async -> SDECostSums {
        await pending.withLock { $0.last }?.value
        return sums.withLock { $0 }
    }
}

/// Lets the streaming read feed the sums from the driver's thread.
private final class SumsBox: @unchecked Sendable {
    private let lock = NSLock()
    private var sums: SDECostSums
    private(set) var count = 0
    init(_ sums: SDECostSums) { self.sums = sums }
    func add(_ posting: Posting) {
        lock.lock()
        sums.add(posting)
        count += 1
        lock.unlock()
    }
    var value: SDECostSums {
        lock.lock()
        defer { lock.unlock() }
        return sums
    }
}
