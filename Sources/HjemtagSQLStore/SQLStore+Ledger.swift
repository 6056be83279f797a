import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import Logging
import PostgresKit
import SQLKit
import SQLiteKit

extension SQLStore {
    public func postingCount() async throws -> Int {
        // Kept in the same transactions that insert and delete postings: a COUNT(*) over ten
        // million rows on every dashboard view would cost half a second.
        try await reading { try await rows("SELECT n FROM row_counts WHERE name = 'postings'")[0].decode(column: "n", as: Int.self) }
    }

    /// The first and last posting date in the store, kept like the count: the data years of the
    /// parameter check (the worklist, the robot) would otherwise scan ten million postings twice.
    func postingSpan() async throws -> ClosedRange<Day>? {
        let found = try await rows("SELECT first_day, last_day FROM posting_span WHERE id = 1", table: "posting_span") { r in
            (try r.optionalDay("first_day"), try r.optionalDay("last_day"))
        }
        guard let (first, last) = found.first, let a = first, let b = last, a <= b else { return nil }
        return a...b
    }

    /// An import's postings widen the span in the import's transaction.
    static func widenPostingSpan(_ span: ClosedRange<Day>, in db: any SQLDatabase) async throws {
        let r = try await db.raw("SELECT first_day, last_day FROM posting_span WHERE id = 1").first()
        let first = try r?.decode(column: "first_day", as: String?.self).flatMap { Day(parsing: $0) }
        let last = try r?.decode(column: "last_day", as: String?.self).flatMap { Day(parsing: $0) }
        let a = min(first ?? span.lowerBound, span.lowerBound)
        let b = max(last ?? span.upperBound, span.upperBound)
        try await db.raw("UPDATE posting_span SET first_day = \(bind: a.iso), last_day = \(bind: b.iso) WHERE id = 1").run()
    }

    /// A deletion may take the first or the last day with it: read again from what is left, in
    /// the deletion's transaction (the retention rule runs a few times a year).
    func recountPostingSpan() async throws {
        try await exec(
            "UPDATE posting_span SET first_day = (SELECT MIN(posting_date) FROM postings), last_day = (SELECT MAX(posting_date) FROM postings) WHERE id = 1"
        )
    }

    public func latestPostingDate() async throws -> Day? {
        try await reading {
            let r = try await rows("SELECT MAX(posting_date) AS d FROM postings WHERE import_id = (SELECT MAX(import_id) FROM postings)")
            return try r.first?.decode(column: "d", as: String?.self).flatMap { Day(parsing: $0) }
        }
    }

    /// The order `posting(_:)` reads them in.
    static let postingList = [
        "line", "voucher", "posting_date", "amount_ore", "function_code", "dranst", "art", "cpr", "paragraph",
        "period_from", "period_to", "department", "paying_municipality", "cvr", "vat_ore", "text", "extra",
    ]

    /// The citizen's postings as they count (`CostView`): their own, and the ledger postings
    /// without CPR that pay one of their OS2bos payments or Sensum services.
    public func postings(cpr: CPR) async throws -> [Posting] { try await postingsWithImport(cpr: cpr).map(\.posting) }

    /// The same, each with the import it came from: what an auditor's evidence pack lists beside
    /// the file's SHA-256 and line. The attributed postings are read only when there are any, so a
    /// drill-down without OS2bos or Sensum data reads by the CPR index alone.
    public func postingsWithImport(cpr: CPR) async throws -> [(posting: Posting, importID: Int)] {
        let view = try await costView(cpr: cpr)
        let columns = SQLStore.postingList + ["id", "import_id"]
        let row: @Sendable (PositionalRow) throws -> (id: Int64, posting: Posting, importID: Int) = { r in
            (try r.requiredInt(17), try SQLStore.posting(r), Int(try r.requiredInt(18)))
        }
        var rows = try await positionalRows(columns, "FROM postings WHERE cpr = ? ORDER BY posting_date, id", binds: [cpr.digits], row)
        if !view.attributions.isEmpty || !view.services.isEmpty {
            rows += try await positionalRows(
                columns,
                """
                FROM postings WHERE cpr IS NULL AND (id IN (SELECT ledger_id FROM payment_matches WHERE cpr = ? AND outcome = 'matchet')
                OR id IN (SELECT ledger_id FROM service_matches WHERE cpr = ? AND outcome = 'matchet'))
                """,
                binds: [cpr.digits, cpr.digits], row)
            rows.sort { ($0.posting.date, $0.id) < ($1.posting.date, $1.id) }
        }
        return rows.compactMap { r in view.apply(id: r.id, r.posting).map { (posting: $0, importID: r.importID) } }
            + (try await tariffCosts(cpr: cpr))
    }

