import Foundation
import HjemtagCore
import HjemtagImport
import HjemtagStore
import SQLKit

extension SQLStore {
    public func saveSDERun(_ run: StoredSDERun, subjects: [StoredSDESubject]) async throws -> Int {
        try await requireMigrated()
        return try await transaction {
            // The year's run keeps its id and each subject its id across recomputations, so the
            // audit log's links to drill-downs keep leading to the same citizen or household. A
            // subject is written again only when its content changed: a night with nothing new
            // rewrote a Copenhagen year's 102.356 subjects and their two indexes (issue 22 § 1).
            let runs = try await rows("SELECT id FROM sde_runs WHERE year = \(bind: run.year) ORDER BY id DESC").map {
                try $0.decode(column: "id", as: Int.self)
            }
            var kept: [String: (id: Int, content: Int64?)] = [:]
            let id: Int
            if let current = runs.first {
                id = current
                // Subjects go with their run: ON DELETE CASCADE (SQLite has foreign_keys on).
                try await db.raw("DELETE FROM sde_runs WHERE year = \(bind: run.year) AND id <> \(bind: id)").run()
                for r in try await rows("SELECT id, subject_key, content_key FROM sde_subjects WHERE run_id = \(bind: id)") {
                    kept[try r.decode(column: "subject_key", as: String.self)] =
                        (try r.decode(column: "id", as: Int.self), try r.decode(column: "content_key", as: Int64?.self))
                }
                try await db.raw(
                    """
                    UPDATE sde_runs SET computed_at = \(bind: SQLStore.now()), computed_by = \(bind: run.computedBy),
                      total_refund_ore = \(bind: run.totalRefund.ore), total_eligible_ore = \(bind: run.totalEligible.ore),
                      subject_count = \(bind: run.subjectCount), tier_refunds = \(bind: try SQLStore.encode(run.tierRefunds)),
                      month_refunds = \(bind: try SQLStore.encode(run.months)), department_refunds = \(bind: try SQLStore.encode(run.departmentRefunds)),
                      parameters = \(bind: try SQLStore.encode(run.parameters)), revision = revision + 1
                    WHERE id = \(bind: id)
                    """
                ).run()
            } else {
                let inserted = try await rows(
                    """
                    INSERT INTO sde_runs (year, computed_at, computed_by, total_refund_ore, total_eligible_ore, subject_count, tier_refunds, month_refunds, department_refunds, parameters)
                    VALUES (\(bind: run.year), \(bind: SQLStore.now()), \(bind: run.computedBy), \(bind: run.totalRefund.ore), \(bind: run.totalEligible.ore),
                            \(bind: run.subjectCount), \(bind: try SQLStore.encode(run.tierRefunds)), \(bind: try SQLStore.encode(run.months)),
                            \(bind: try SQLStore.encode(run.departmentRefunds)), \(bind: try SQLStore.encode(run.parameters)))
                    RETURNING id
                    """)
                id = try inserted[0].decode(column: "id", as: Int.self)
            }
            let changes = SubjectChanges(subjects, kept: kept, run: id)
            for ids in SQLStore.idLists(changes.removed) { try await exec("DELETE FROM sde_subjects WHERE id IN (\(ids))") }
            try await bulkInsert("sde_subjects", ["id"] + SubjectChanges.columns, changes.rewritten)
            try await bulkInsert("sde_subjects", SubjectChanges.columns, changes.added)
            return id
        }
    }

    public func saveSDEForecast(_ f: StoredSDEForecast) async throws -> Int {
        try await requireMigrated()
        return try await transaction {
            let inserted = try await rows(
                """
                INSERT INTO sde_forecasts (year, as_of, scenario, taken_at, taken_by, total_refund_ore, months, departments)
                VALUES (\(bind: f.year), \(bind: f.asOf.iso), \(bind: f.scenario), \(bind: SQLStore.now()), \(bind: f.takenBy),
                        \(bind: f.totalRefund.ore), \(bind: try SQLStore.encode(f.months)), \(bind: try SQLStore.encode(f.departments)))
                RETURNING id
                """)
            return try inserted[0].decode(column: "id", as: Int.self)
        }
    }

