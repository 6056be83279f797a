import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import NIOCore
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// Inserts batches of records inside the import's transaction (already holding the lock).
/// On SQLite the rows go through prepared statements on the connection itself
/// (`SQLiteRowInserter`), on PostgreSQL by COPY: SQLKit's generic serialisation and encoding cost
/// more than the database's own work (measured with perf; docs/PERFORMANCE.md).
struct BatchWriter: ImportWriter {
    let db: any SQLDatabase
    let sqlite: SQLiteConnection?
    let postgres: PostgresConnection?
    /// Nil on PostgreSQL, or if sqlite-nio's handle cannot be found (then the driver's way).
    let inserter: SQLiteRowInserter?
    let importID: Int
    /// What the import's postings add to the row count and to the citizens' departments, and the
    /// days its rows carry, written once when the file is through: a citizen has many postings in
    /// one department, and writing the pairs per batch made the database refuse the same pair
    /// thousands of times.
    let totals = ImportTotals()

    final class ImportTotals: Sendable {
        struct Gathered {
            var count = 0, pairs = Set<PersonDepartment>()
            /// The posting dates seen: the store's data years without a scan.
            var posted = DaySpan()
            /// The days the rows carry: the years the import can change (`ImportSummary.days`).
            var carried = DaySpan()
        }
        let state = Mutex(Gathered())

        func add(_ batch: Gathered) {
            state.withLock { t in
                t.count += batch.count
                t.pairs.formUnion(batch.pairs)
                t.posted.take(batch.posted)
                t.carried.take(batch.carried)
            }
        }
    }

    /// The first and last of the days taken.
    struct DaySpan {
        private(set) var range: ClosedRange<Day>?

        mutating func take(_ day: Day) { range = range.map { min($0.lowerBound, day)...max($0.upperBound, day) } ?? day...day }

        mutating func take(_ other: DaySpan) {
            guard let r = other.range else { return }
            take(r.lowerBound)
            take(r.upperBound)
        }
    }

    let deferredIndexes = DeferredIndexes()
    /// The tables this import wrote to and whether each was empty before, for the deferred
    /// indexes and the duplicate check at its end.
    let tables = WrittenTables()

    /// The file's size in bytes (0 when not known): with the rows already stored, whether the
    /// table's indexes are built after the rows (`firstWrite`).
    let expectedBytes: Int
    /// SDE's kept sums, when they take this import's postings as they are written.
    let sdeSums: ImportedSDESums?

    init(
        db: any SQLDatabase, sqlite: SQLiteConnection?, postgres: PostgresConnection?, importID: Int, expectedBytes: Int = 0,
        sdeSums: ImportedSDESums? = nil
    ) {
        self.expectedBytes = expectedBytes
        self.sdeSums = sdeSums
        self.db = db
        self.sqlite = sqlite
        self.postgres = postgres
        self.importID = importID
        inserter = sqlite.flatMap(SQLiteRowInserter.init(connection:))
    }

    /// On PostgreSQL, the COPY held open across the batches of a table.
    let copies = CopySessions()

    /// Lets go of the prepared statements and fails a COPY still open; called when the import's
    /// transaction ends either way.
    func close() {
        inserter?.close()
        copies.abandon()
    }

