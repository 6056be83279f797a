import Foundation
import HjemtagCore
import HjemtagStore
import SQLKit

/// One kind of person-level data and which of its rows the rule takes. `{c}` is the cut-off date
/// (ISO text, as the columns hold dates) and `{y}` its year, both bound, never spliced.
struct RetentionStep: Sendable {
    let what: String
    let table: String
    let predicate: String
    /// The rows came from an archived file (the table has `import_id`).
    var archived = true

    /// Order matters only for rows that hang on others (claim events, SDE subjects): those first.
    static let all: [RetentionStep] = [
        // A posting dated before the cut-off for help after it belongs to a kept year (SDE and
        // mellemkommunal periodise by the help's period): kept.
        RetentionStep(
            what: "posteringer med CPR", table: "postings",
            predicate: "cpr IS NOT NULL AND posting_date < {c} AND COALESCE(period_to, posting_date) < {c}"),
        RetentionStep(what: "husstandsperioder", table: "households", predicate: "valid_to IS NOT NULL AND valid_to < {c}"),
        // The staircase counts whole ISO weeks: the week that holds the cut-off is a kept year's
        // week, so the history is deleted up to its Monday ({w}); the counters at that Monday are
        // kept in its place (staircase_carries).
        RetentionStep(what: "ydelsesudbetalinger", table: "benefit_payments", predicate: "period_to < {w}"),
        RetentionStep(what: "perioder i støttet beskæftigelse", table: "subsidised_periods", predicate: "valid_to < {w}"),
        RetentionStep(what: "linjer fra Ydelsesrefusion", table: "yr_rows", predicate: "file_date < {c}"),
        // A citizen's residence history is kept whole while any stay reaches the kept years: the
        // payer of a stay today can depend on a referral decades ago (retssikkerhedsloven § 9 c).
        RetentionStep(
            what: "opholdsperioder (afsluttede historikker)", table: "residence_episodes",
            predicate: "cpr NOT IN (SELECT cpr FROM residence_episodes WHERE valid_to IS NULL OR valid_to >= {c})"),
        RetentionStep(
            what: "tilkendelser af førtidspension", table: "pension_grants",
            predicate: "granted_on < {c} AND cpr NOT IN (SELECT cpr FROM residence_episodes WHERE valid_to IS NULL OR valid_to >= {c})"),
        RetentionStep(
            what: "passivitetsmarkeringer", table: "passivity_marks",
            predicate: "episode_from < {c} AND cpr NOT IN (SELECT cpr FROM residence_episodes WHERE valid_to IS NULL OR valid_to >= {c})",
            archived: false),
        RetentionStep(what: "brug af interne tilbud", table: "internal_uses", predicate: "valid_to < {c}"),
        RetentionStep(what: "besparelsesscenariers sager", table: "scenario_cases", predicate: "COALESCE(valid_to, valid_from) < {c}"),
        RetentionStep(what: "modtagne krav (filer)", table: "incoming_claims", predicate: "period_to < {c} AND received_on < {c}"),
        RetentionStep(
            what: "kravhistorik", table: "ic_claim_events",
            predicate:
                "claim_id IN (SELECT id FROM ic_claims WHERE period_to < {c} AND status IN ('betalt', 'afvist', 'bortfaldet', 'identificeret'))",
            archived: false),
        RetentionStep(
            what: "mellemkommunale krav (afsluttede)", table: "ic_claims",
            predicate: "period_to < {c} AND status IN ('betalt', 'afvist', 'bortfaldet', 'identificeret')", archived: false),
        RetentionStep(
            what: "integrationsforløb (afsluttede)", table: "integration_rows",
            predicate: "cpr NOT IN (SELECT cpr FROM integration_rows WHERE program_start >= {c} OR valid_from >= {c} OR valid_to >= {c})"),
        RetentionStep(
            what: "SDE-opgørelser pr. person", table: "sde_subjects", predicate: "run_id IN (SELECT id FROM sde_runs WHERE year < {y})",
            archived: false),
        RetentionStep(what: "SDE-kørsler", table: "sde_runs", predicate: "year < {y}", archived: false),
        RetentionStep(
            what: "fundhistorik", table: "finding_events", predicate: "finding_id IN (SELECT id FROM findings WHERE year < {y} AND cprs <> '')",
            archived: false),
        RetentionStep(what: "fund", table: "findings", predicate: "year < {y} AND cprs <> ''", archived: false),
    ]

    /// An archived original holds every CPR number of its file: once this run has deleted rows
    /// from it and no person row from it is left, its content is emptied (the import's line in
    /// the history, with its checksum, stays). A ledger file without CPR numbers is never touched.
    static let noPersonRowsLeft =
        "NOT EXISTS (SELECT 1 FROM postings p WHERE p.import_id = imports.id AND p.cpr IS NOT NULL) AND "
        + all.filter { $0.archived && $0.table != "postings" }.map { "NOT EXISTS (SELECT 1 FROM \($0.table) t WHERE t.import_id = imports.id)" }
        .joined(separator: " AND ")

