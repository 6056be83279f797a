import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    /// A finding found again keeps its id, status and note; its `updated_at` moves only when what
    /// it says changed (amount, text, direction, citizens) or it comes back after a pass without it,
    /// so "changed since the last pass" means changed.
    public func replaceFindings(scheme: Scheme, year: Int, _ findings: [Finding]) async throws {
        try await requireMigrated()
        try await transaction {
            let now = SQLStore.now()
            // Read by position, only what is compared and kept: decoding every column by name was
            // a twentieth of a recomputation with nothing new.
            let before = try await positionalRowsHere(
                KeptFinding.columns, "FROM findings WHERE scheme = ? AND year = \(year)", binds: [scheme.rawValue], KeptFinding.init)
            let known = Dictionary(before.map { ("\($0.kind)\u{1F}\($0.subjectKey)", $0) }, uniquingKeysWith: { a, _ in a })
            // A night with nothing new leaves tens of thousands of findings as they were: those are
            // not written at all, only the ones found no more are closed, and the new ones written
            // in bulk (one statement a finding cost a third of a recomputation from the SDE sums;
            // closing every finding and opening the unchanged again made PostgreSQL write each row
            // twice, 270 ms of a recomputation's 0,8 s at 1 M postings).
            // The changed ones too: one UPDATE a finding, each a trip through the driver, was 4 of
            // the 10 s of SDE 2022 on the night of Copenhagen's December file, when nearly every
            // finding's amount moves (docs/PERFORMANCE.md § 5).
            var stays: Set<Int> = []
            var new: [[BatchWriter.Value]] = []
            var changed: [[BatchWriter.Value]] = []
            func row(_ f: Finding, cprs: String, status: String, createdAt: String) -> [BatchWriter.Value] {
                [
                    .text(scheme.rawValue), .int(year), .text(f.kind), .text(f.subjectKey), .text(cprs), .int64(f.amount.ore),
                    .text(f.direction.rawValue), .text(f.text), .text(status), .text(createdAt), .text(now), .int(1),
                ]
            }
            for f in findings {
                let cprs = f.cprs.map(\.digits).joined(separator: ",")
                if let was = known["\(f.kind)\u{1F}\(f.subjectKey)"] {
                    stays.insert(was.id)
                    let same =
                        was.active && was.amount == f.amount.ore && was.text == f.text && was.direction == f.direction.rawValue && was.cprs == cprs
                    if !same { changed.append([.int(was.id)] + row(f, cprs: cprs, status: was.status, createdAt: was.createdAt)) }
                } else {
                    new.append(row(f, cprs: cprs, status: FindingStatus.new.rawValue, createdAt: now))
                }
            }
            let closed = before.filter { $0.active && !stays.contains($0.id) }.map(\.id)
            for ids in SQLStore.idLists(closed) { try await exec("UPDATE findings SET active = 0 WHERE id IN (\(ids))") }
            // Written as rows whose id is already there: only what a finding says, that it is
            // active and when it changed are taken; its status, note and first day stay.
            try await bulkInsert(
                "findings", ["id"] + SQLStore.findingColumns, changed,
                onConflict: """
                    ON CONFLICT (id) DO UPDATE SET cprs = excluded.cprs, amount_ore = excluded.amount_ore, direction = excluded.direction,
                    text = excluded.text, active = 1, updated_at = excluded.updated_at
                    """)
            try await bulkInsert("findings", SQLStore.findingColumns, new)
            try await recountFindingTotals(scheme: scheme, year: year)
        }
    }

    /// What `replaceFindings` compares a finding found again with, and keeps of it, as stored.
    struct KeptFinding: Sendable {
        static let columns = ["id", "kind", "subject_key", "cprs", "amount_ore", "direction", "text", "status", "created_at", "active"]
        let id: Int, kind: String, subjectKey: String, cprs: String, amount: Int64, direction: String, text: String, status: String
        let createdAt: String, active: Bool

        init(_ r: PositionalRow) throws {
            id = Int(try r.requiredInt(0))
            kind = try r.requiredText(1)
            subjectKey = try r.requiredText(2)
            cprs = r.text(3) ?? ""
            amount = try r.requiredInt(4)
            direction = try r.requiredText(5)
            text = try r.requiredText(6)
            status = try r.requiredText(7)
            createdAt = try r.requiredText(8)
            active = try r.requiredInt(9) != 0
        }
    }

    /// The columns `replaceFindings` writes, in the order of its rows.
    static let findingColumns = [
        "scheme", "year", "kind", "subject_key", "cprs", "amount_ore", "direction", "text", "status", "created_at", "updated_at", "active",
    ]

    /// The active findings counted and summed per scheme, year, direction and status, kept in the
    /// transactions that change them: the worklist and the findings list show the totals on every
    /// view, and summing 132.155 findings took 30-50 ms of the one connection each time.
    /// `nil`: every scheme and year (a retention deletion).
    func recountFindingTotals(scheme: Scheme?, year: Int?) async throws {
        try await db.raw(SQLStore.findingFilter("DELETE FROM finding_totals", scheme: scheme, year: year, includeInactive: true)).run()
        var insert = SQLStore.findingFilter(
            """
            INSERT INTO finding_totals (scheme, year, direction, status, n, ore)
            SELECT scheme, year, direction, status, COUNT(*), CAST(SUM(amount_ore) AS BIGINT) FROM findings
            """, scheme: scheme, year: year, includeInactive: false)
        insert.appendInterpolation(unsafeRaw: " GROUP BY scheme, year, direction, status")
        try await db.raw(insert).run()
    }

    static func storedFinding(_ r: StoredRow) throws -> StoredFinding {
        let f = Finding(
            scheme: try r.value("scheme", as: Scheme.self), year: try r.int("year"), kind: try r.text("kind"),
            subjectKey: try r.text("subject_key"), cprs: try r.cprList("cprs"), amount: try r.money("amount_ore"),
            direction: try r.value("direction", as: Finding.Direction.self), text: try r.text("text"))
        return StoredFinding(
            id: try r.int("id"), finding: f, status: try r.value("status", as: FindingStatus.self), note: try r.optionalText("note"),
            updatedBy: try r.optionalText("updated_by"), updatedAt: try r.text("updated_at"), active: try r.bool("active"),
            createdAt: try r.text("created_at"), assignedTo: try r.optionalText("assigned_to"))
    }

    public func findings(scheme: Scheme?, year: Int?, includeInactive: Bool) async throws -> [StoredFinding] {
        try await requireMigrated()
        return try await reading {
            var q = SQLStore.findingFilter("SELECT * FROM findings", scheme: scheme, year: year, includeInactive: includeInactive)
            q.appendInterpolation(unsafeRaw: " ORDER BY amount_ore DESC, id")
            return try await rows(q, table: "findings", SQLStore.storedFinding)
        }
    }

    static func findingFilter(_ select: String, scheme: Scheme?, year: Int?, includeInactive: Bool) -> SQLQueryString {
        var q = SQLQueryString(select + " WHERE 1 = 1")
        if let scheme {
            q.appendInterpolation(unsafeRaw: " AND scheme = ")
            q.appendInterpolation(bind: scheme.rawValue)
        }
        if let year {
            q.appendInterpolation(unsafeRaw: " AND year = ")
            q.appendInterpolation(bind: year)
        }
        if !includeInactive { q.appendInterpolation(unsafeRaw: " AND active = 1") }
        return q
    }

    /// Active findings summed by direction, in the database.
    public func findingTotals(scheme: Scheme?, year: Int?) async throws -> FindingTotals {
        try await requireMigrated()
        return try await reading { try await summed(FindingQuery(scheme: scheme, year: year)) }
    }

    public func findingTotalsPerScheme() async throws -> [Scheme: FindingTotals] {
        try await requireMigrated()
        let q: SQLQueryString =
            "SELECT scheme, direction, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(ore) AS BIGINT) AS ore FROM finding_totals GROUP BY scheme, direction"
        var out: [Scheme: FindingTotals] = [:]
        for r in try await reading({ try await rows(q, table: "finding_totals", { $0 }) }) {
            try out[r.value("scheme", as: Scheme.self), default: FindingTotals()].add(r)
        }
        return out
    }

    /// The findings the query's database filters let through, counted and summed by direction
    /// (the store's lock is held).
    func summed(_ query: FindingQuery) async throws -> FindingTotals {
        var q: SQLQueryString
        let table: String
        if query.isAnsweredByTotals {
            // The kept totals hold the active findings only: the same filters without `active`.
            var kept = query
            kept.includeInactive = true
            q = SQLStore.findingQuery(
                "SELECT direction, CAST(SUM(n) AS BIGINT) AS n, CAST(SUM(ore) AS BIGINT) AS ore FROM finding_totals", kept, ordered: false)
            table = "finding_totals"
        } else {
            q = SQLStore.findingQuery("SELECT direction, COUNT(*) AS n, CAST(SUM(amount_ore) AS BIGINT) AS ore FROM findings", query, ordered: false)
            table = "findings"
        }
        q.appendInterpolation(unsafeRaw: " GROUP BY direction")
        var totals = FindingTotals()
        for r in try await rows(q, table: table, { $0 }) { try totals.add(r) }
        return totals
    }

    public func finding(id: Int) async throws -> StoredFinding? {
        try await reading {
            try await rows("SELECT * FROM findings WHERE id = \(bind: id)").first.map { try SQLStore.storedFinding(StoredRow($0, table: "findings")) }
        }
    }

    /// The query's database filters and order; `cpr` and `persons` are read in Swift, since a
    /// finding keeps its citizens as one list.
    static func findingQuery(_ select: String, _ query: FindingQuery, ordered: Bool, recentDownAmounts: Bool = false) -> SQLQueryString {
        var q = findingFilter(select, scheme: query.scheme, year: query.year, includeInactive: query.includeInactive)
        if let status = query.status {
            q.appendInterpolation(unsafeRaw: " AND status = ")
            q.appendInterpolation(bind: status.rawValue)
        }
        if let direction = query.direction {
            q.appendInterpolation(unsafeRaw: " AND direction = ")
            q.appendInterpolation(bind: direction.rawValue)
        }
        if let assignee = query.assignee {
            q.appendInterpolation(unsafeRaw: " AND COALESCE(assigned_to, '') = ")
            q.appendInterpolation(bind: assignee)
        }
        if let minimum = query.minimum {
            q.appendInterpolation(unsafeRaw: " AND amount_ore >= ")
            q.appendInterpolation(bind: minimum.ore)
        }
        if let maximum = query.maximum {
            q.appendInterpolation(unsafeRaw: " AND amount_ore <= ")
            q.appendInterpolation(bind: maximum.ore)
        }
        if let since = query.updatedSince {
            // `|| ''` keeps the planner off the change-time index on both backends, to read down
            // the amount index instead (`findingPage`).
            q.appendInterpolation(unsafeRaw: recentDownAmounts ? " AND updated_at || '' >= " : " AND updated_at >= ")
            q.appendInterpolation(bind: since)
        }
        if let cpr = query.cpr {
            // Narrows the rows read; `admits` then checks the whole number.
            q.appendInterpolation(unsafeRaw: " AND cprs LIKE ")
            q.appendInterpolation(bind: "%\(cpr.digits)%")
        }
        guard ordered else { return q }
        let column: String
        switch query.order {
        case .amount: column = "amount_ore"
        case .id: column = "id"
        case .scheme: column = "scheme"
        case .year: column = "year"
        case .kind: column = "kind"
        case .direction: column = "direction"
        case .status: column = "status"
        case .assignee: column = "COALESCE(assigned_to, '')"
        case .updated: column = "updated_at"
        }
        let way = query.descending ? "DESC" : "ASC"
        q.appendInterpolation(unsafeRaw: " ORDER BY \(column) \(way), id \(way)")
        return q
    }

    /// Kept at the findings' version: finance staff page back and forth through the same filters
    /// while the findings stay as the night left them.
    public func findings(_ query: FindingQuery, limit: Int, offset: Int) async throws -> FindingSelection {
        try await requireMigrated()
        return try await reading {
            let (limit, offset) = (max(0, limit), max(0, offset))
            guard let version = try await findingsVersion() else { return try await findingPageRead(query, limit: limit, offset: offset) }
            return try await findingPagesKept.value(at: version, FindingPageKey(query: query, limit: limit, offset: offset)) {
                try await findingPageRead(query, limit: limit, offset: offset)
            }
        }
    }

    /// The `row_counts` entry every write to `findings` moves, by triggers (migration 0039).
    static let findingsVersionName = "findings_version"

    /// The findings' version, inside `reading`; nil inside a write, whose transaction may be
    /// rolled back and its number used again by the next.
    func findingsVersion() async throws -> Int64? {
        guard Self.held?.writing != true else { return nil }
        return try await rows("SELECT n FROM row_counts WHERE name = \(bind: Self.findingsVersionName)").first?.decode(column: "n", as: Int64.self)
    }

    private func findingPageRead(_ query: FindingQuery, limit: Int, offset: Int) async throws -> FindingSelection {
        if query.cpr == nil && query.persons == nil {
            var q = SQLStore.findingQuery("SELECT * FROM findings", query, ordered: true)
            q.appendInterpolation(unsafeRaw: " LIMIT \(limit) OFFSET \(offset)")
            let page = try await rows(q, table: "findings", SQLStore.storedFinding)
            return FindingSelection(findings: page, totals: try await summed(query))
        }
        let all = try await rows(SQLStore.findingQuery("SELECT * FROM findings", query, ordered: true), table: "findings", SQLStore.storedFinding)
            .filter(query.admits)
        return FindingSelection(findings: Array(all.dropFirst(offset).prefix(limit)), totals: FindingTotals(summing: all))
    }

    /// Up to this many recent findings are sorted rather than read down the amount index.
    static let fewRecent = 2_000

    public func findingPage(_ query: FindingQuery, limit: Int) async throws -> [StoredFinding] {
        try await requireMigrated()
        return try await reading {
            guard query.cpr != nil || query.persons != nil else {
                // "Changed since the last pass, largest first": a few changed are found through the
                // change-time index and sorted; after a first night, when all 132.155 are new,
                // sorting them took 26 ms, and reading down the amount index (which holds the
                // change time) stops at the page's last row instead.
                var many = false
                if let since = query.updatedSince, query.order == .amount {
                    let probe = "SELECT COUNT(*) AS n FROM (SELECT 1 FROM findings WHERE active = 1 AND updated_at >= "
                    var q = SQLQueryString(probe)
                    q.appendInterpolation(bind: since)
                    q.appendInterpolation(unsafeRaw: " LIMIT \(SQLStore.fewRecent + 1)) recent")
                    many = try await count(q) > SQLStore.fewRecent
                }
                var q = SQLStore.findingQuery("SELECT * FROM findings", query, ordered: true, recentDownAmounts: many)
                q.appendInterpolation(unsafeRaw: " LIMIT \(max(0, limit))")
                return try await rows(q, table: "findings", SQLStore.storedFinding)
            }
            let all = try await rows(SQLStore.findingQuery("SELECT * FROM findings", query, ordered: true), table: "findings", SQLStore.storedFinding)
            return Array(all.lazy.filter(query.admits).prefix(max(0, limit)))
        }
    }

    /// Writes who changed what to the finding's history and the audit log, with the change, in
    /// one transaction for all the findings.
    public func changeFindings(ids: [Int], _ change: FindingChange, by: String) async throws {
        try await transaction {
            let now = SQLStore.now()
            // The totals are kept per status too: the years whose findings moved are counted again.
            var moved = Set<SchemeYear>()
            for id in ids {
                guard let found = try await rows("SELECT * FROM findings WHERE id = \(bind: id)").first else { continue }
                let before = try SQLStore.storedFinding(StoredRow(found, table: "findings"))
                let f = before.finding
                if let status = change.status {
                    if status != before.status { moved.insert(SchemeYear(scheme: f.scheme, year: f.year)) }
                    try await insertAudit(
                        by, .findingChanged, cpr: f.cprs.first, page: "fund nr. \(id)",
                        purpose: "\(f.scheme.rawValue) \(f.year) \(f.kind): \(before.status.danishName) → \(status.danishName)"
                            + (change.note.map { "; note: \($0)" } ?? ""))
                    try await db.raw(
                        """
                        UPDATE findings SET status = \(bind: status.rawValue), note = \(bind: change.note), updated_by = \(bind: by),
                               updated_at = \(bind: now) WHERE id = \(bind: id)
                        """
                    ).run()
                    try await db.raw(
                        """
                        INSERT INTO finding_events (finding_id, at, username, kind, from_status, to_status, note)
                        VALUES (\(bind: id), \(bind: now), \(bind: by), 'status', \(bind: before.status.rawValue), \(bind: status.rawValue),
                                \(bind: change.note))
                        """
                    ).run()
                }
                if let assignee = change.assignee, assignee.username != before.assignedTo {
                    try await insertAudit(
                        by, .findingChanged, cpr: f.cprs.first, page: "fund nr. \(id)",
                        purpose: "\(f.scheme.rawValue) \(f.year) \(f.kind): tildelt \(assignee.username ?? "ingen")")
                    try await db.raw("UPDATE findings SET assigned_to = \(bind: assignee.username) WHERE id = \(bind: id)").run()
                    try await db.raw(
                        """
                        INSERT INTO finding_events (finding_id, at, username, kind, assigned_to)
                        VALUES (\(bind: id), \(bind: now), \(bind: by), 'tildeling', \(bind: assignee.username))
                        """
                    ).run()
                }
            }
            for y in moved { try await recountFindingTotals(scheme: y.scheme, year: y.year) }
        }
    }

    /// A scheme's year: what the findings' totals are counted again by.
    struct SchemeYear: Hashable { let scheme: Scheme, year: Int }

    public func findingEvents(findingID: Int) async throws -> [FindingEvent] {
        try await reading {
            try await rows("SELECT * FROM finding_events WHERE finding_id = \(bind: findingID) ORDER BY id", table: "finding_events") { r in
                let change: FindingEvent.Change =
                    try r.text("kind") == "tildeling"
                    ? .assignment(to: try r.optionalText("assigned_to"))
                    : .status(from: try r.optionalValue("from_status", as: FindingStatus.self), to: try r.value("to_status", as: FindingStatus.self))
                return FindingEvent(at: try r.text("at"), username: try r.text("username"), change: change, note: try r.optionalText("note"))
            }
        }
    }
}

extension FindingTotals {
    /// One direction's count and sum (`n`, `ore`) of a totals read.
    fileprivate mutating func add(_ r: StoredRow) throws {
        count += try r.int("n")
        switch try r.value("direction", as: Finding.Direction.self) {
        case .claim: claim = try r.money("ore")
        case .payBack: payBack = try r.money("ore")
        case .check: break
        }
    }
}

/// One page of the findings list as the store keeps it: the filters, the page's size and where it starts.
struct FindingPageKey: Hashable, Sendable {
    let query: FindingQuery
    let limit: Int
    let offset: Int
}