    public func sdeForecasts(year: Int) async throws -> [StoredSDEForecast] {
        try await requireMigrated()
        return try await reading {
            try await rows("SELECT * FROM sde_forecasts WHERE year = \(bind: year) ORDER BY id", table: "sde_forecasts") { r in
                StoredSDEForecast(
                    id: try r.int("id"), year: try r.int("year"), asOf: try r.day("as_of"), scenario: try r.text("scenario"),
                    takenAt: try r.text("taken_at"), takenBy: try r.text("taken_by"), totalRefund: try r.money("total_refund_ore"),
                    months: try r.json("months", as: [MonthFigure].self), departments: try r.json("departments", as: [String: Money].self))
            }
        }
    }

    public func latestSDERun(year: Int?) async throws -> StoredSDERun? {
        try await requireMigrated()
        return try await reading {
            let q: SQLQueryString =
                year.map { "SELECT * FROM sde_runs WHERE year = \(bind: $0) ORDER BY id DESC LIMIT 1" }
                ?? "SELECT * FROM sde_runs ORDER BY year DESC, id DESC LIMIT 1"
            guard let first = try await rows(q).first else { return nil }
            let r = StoredRow(first, table: "sde_runs")
            return StoredSDERun(
                id: try r.int("id"), year: try r.int("year"), computedAt: try r.text("computed_at"), computedBy: try r.text("computed_by"),
                totalRefund: try r.money("total_refund_ore"), totalEligible: try r.money("total_eligible_ore"),
                subjectCount: try r.int("subject_count"), tierRefunds: try r.json("tier_refunds", as: [String: Money].self, cache: Self.runAmounts),
                months: try r.json("month_refunds", as: [MonthFigure].self, cache: Self.runMonths),
                departmentRefunds: try r.json("department_refunds", as: [String: Money].self, cache: Self.runAmounts),
                parameters: try r.json("parameters", as: [ParameterReference].self, cache: Self.runParameters), revision: try r.int("revision"))
        }
    }

    /// A run's JSON columns decoded once per text: the SDE overview reads its run on every view,
    /// and decoding its months and parameters was a tenth of the page under load (issue 22 § 4).
    static let runMonths = DecodedJSONCache<[MonthFigure]>(limit: 256)
    static let runAmounts = DecodedJSONCache<[String: Money]>(limit: 512)
    static let runParameters = DecodedJSONCache<[ParameterReference]>(limit: 256)

    static func subject(_ r: any SQLRow) throws -> StoredSDESubject { try subject(r, months: true) }

    /// A subject row; lists read it without the months (a kilobyte of JSON each).
    static func subject(_ row: any SQLRow, months withMonths: Bool) throws -> StoredSDESubject {
        let r = StoredRow(row, table: "sde_subjects")
        return StoredSDESubject(
            id: try r.int("id"), key: try r.text("subject_key"), kind: try r.text("kind"), cprs: try r.cprList("cprs"),
            eligible: try r.money("eligible_ore"), refund: try r.money("refund_ore"), claimed: try r.money("claimed_ore"), track: try r.text("track"),
            months: withMonths ? try r.json("months", as: [MonthFigure].self) : [], departments: try r.json("departments", as: [String: Money].self))
    }

    public func sdeSubjects(runID: Int) async throws -> [StoredSDESubject] {
        try await reading {
            try await rows("SELECT * FROM sde_subjects WHERE run_id = \(bind: runID) ORDER BY refund_ore DESC, id").map(SQLStore.subject)
        }
    }