    /// Writes what was gathered over the whole file, then builds the indexes whose upkeep was
    /// deferred; called once, after the last batch. The citizens' departments are written first:
    /// written after, an empty `person_departments` had its index dropped and never built again.
    func finish() async throws {
        try await copies.end()
        let t = totals.state.withLock { t in
            defer { t = ImportTotals.Gathered() }
            return t
        }
        if t.count > 0 {
            try await db.raw("UPDATE row_counts SET n = n + \(bind: t.count) WHERE name = 'postings'").run()
            if let posted = t.posted.range { try await SQLStore.widenPostingSpan(posted, in: db) }
            // In batches: one statement for 100.000 citizens would pass the database's limit on binds.
            let pairs = Array(t.pairs)
            for start in stride(from: 0, to: pairs.count, by: ImportRunner.batchSize) {
                try await insert(
                    "person_departments", ["cpr", "department"],
                    pairs[start..<min(start + ImportRunner.batchSize, pairs.count)].map { [.text($0.cpr), .text($0.department)] },
                    ignoringDuplicates: true)
            }
        }
        if let carried = t.carried.range {
            try await db.raw(
                "UPDATE imports SET first_day = \(bind: carried.lowerBound.iso), last_day = \(bind: carried.upperBound.iso) WHERE id = \(bind: importID)"
            ).run()
        }
        let indexes = deferredIndexes.state.withLock { d in
            defer { d.definitions = [] }
            return d.definitions
        }
        if !indexes.isEmpty, sqlite != nil { try await db.raw(WriterCache.pragma(kib: WriterCache.usualKiB)).run() }
        for definition in indexes { try await db.raw(SQLQueryString(definition)).run() }
    }

    static let postingColumns = [
        "import_id", "line", "voucher", "posting_date", "amount_ore", "function_code", "dranst", "art", "cpr",
        "paragraph", "period_from", "period_to", "department", "paying_municipality", "cvr", "vat_ore", "text", "extra", "content_key",
    ]
    static let householdColumns = ["import_id", "line", "cpr", "household", "valid_from", "valid_to", "content_key"]