    /// Every posting as it counts (`CostView`), in storage order.
    public func forEachPosting(_ selection: PostingSelection, _ body: @escaping @Sendable (Posting) -> Void) async throws {
        let view = try await costView()
        let filters: [String]
        switch selection {
        case .all: filters = [""]
        case .vatCandidates:
            // Two reads, neither a scan: the candidates by their partial index (the WHERE must be
            // the index's own, word for word, for SQLite to use it), then the matched postings
            // that are not among them by their ids.
            filters = [
                " WHERE \(SQLStore.vatCandidatePredicate)",
                " WHERE id IN (\(SQLStore.matchedLedgerIDs)) AND NOT (\(SQLStore.vatCandidatePredicate))",
            ]
        case .citizens(let cprs):
            // A CPR is ten digits (`CPR` checks it), so the lists are written as literals, a
            // thousand at a time: no bind limit, and the same SQL on both backends.
            let sorted = cprs.map(\.digits).sorted()
            filters = stride(from: 0, to: sorted.count, by: 1_000).map { start in
                let list = sorted[start..<min(start + 1_000, sorted.count)].map { "'\($0)'" }.joined(separator: ",")
                return
                    " WHERE cpr IN (\(list)) OR (cpr IS NULL AND (id IN (SELECT ledger_id FROM payment_matches WHERE outcome = 'matchet' AND cpr IN (\(list)))"
                    + " OR id IN (SELECT ledger_id FROM service_matches WHERE outcome = 'matchet' AND cpr IN (\(list)))))"
            }
        }
        for filter in filters {
            try await eachRow(SQLStore.postingList + ["id"], "FROM postings\(filter) ORDER BY id") { row in
                if let p = view.apply(id: try row.requiredInt(17), try SQLStore.posting(row)) { body(p) }
            }
        }
        for c in try await tariffCosts() { body(c.posting) }
    }

    /// `PostingSelection.vatCandidates` as SQL, on what a posting stores: a negative amount with
    /// columns of its own (V10 reads the grantor from them), or an art with VAT (V1-V5), or an
    /// art and a supplier's CVR on a purchase (V6-V8). A posting matched to an OS2bos payment
    /// takes the payment's CVR and columns in the cost view, so those are read whatever they
    /// store. The tariffs' costs are streamed whatever the selection, and the screening itself
    /// still decides on every posting it gets. The partial index `postings_vat_candidates`
    /// (migration 0035) is made from the same text.
    static let vatCandidatePredicate =
        "(amount_ore < 0 AND extra IS NOT NULL) OR (art IS NOT NULL AND (COALESCE(vat_ore, 0) <> 0 OR (amount_ore > 0 AND cvr IS NOT NULL)))"
    static let matchedLedgerIDs = "SELECT ledger_id FROM payment_matches WHERE outcome = 'matchet' AND ledger_id IS NOT NULL"

    /// Reads the rows of `SELECT columns tail` by position, straight from the database driver
    /// (sqlite-nio or PostgresNIO): SQLKit's named, Decodable row decoding cost more than the work
    /// done on the rows (three times the SDE computation on ten million postings). `?` in `tail`
    /// takes the `binds` in order; `row` is called for every row, on the driver's thread. The
    /// first row `row` throws for ends the read, and its error is thrown: no row is skipped.
    func eachRow(
        _ columns: [String], _ tail: String, binds: [String] = [],
        _ row: @escaping @Sendable (PositionalRow) throws -> Void
    ) async throws {
        try await reading { try await eachRowHere(columns, tail, binds: binds, row) }
    }