    /// The subjects with a refund, largest first: the first `limit` of those `visible` lets
    /// through and how many it lets through, read without their months. Without a filter the
    /// database does the ordering, limiting and counting (index `sde_subjects_run_refund`).
    public func sdeRefundSubjects(runID: Int, limit: Int, visible: (@Sendable (StoredSDESubject) -> Bool)?) async throws -> (
        subjects: [StoredSDESubject], count: Int
    ) {
        let columns = "id, subject_key, kind, cprs, eligible_ore, refund_ore, claimed_ore, track, departments"
        return try await reading {
            guard let visible else {
                let top = try await rows(
                    "SELECT \(unsafeRaw: columns) FROM sde_subjects WHERE run_id = \(bind: runID) AND refund_ore <> 0 ORDER BY refund_ore DESC, id LIMIT \(bind: limit)"
                )
                .map { try SQLStore.subject($0, months: false) }
                let count = try await rows("SELECT COUNT(*) AS n FROM sde_subjects WHERE run_id = \(bind: runID) AND refund_ore <> 0")[0].decode(
                    column: "n", as: Int.self)
                return (top, count)
            }
            var top: [StoredSDESubject] = []
            var count = 0
            for r in try await rows(
                "SELECT \(unsafeRaw: columns) FROM sde_subjects WHERE run_id = \(bind: runID) AND refund_ore <> 0 ORDER BY refund_ore DESC, id")
            {
                let subject = try SQLStore.subject(r, months: false)
                guard visible(subject) else { continue }
                count += 1
                if top.count < limit { top.append(subject) }
            }
            return (top, count)
        }
    }

    public func sdeSubjectID(year: Int, key: String) async throws -> Int? {
        try await reading {
            try await rows(
                """
                SELECT s.id FROM sde_subjects s WHERE s.subject_key = \(bind: key)
                AND s.run_id = (SELECT MAX(r.id) FROM sde_runs r WHERE r.year = \(bind: year))
                """
            ).first.map { try StoredRow($0, table: "sde_subjects").int("id") }
        }
    }

    public func sdeSubject(id: Int) async throws -> StoredSDESubject? {
        try await reading { try await rows("SELECT * FROM sde_subjects WHERE id = \(bind: id)").first.map(SQLStore.subject) }
    }
}

/// What a recomputation of an SDE year writes of its subjects: the new ones, the changed ones
/// again under their ids, and the ids of those changed or gone; an unchanged subject (the same
/// content key over every stored column) is left as it is.
struct SubjectChanges {
    static let columns = [
        "run_id", "subject_key", "kind", "cprs", "eligible_ore", "refund_ore", "claimed_ore", "track", "months", "departments", "content_key",
    ]
    var added: [[BatchWriter.Value]] = []
    var rewritten: [[BatchWriter.Value]] = []
    /// Deleted before the rewritten are inserted again.
    var removed: [Int] = []

    init(_ subjects: [StoredSDESubject], kept: [String: (id: Int, content: Int64?)], run: Int) {
        var gone = kept
        for s in subjects {
            // The key from the values, the row's text only for what is written: encoding the
            // months of every unchanged subject was a tenth of a recomputation with nothing new.
            let content = Self.contentKey(s)
            guard let old = gone.removeValue(forKey: s.key) else {
                added.append(Self.row(s, run: run, content: content))
                continue
            }
            if old.content == content { continue }
            removed.append(old.id)
            rewritten.append([.int(old.id)] + Self.row(s, run: run, content: content))
        }
        removed += gone.values.map(\.id)
    }

    static func row(_ s: StoredSDESubject, run: Int, content: Int64) -> [BatchWriter.Value] {
        [
            .int(run), .text(s.key), .text(s.kind), .text(s.cprs.map(\.digits).joined(separator: ",")), .int64(s.eligible.ore),
            .int64(s.refund.ore), .int64(s.claimed.ore), .text(s.track), .text(StoredJSON.months(s.months)),
            .text(StoredJSON.amounts(s.departments)), .int64(content),
        ]
    }

    /// Every stored column but the run's id, which the year's subjects share, and the id: each
    /// list with its length first, so no two subjects' columns run into each other.
    static func contentKey(_ s: StoredSDESubject) -> Int64 {
        var key = ContentKey()
        key.add(s.key)
        key.add(s.kind)
        key.add(s.cprs.count)
        for c in s.cprs { key.add(c) }
        key.add(s.eligible)
        key.add(s.refund)
        key.add(s.claimed)
        key.add(s.track)
        key.add(s.months.count)
        for m in s.months {
            key.add(m.month.index)
            key.add(m.eligible)
            key.add(m.refund)
            key.add(m.covered)
        }
        key.add(s.departments.count)
        for (department, amount) in s.departments.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }) {
            key.add(department)
            key.add(amount)
        }
        return key.stored
    }
}