    /// Writes a batch: each row with its file line and, where the table keeps them, its content key.
    func write(_ batch: RecordBatch, rows origins: [RowOrigin]) async throws {
        precondition(origins.count == batch.count, "an origin for every record")
        /// The columns every row starts with: the import and the file line.
        func head(_ i: Int) -> [Value] { [.int(importID), .int(origins[i].line)] }
        switch batch {
        case .households(let list):
            try await insert(
                "households", BatchWriter.householdColumns,
                list.enumerated().map { i, h in head(i) + [.text(h.cpr.digits), .text(h.household), .day(h.from), .day(h.to), .int64(origins[i].key)]
                })
        case .benefitPayments(let list):
            carry(list.flatMap { [$0.period.start, $0.period.end] + ($0.paidOn.map { [$0] } ?? []) })
            try await insert(
                "benefit_payments",
                ["import_id", "line", "cpr", "benefit", "period_from", "period_to", "amount_ore", "paid_on", "source", "content_key"],
                list.enumerated().map { i, b in
                    head(i) + [
                        .text(b.cpr.digits), .text(b.benefit.code), .day(b.period.start), .day(b.period.end), .int64(b.amount.ore), .day(b.paidOn),
                        .text(b.source), .int64(origins[i].key),
                    ]
                })
        case .subsidisedPeriods(let list):
            carry(list.flatMap { [$0.period.start, $0.period.end] })
            try await insert(
                "subsidised_periods", ["import_id", "line", "cpr", "scheme", "valid_from", "valid_to", "content_key"],
                list.enumerated().map { i, s in
                    head(i) + [.text(s.cpr.digits), .text(s.scheme), .day(s.period.start), .day(s.period.end), .int64(origins[i].key)]
                })
        case .yrRows(let list):
            carry(list.flatMap { [$0.week.monday, $0.week.sunday, $0.fileDate] })
            try await insert(
                "yr_rows",
                [
                    "import_id", "line", "municipality", "file_date", "week", "cpr", "benefit_name", "benefit", "reported_ore",
                    "computed_ore", "refund_rate", "refund_ore", "cofinancing_rate", "cofinancing_ore", "financing_municipality", "content_key",
                ],
                list.enumerated().map { i, y in
                    head(i) + [
                        .int(y.municipality), .day(y.fileDate), .day(y.week.monday), .text(y.cpr.digits),
                        .text(y.benefitName), .text(y.benefit?.code), .int64(y.reported.ore), .int64(y.computed.ore),
                        .text(y.refundRate.map(BatchWriter.rateText)), .int64(y.refund.ore), .text(y.coFinancingRate.map(BatchWriter.rateText)),
                        .int64(y.coFinancing.ore), .text(y.financingMunicipality), .int64(origins[i].key),
                    ]
                })
        case .residence(let list):
            try await insert(
                "residence_episodes",
                ["import_id", "line", "cpr", "valid_from", "valid_to", "municipality", "housing", "offer", "referral", "legal_basis", "content_key"],
                list.enumerated().map { i, e in
                    head(i) + [
                        .text(e.cpr.digits), .day(e.from), .day(e.to), .int(e.municipality),
                        .text(e.housing.rawValue), .text(e.offer), .text(e.referral.code), .text(e.legalBasis), .int64(origins[i].key),
                    ]
                })
        case .incomingClaims(let list):
            try await insert(
                "incoming_claims",
                [
                    "import_id", "line", "reference", "from_municipality", "cpr", "period_from", "period_to", "amount_ore",
                    "legal_basis", "received_on", "content_key",
                ],
                list.enumerated().map { i, c in
                    head(i) + [
                        .text(c.reference), .int(c.fromMunicipality), .text(c.cpr.digits), .day(c.period.start),
                        .day(c.period.end), .int64(c.amount.ore), .text(c.legalBasis), .day(c.receivedOn), .int64(origins[i].key),
                    ]
                })
        case .pensionGrants(let list):
            try await insert(
                "pension_grants", ["import_id", "line", "cpr", "granted_on", "granting_municipality", "content_key"],
                list.enumerated().map { i, g in
                    head(i) + [.text(g.cpr.digits), .day(g.grantedOn), .int(g.grantingMunicipality), .int64(origins[i].key)]
                })
        case .budgetRows(let list):
            // A budget table is replaced by its newest import, so its rows have no content key.
            try await insert(
                "budget_rows",
                ["import_id", "line", "budget_table", "row_type", "name", "category", "year", "reference_year", "model", "amount_ore"],
                list.enumerated().map { i, r in
                    head(i) + [
                        .text(r.table.rawValue), .text(r.type), .text(r.name), .text(r.category), .int(r.year),
                        .int(r.referenceYear), .int(r.model), .int64(r.amount?.ore),
                    ]
                })
        case .integration(let list):
            try await insert(
                "integration_rows",
                ["import_id", "line", "cpr", "program_start", "event", "valid_from", "valid_to", "hours", "supported", "exam", "content_key"],
                list.enumerated().map { i, r in
                    head(i) + [
                        .text(r.cpr.digits), .day(r.programStart), .text(r.event?.kind.rawValue),
                        .day(r.event?.from), .day(r.event?.to), .text(r.event?.hoursPerWeek.map(BatchWriter.rateText)),
                        .int(r.event?.supported == true ? 1 : 0), .text(r.event?.exam), .int64(origins[i].key),
                    ]
                })
        case .positiveList(let list):
            // Each year's list is replaced by the newest import that has the year: no content key.
            try await insert(
                "positive_list", ["import_id", "line", "year", "function_code", "art", "rate", "ownership4"],
                list.enumerated().map { i, e in
                    head(i) + [
                        .int(e.year), .text(e.function.description), .text(e.art), .text(BatchWriter.rateText(e.rate)),
                        .int(e.requiresOwnership4 ? 1 : 0),
                    ]
                })
        case .tariffs(let list):
            try await insert(
                "tariffs",
                ["import_id", "line", "offer", "unit", "amount_ore", "valid_from", "valid_to", "basis", "function_code", "paragraph", "department"],
                list.enumerated().map { i, t in
                    head(i) + [
                        .text(t.offer), .text(t.unit.rawValue), .int64(t.amount.ore), .day(t.period.start), .day(t.period.end), .text(t.basis),
                        .text(t.function.description), .text(t.paragraph), .text(t.department),
                    ]
                })
        case .internalUses(let list):
            try await insert(
                "internal_uses", ["import_id", "line", "cpr", "offer", "valid_from", "valid_to", "hours"],
                list.enumerated().map { i, u in
                    head(i) + [
                        .text(u.cpr.digits), .text(u.offer), .day(u.period.start), .day(u.period.end),
                        .text(u.hours.map(BatchWriter.rateText)),
                    ]
                })
        case .scenarioCases(let list):
            try await insert(
                "scenario_cases",
                [
                    "import_id", "line", "cpr", "valid_from", "monthly_cost_ore", "legal_basis", "benefit", "valid_to", "function_code",
                    "initiative", "text",
                ],
                list.enumerated().map { i, c in
                    head(i) + [
                        .text(c.cpr.digits), .day(c.from), .int64(c.monthlyCost?.ore), .text(c.legalBasis), .text(c.benefit), .day(c.end),
                        .text(c.function?.description), .text(c.initiative), .text(c.text),
                    ]
                })
        case .forecastPayments(let list):
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            try await insert(
                "os2bos_forecast",
                [
                    "import_id", "line", "voucher", "due_date", "amount_ore", "function_code", "cpr", "paragraph", "period_from", "period_to",
                    "department", "paying_municipality", "text", "extra",
                ],
                try list.enumerated().map { i, p in
                    head(i) + [
                        .text(p.voucher), .day(p.date), .int64(p.amount.ore), .text(p.function.description), .text(p.cpr?.digits), .text(p.paragraph),
                        .day(p.period?.start), .day(p.period?.end), .text(p.department), .int(p.payingMunicipality), .text(p.text),
                        .text(String(decoding: try encoder.encode(p.extra), as: UTF8.self)),
                    ]
                })
        case .sensumCitizens(let list):
            try await insert(
                "sensum_citizens", ["import_id", "line", "citizen_id", "cpr", "residence_municipality"],
                list.enumerated().map { i, c in head(i) + [.text(c.citizenID), .text(c.cpr.digits), .int(c.residenceMunicipality)] })
        case .sensumCases(let list):
            try await insert(
                "sensum_cases",
                [
                    "import_id", "line", "case_id", "citizen_id", "acting_municipality", "paying_municipality", "opened", "closed", "section",
                    "department",
                ],
                list.enumerated().map { i, c in
                    head(i) + [
                        .text(c.caseID), .text(c.citizenID), .int(c.actingMunicipality), .int(c.payingMunicipality), .day(c.opened), .day(c.closed),
                        .text(c.expectedSection), .text(c.department),
                    ]
                })
        case .sensumServices(let list):
            try await insert(
                "sensum_services",
                [
                    "import_id", "line", "service_id", "case_id", "name", "section", "provider_id", "status", "valid_from", "valid_to", "account",
                    "refund_account",
                ],
                list.enumerated().map { i, s in
                    head(i) + [
                        .text(s.serviceID), .text(s.caseID), .text(s.name), .text(s.section), .text(s.providerID), .text(s.status), .day(s.start),
                        .day(s.end), .text(s.account), .text(s.refundAccount),
                    ]
                })
        case .sensumProviders(let list):
            try await insert(
                "sensum_providers", ["import_id", "line", "provider_id", "name", "cvr", "ownership", "own_offer"],
                list.enumerated().map { i, p in
                    head(i) + [.text(p.providerID), .text(p.name), .text(p.cvr), .text(p.ownership), .int(p.ownOffer ? 1 : 0)]
                })
        case .vatRegistrations(let list):
            try await insert(
                "vat_registrations", ["import_id", "line", "cvr", "valid_from", "valid_to", "operating_agreement", "content_key"],
                list.enumerated().map { i, r in
                    head(i) + [.text(r.cvr), .day(r.from), .day(r.to), .int(r.operatingAgreement ? 1 : 0), .int64(origins[i].key)]
                })
        case .postings:
            try await prepare(batch, rows: origins).run()
        }
    }

