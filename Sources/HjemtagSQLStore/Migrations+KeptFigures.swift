extension Migrations {
    /// Figures kept beside the rows they sum, by the writes that change them (issue 22, decisions
    /// 0007 and 0008): a page or a computation reads these instead of every row.
    static let keptFigures: [Migration] = [
        // SDE's sums per person, year and department (`SDECostSums`), kept from the postings so a
        // computation reads a row per person, not every posting (issue 22). Filled by the first
        // computation after this migration, then brought up to date import by import.
        Migration(
            id: "0031-sde-summer",
            statements: [
                """
                CREATE TABLE sde_sums (
                    year INTEGER NOT NULL, cpr TEXT NOT NULL, department TEXT NOT NULL,
                    \(SQLStore.sdeSumMonthColumns.map { "\($0) BIGINT NOT NULL" }.joined(separator: ", ")),
                    before_birthday BIGINT NOT NULL, claimed BIGINT NOT NULL, PRIMARY KEY (year, cpr, department))
                """,
                "CREATE INDEX sde_sums_before_birthday ON sde_sums (year) WHERE before_birthday <> 0",
                """
                CREATE TABLE sde_sums_quality (
                    year INTEGER PRIMARY KEY, without_cpr_count BIGINT NOT NULL, without_cpr_ore BIGINT NOT NULL,
                    one_off_count BIGINT NOT NULL, one_off_ore BIGINT NOT NULL, other_payer_ore BIGINT NOT NULL,
                    objectively_financed_ore BIGINT NOT NULL)
                """,
                "CREATE TABLE sde_sums_links (child TEXT NOT NULL, parent TEXT NOT NULL, PRIMARY KEY (child, parent))",
                "CREATE TABLE sde_sums_state (id INTEGER PRIMARY KEY, configuration TEXT NOT NULL, imports TEXT NOT NULL, deletions BIGINT NOT NULL)",
            ]),
        // The postings' first and last date, kept by the import and the retention rule like the
        // count (0010): the worklist's and the robot's parameter check asked MIN and MAX of ten
        // million unindexed dates on every view, 2,6 s at Copenhagen's size.
        Migration(
            id: "0032-posteringsdatoer",
            statements: [
                "CREATE TABLE posting_span (id INTEGER PRIMARY KEY, first_day TEXT, last_day TEXT)",
                "INSERT INTO posting_span (id, first_day, last_day) SELECT 1, MIN(posting_date), MAX(posting_date) FROM postings",
            ]),
        // The active findings' totals per scheme, year, direction and status, kept by the findings' own
        // writes (`recountFindingTotals`); the list's default order (largest first) and the
        // worklist's "changed since the last pass" through indexes instead of a sort of them all.
        Migration(
            id: "0033-fundtotaler",
            statements: [
                """
                CREATE TABLE finding_totals (
                    scheme TEXT NOT NULL, year INTEGER NOT NULL, direction TEXT NOT NULL, status TEXT NOT NULL, n BIGINT NOT NULL,
                    ore BIGINT NOT NULL, PRIMARY KEY (scheme, year, direction, status))
                """,
                """
                INSERT INTO finding_totals (scheme, year, direction, status, n, ore)
                SELECT scheme, year, direction, status, COUNT(*), CAST(SUM(amount_ore) AS BIGINT) FROM findings WHERE active = 1
                GROUP BY scheme, year, direction, status
                """,
                // With the change time, so "changed since the last pass, largest first" is read
                // down this index without a look-up per finding.
                "CREATE INDEX findings_amount ON findings (active, amount_ore, id, updated_at)",
                "CREATE INDEX findings_updated ON findings (active, updated_at)",
                // One scheme's list, largest first (the worklist's links lead there).
                "CREATE INDEX findings_scheme_amount ON findings (scheme, active, amount_ore, id)",
            ]),
        // The claims' version, moved by every write to `ic_claims` in its transaction: a process
        // keeps the claims it read until the version moves. A migration that changes claims
        // must move it too.
        Migration(
            id: "0034-kravversion",
            statements: ["INSERT INTO row_counts (name, n) VALUES ('ic_claims_version', 0)"]),
        // The postings the VAT screening can find anything in (`SQLStore.vatCandidatePredicate`): a few
        // dozen of Copenhagen's ten million, which the screening read by scanning them all
        // (1,5 s of its 2 s). The import keeps the index; its entries are the candidates only.
        Migration(
            id: "0035-momskandidater",
            statements: ["CREATE INDEX postings_vat_candidates ON postings (id) WHERE \(SQLStore.vatCandidatePredicate)"]),
        // A year's SDE run kept across recomputations, with a revision moved by each, and each
        // subject's content as one key: a recomputation writes only the subjects whose figures
        // changed, where it deleted and inserted a Copenhagen year's 102.356 (issue 22 § 1).
        // Subjects stored before have no key and are written once more by the next computation.
        Migration(
            id: "0036-sde-emneindhold",
            statements: [
                "ALTER TABLE sde_runs ADD COLUMN revision BIGINT NOT NULL DEFAULT 0",
                "ALTER TABLE sde_subjects ADD COLUMN content_key BIGINT",
            ]),
        // The inputs' version: the small tables that say what every result was computed from
        // (settings, parameter entries, the imports' list, the computations) were read again by
        // each page, 20-40 statements a view at Copenhagen's size (issue 22 § 4). The database
        // moves the version at every write to them, whoever writes (another process, a raw
        // statement), so a process may keep what it read until the version moves (decision 0012).
        Migration(
            id: "0037-inputversion",
            statements: ["INSERT INTO row_counts (name, n) VALUES ('\(SQLStore.inputsVersionName)', 0)"],
            sqliteOnly: SQLStore.versionTriggers(sqliteOn: ["settings", "parameter_values", "imports", "computations"]),
            postgresOnly: [SQLStore.versionMovedFunction(SQLStore.inputsVersionName)]
                + SQLStore.versionTriggers(postgresOn: ["settings", "parameter_values", "imports", "computations"])),
        // The tables besides the imports' rows that the residence histories are read from (the
        // payment matching's outcomes, the caseworkers' passivity marks and payment decisions)
        // move the inputs' version too: the mellemkommunal page read and compared every citizen's
        // Sensum and OS2bos history on every view (issue 22 § 4).
        Migration(
            id: "0038-inputversion-matchning",
            statements: [],
            sqliteOnly: SQLStore.versionTriggers(sqliteOn: ["passivity_marks", "payment_decisions", "payment_matches", "service_matches"]),
            postgresOnly: SQLStore.versionTriggers(
                postgresOn: ["passivity_marks", "payment_decisions", "payment_matches", "service_matches"])),
        // The findings' version: the findings list read and decoded its page of 200 and summed the
        // filters' findings on every view, a fifth of the page under load at Copenhagen's size
        // (issue 22 § 4). Every write to `findings` moves it, whoever writes, so a process keeps
        // the pages it read until it moves (decision 0012).
        Migration(
            id: "0039-fundversion",
            statements: ["INSERT INTO row_counts (name, n) VALUES ('\(SQLStore.findingsVersionName)', 0)"],
            sqliteOnly: SQLStore.versionTriggers(sqliteOn: ["findings"], version: SQLStore.findingsVersionName),
            postgresOnly: [SQLStore.versionMovedFunction(SQLStore.findingsVersionName)]
                + SQLStore.versionTriggers(postgresOn: ["findings"], version: SQLStore.findingsVersionName)),
        // The first and last day an import's rows carry (a posting's date and period, a benefit
        // payment's period and payment day, …): a month's files made every SDE and staircase year
        // stale, where their rows count for one or two (`ComputationLedger.affects`). Imports
        // made before, and imports of other rows, have none, and count for every year.
        Migration(
            id: "0040-importdage",
            statements: ["ALTER TABLE imports ADD COLUMN first_day TEXT", "ALTER TABLE imports ADD COLUMN last_day TEXT"]),
    ]
}