    /// The same on the connection the task holds: inside a transaction its writer, which sees
    /// what the transaction has written (`reading` would take a reader, which does not).
    func eachRowHere(
        _ columns: [String], _ tail: String, binds: [String] = [],
        _ row: @escaping @Sendable (PositionalRow) throws -> Void
    ) async throws {
        let sql = "SELECT " + columns.joined(separator: ", ") + " " + tail
        let table = SQLStore.table(in: tail)
        let stream = StreamState()
        if let sqlite = sqliteConnection {
            try await sqlite.query(sql, binds.map { .text($0) }) { r in
                guard let n = stream.next() else { return }
                do { try row(PositionalRow(columns: SQLiteColumns(r), table: table, names: columns, ordinal: n)) } catch { stream.fail(error) }
            }
        } else if let postgres = postgresConnection {
            var bindings = PostgresBindings()
            for b in binds { bindings.append(b) }
            var n = 0
            for try await r in try await postgres.query(
                PostgresQuery(unsafeSQL: SQLStore.dollarNumbered(sql), binds: bindings), logger: SQLStore.driverLogger)
            {
                n += 1
                try row(PositionalRow(columns: PostgresColumns(row: r.makeRandomAccess()), table: table, names: columns, ordinal: n))
            }
        }
        try stream.check()
    }

    /// `positionalRows` on the connection the task holds (`eachRowHere`).
    func positionalRowsHere<T>(
        _ columns: [String], _ tail: String, binds: [String] = [],
        _ decode: @escaping @Sendable (PositionalRow) throws -> T
    ) async throws -> [T] {
        let list = RowList<T>()
        try await eachRowHere(columns, tail, binds: binds) { list.append(try decode($0)) }
        return try list.rows()
    }

    /// The rows of `SELECT columns tail`, each decoded; a row `decode` cannot read is an error
    /// that names it, never skipped.
    func positionalRows<T: Sendable>(
        _ columns: [String], _ tail: String, binds: [String] = [],
        _ decode: @escaping @Sendable (PositionalRow) throws -> T
    ) async throws -> [T] {
        try await reading { try await positionalRowsHere(columns, tail, binds: binds, decode) }
    }

    /// The table a query's tail reads (`FROM postings WHERE …` → `postings`), for messages.
    static func table(in tail: String) -> String {
        let words = tail.split(separator: " ")
        guard let from = words.firstIndex(where: { $0.uppercased() == "FROM" }), from + 1 < words.count else { return "?" }
        return String(words[from + 1])
    }

    /// For the drivers called directly (row reads, COPY): warnings only, never a query's values.
    static let driverLogger: Logger = {
        var l = Logger(label: "hjemtag.store")
        l.logLevel = .warning
        return l
    }()

    /// `?` placeholders as PostgreSQL's `$1`, `$2`, …
    static func dollarNumbered(_ sql: String) -> String {
        var out = ""
        var n = 0
        for c in sql {
            if c == "?" {
                n += 1
                out += "$\(n)"
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// A stored posting back from its row; `row` reads the row in `postingList` order.
    static func posting(_ row: PositionalRow) throws(StoreError) -> Posting {
        let function = try row.requiredText(4)
        guard let account = AccountFunction(parsing: function) else { throw row.failure(4, "'\(function)' er ikke en funktion i kontoplanen") }
        var extra: [String: String] = [:]
        if let json = row.text(16) {
            guard let decoded = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else {
                throw row.failure(16, "er ikke gyldig JSON")
            }
            extra = decoded
        }
        return Posting(
            voucher: row.text(1), date: try row.day(2), amount: Money(ore: try row.requiredInt(3)), function: account,
            dranst: row.text(5), art: row.text(6), cpr: try row.optionalCPR(7),
            paragraph: row.text(8), period: try row.optionalRange(9, 10),
            department: row.text(11), payingMunicipality: row.int(12).map(Int.init),
            cvr: row.text(13), vat: row.int(14).map(Money.init(ore:)), text: row.text(15), extra: extra,
            line: Int(try row.requiredInt(0)))
    }
}