    /// Adds days a batch of the staircase's rows carries to the import's (`ImportSummary.days`).
    func carry(_ days: [Day]) {
        var gathered = ImportTotals.Gathered()
        for day in days { gathered.carried.take(day) }
        totals.add(gathered)
    }

    /// A batch of postings gets its rows made, and what it adds to the totals gathered, ahead of
    /// its turn: only the INSERT and the SDE sums wait for the batches before it (issue 22 § 5).
    /// Other kinds are small files and are written as they come.
    func prepare(_ batch: RecordBatch, rows origins: [RowOrigin]) throws -> PreparedWrite {
        guard case .postings(let postings) = batch else { return PreparedWrite { try await write(batch, rows: origins) } }
        guard !postings.isEmpty else { return PreparedWrite {} }
        precondition(origins.count == postings.count, "an origin for every record")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let rows: [[Value]] = try postings.enumerated().map { i, p in
            let extra = p.extra.isEmpty ? nil : String(decoding: try encoder.encode(p.extra), as: UTF8.self)
            // One literal, not `head(i) + …`: two arrays a row was a tenth of the writer's time.
            return [
                .int(importID), .int(origins[i].line), .text(p.voucher), .day(p.date), .int64(p.amount.ore), .text(p.function.description),
                .text(p.dranst), .text(p.art), .text(p.cpr?.digits), .text(p.paragraph), .day(p.period?.start),
                .day(p.period?.end), .text(p.department), .int(p.payingMunicipality), .text(p.cvr), .int64(p.vat?.ore),
                .text(p.text), .text(extra), .int64(origins[i].key),
            ]
        }
        // The batch's own first, so the shared totals are held only for a merge. They add up
        // the same in any order; a batch prepared and never written belongs to a failed import,
        // whose totals are thrown away with it.
        var gathered = ImportTotals.Gathered()
        gathered.count = rows.count
        for p in postings {
            gathered.posted.take(p.date)
            gathered.carried.take(p.date)
            if let period = p.period {
                gathered.carried.take(period.start)
                gathered.carried.take(period.end)
            }
            if let cpr = p.cpr, let department = p.department { gathered.pairs.insert(.init(cpr: cpr.digits, department: department)) }
        }
        totals.add(gathered)
        return PreparedWrite {
            try await insert("postings", BatchWriter.postingColumns, rows)
            await sdeSums?.add(postings)
        }
    }