    /// The predicate with the cut-off bound where it says `{c}`, its year where it says `{y}` and
    /// the Monday of its ISO week where it says `{w}`.
    static func query(_ prefix: String, _ predicate: String, cutoff: Day) -> SQLQueryString {
        var q = SQLQueryString(prefix)
        var rest = Substring(predicate)
        while let r = rest.range(of: #"\{[cyw]\}"#, options: .regularExpression) {
            q.appendInterpolation(unsafeRaw: String(rest[..<r.lowerBound]))
            switch rest[r] {
            case "{c}": q.appendInterpolation(bind: cutoff.iso)
            case "{w}": q.appendInterpolation(bind: ISOWeek(containing: cutoff).monday.iso)
            default: q.appendInterpolation(bind: cutoff.year)
            }
            rest = rest[r.upperBound...]
        }
        q.appendInterpolation(unsafeRaw: String(rest))
        return q
    }
}

extension SQLStore {
    /// Deletes what the rule takes before `cutoff` in one transaction and writes one audit-log
    /// line saying who deleted how much from before which date. Without `apply` the same work is
    /// done and rolled back, so the preview's figures are exactly what `apply` would delete.
    public func retention(before cutoff: Day, apply: Bool, by username: String, keeping carries: [StaircaseCarry]) async throws -> RetentionReport {
        try await requireMigrated()
        return try await locked {
            try await exec("BEGIN")
            do {
                var report = try await deleteExpired(before: cutoff, by: username, apply: apply)
                try await replaceStaircaseCarries(carries)
                report.keptCounters = carries.count
                try await exec(apply ? "COMMIT" : "ROLLBACK")
                return report
            } catch {
                try? await exec("ROLLBACK")
                throw error
            }
        }
    }

    private func deleteExpired(before cutoff: Day, by username: String, apply: Bool) async throws -> RetentionReport {
        var lines: [RetentionReport.Line] = []
        var touched = Set<Int>()
        for step in RetentionStep.all {
            if step.archived {
                for r in try await rows(
                    RetentionStep.query("SELECT DISTINCT import_id AS id FROM \(step.table) WHERE ", step.predicate, cutoff: cutoff))
                {
                    touched.insert(Int(try r.decode(column: "id", as: Int64.self)))
                }
            }
            let n = try await count(RetentionStep.query("SELECT COUNT(*) AS n FROM \(step.table) WHERE ", step.predicate, cutoff: cutoff))
            if n > 0 { try await db.raw(RetentionStep.query("DELETE FROM \(step.table) WHERE ", step.predicate, cutoff: cutoff)).run() }
            if n > 0, step.table == "findings" { try await recountFindingTotals(scheme: nil, year: nil) }
            if n > 0, step.table == "ic_claims" { try await claimsChanged() }
            if n > 0, step.table == "postings" {
                try await db.raw("UPDATE row_counts SET n = n - \(bind: n) WHERE name = 'postings'").run()
                try await recountPostingSpan()
                try await exec(
                    """
                    DELETE FROM person_departments WHERE NOT EXISTS (SELECT 1 FROM postings p
                    WHERE p.cpr = person_departments.cpr AND p.department = person_departments.department)
                    """)
            }
            lines.append(.init(what: step.what, rows: n))
        }
        var emptied = 0
        for id in touched.sorted() {
            let left = try await count(
                "SELECT COUNT(*) AS n FROM imports WHERE id = \(bind: id) AND length(content) > 0 AND \(unsafeRaw: RetentionStep.noPersonRowsLeft)")
            guard left > 0 else { continue }
            try await db.raw("UPDATE imports SET content = \(bind: Data()) WHERE id = \(bind: id)").run()
            emptied += 1
        }
        lines.append(.init(what: "arkiverede filer tømt", rows: emptied))
        let report = RetentionReport(cutoff: cutoff, applied: apply, lines: lines)
        if apply {
            let purpose =
                "opbevaringsregel: data fra før \(cutoff.danish) slettet; "
                + (report.total == 0 ? "intet at slette" : lines.filter { $0.rows > 0 }.map { "\($0.rows) \($0.what)" }.joined(separator: ", "))
            try await insertAudit(username, .deletion, page: "opbevaring", purpose: purpose)
            // Results computed before rest on rows that are gone: their pages say so.
            if report.total > 0 {
                try await countRetentionDeletion()
                // The sums hold the deleted persons' figures: gone with their postings, summed
                // again by the next computation.
                try await forgetSDESums()
            }
        }
        return report
    }

    func count(_ q: SQLQueryString) async throws -> Int {
        guard let row = try await rows(q).first else { return 0 }
        return Int(try row.decode(column: "n", as: Int64.self))
    }

    /// The configured retention, if any.
    public func retentionRule() async throws -> RetentionRule? {
        guard let text = try await setting(RetentionRule.settingKey), let n = Int(text) else { return nil }
        return try RetentionRule(years: n)
    }
}