    struct PersonDepartment: Hashable, Sendable { let cpr: String, department: String }

    /// `ignoringDuplicates`: a row whose key is already there is left out (an index kept by
    /// the import, like a citizen's departments).
    private func insert(_ table: String, _ columns: [String], _ rows: [[Value]], ignoringDuplicates: Bool = false) async throws {
        guard !rows.isEmpty else { return }
        if postgres != nil { try await copies.end(unlessInto: table) }
        let rebuilt = try await firstWrite(to: table)
        if let inserter {
            if rebuilt == true { try await deferIndexes(of: table) }
            // On this task's thread, not the driver's pool: SQLite is the import's critical
            // path, and two thread hops a batch kept it waiting.
            try inserter.insert(table, columns, rows, ignoringDuplicates: ignoringDuplicates)
            return
        }
        if let sqlite {
            let sql = SQLiteRowInserter.sql(table, columns, rows: rows.count, ignoringDuplicates ? "ON CONFLICT DO NOTHING" : "")
            var binds: [SQLiteData] = []
            binds.reserveCapacity(rows.count * columns.count)
            for row in rows { for v in row { binds.append(v.sqlite) } }
            let _: Void = try await sqlite.query(sql, binds) { _ in }
            return
        }
        if let postgres, !ignoringDuplicates {
            if rebuilt == true { try await deferIndexes(of: table) }
            // PostgreSQL's bulk load: one COPY for all the table's batches, inside the import's transaction.
            try await copies.session(for: table, columns: columns, on: postgres).write(Value.copyText(rows))
            tables.noteKeys(of: rows, columns: columns, in: table)
            return
        }
        let builder = db.insert(into: table).columns(columns)
        for row in rows { builder.values(row.map(\.bind)) }
        if ignoringDuplicates { builder.ignoringConflicts() }
        try await builder.run()
    }

}
