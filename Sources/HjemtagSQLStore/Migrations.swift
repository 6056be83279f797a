/// The store's schema as numbered migrations. A migration is identified by its fixed id,
/// runs in its own transaction, and is never edited once landed: change the schema by adding
/// a new one at the end.
struct Migration: Sendable {
    let id: String
    /// SQL with placeholders: `{pk}` for an auto-numbered primary key, `{blob}` for bytes.
    let statements: [String]
    /// Statements only one dialect understands (triggers), run after `statements`.
    var sqliteOnly: [String] = []
    var postgresOnly: [String] = []
}

enum Migrations {
    /// Every migration in order.
    static let all = untilIssue22 + keptFigures

    /// 0001-0030; those of issue 22 (figures kept beside the rows) are `keptFigures`.
    static let untilIssue22: [Migration] = [
        Migration(
            id: "0001-grundlag",
            statements: [
                "CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
                """
                CREATE TABLE imports (
                    id {pk}, kind TEXT NOT NULL, file_name TEXT NOT NULL, sha256 TEXT NOT NULL UNIQUE,
                    size BIGINT NOT NULL, row_count BIGINT NOT NULL DEFAULT 0, imported_by TEXT NOT NULL,
                    imported_at TEXT NOT NULL, encoding TEXT NOT NULL, separator TEXT NOT NULL, content {blob} NOT NULL)
                """,
                """
                CREATE TABLE postings (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    voucher TEXT, posting_date TEXT NOT NULL, amount_ore BIGINT NOT NULL, function_code TEXT NOT NULL,
                    dranst TEXT, art TEXT, cpr TEXT, paragraph TEXT, period_from TEXT, period_to TEXT, department TEXT,
                    paying_municipality INTEGER, cvr TEXT, vat_ore BIGINT, text TEXT, extra TEXT)
                """,
                "CREATE INDEX postings_cpr ON postings (cpr)",
                "CREATE INDEX postings_import ON postings (import_id)",
                """
                CREATE TABLE users (
                    id {pk}, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, role TEXT NOT NULL,
                    departments TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1)
                """,
                """
                CREATE TABLE audit_log (
                    id {pk}, at TEXT NOT NULL, username TEXT NOT NULL, action TEXT NOT NULL, cpr TEXT,
                    page TEXT, purpose TEXT)
                """,
                """
                CREATE TABLE parameter_values (
                    id {pk}, parameter_id TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT, value TEXT NOT NULL,
                    source TEXT NOT NULL, checked_on TEXT NOT NULL, note TEXT, entered_by TEXT NOT NULL, entered_at TEXT NOT NULL)
                """,
            ]),
        Migration(
            id: "0002-sde",
            statements: [
                """
                CREATE TABLE households (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, household TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT)
                """,
                "CREATE INDEX households_cpr ON households (cpr)",
                """
                CREATE TABLE sde_runs (
                    id {pk}, year INTEGER NOT NULL, computed_at TEXT NOT NULL, computed_by TEXT NOT NULL,
                    total_refund_ore BIGINT NOT NULL, total_eligible_ore BIGINT NOT NULL, subject_count INTEGER NOT NULL,
                    tier_refunds TEXT NOT NULL, month_refunds TEXT NOT NULL, department_refunds TEXT NOT NULL, parameters TEXT NOT NULL)
                """,
                """
                CREATE TABLE sde_subjects (
                    id {pk}, run_id BIGINT NOT NULL REFERENCES sde_runs(id) ON DELETE CASCADE, subject_key TEXT NOT NULL,
                    kind TEXT NOT NULL, cprs TEXT NOT NULL, eligible_ore BIGINT NOT NULL, refund_ore BIGINT NOT NULL,
                    claimed_ore BIGINT NOT NULL, track TEXT NOT NULL, months TEXT NOT NULL, departments TEXT NOT NULL)
                """,
                "CREATE INDEX sde_subjects_run ON sde_subjects (run_id)",
                """
                CREATE TABLE findings (
                    id {pk}, scheme TEXT NOT NULL, year INTEGER NOT NULL, kind TEXT NOT NULL, subject_key TEXT NOT NULL,
                    cprs TEXT NOT NULL, amount_ore BIGINT NOT NULL, direction TEXT NOT NULL, text TEXT NOT NULL,
                    status TEXT NOT NULL DEFAULT 'ny', note TEXT, updated_by TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,
                    active INTEGER NOT NULL DEFAULT 1, UNIQUE (scheme, year, kind, subject_key))
                """,
            ]),
        Migration(
            id: "0003-beskaeftigelse",
            statements: [
                """
                CREATE TABLE benefit_payments (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, benefit TEXT NOT NULL, period_from TEXT NOT NULL, period_to TEXT NOT NULL,
                    amount_ore BIGINT NOT NULL, paid_on TEXT, source TEXT)
                """,
                "CREATE INDEX benefit_payments_cpr ON benefit_payments (cpr)",
                """
                CREATE TABLE subsidised_periods (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, scheme TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL)
                """,
                """
                CREATE TABLE yr_rows (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    municipality INTEGER NOT NULL, file_date TEXT NOT NULL, week TEXT NOT NULL, cpr TEXT NOT NULL,
                    benefit_name TEXT NOT NULL, benefit TEXT, reported_ore BIGINT NOT NULL, computed_ore BIGINT NOT NULL,
                    refund_rate TEXT, refund_ore BIGINT NOT NULL, cofinancing_rate TEXT, cofinancing_ore BIGINT NOT NULL,
                    financing_municipality TEXT)
                """,
                "CREATE INDEX yr_rows_week ON yr_rows (week)",
            ]),
        // The audit log is append-only in the database itself, not only by convention.
        Migration(
            id: "0004-logning-kun-tilfoejelse", statements: [],
            sqliteOnly: [
                "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'logningen kan ikke ændres'); END",
                "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'logningen kan ikke slettes'); END",
            ],
            postgresOnly: [
                """
                CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'logningen kan ikke ændres eller slettes'; END $$
                """,
                "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
            ]),
        Migration(
            id: "0005-mellemkommunal",
            statements: [
                """
                CREATE TABLE residence_episodes (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT, municipality INTEGER NOT NULL, housing TEXT NOT NULL,
                    offer TEXT, referral TEXT NOT NULL, legal_basis TEXT)
                """,
                "CREATE INDEX residence_episodes_cpr ON residence_episodes (cpr)",
                """
                CREATE TABLE incoming_claims (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    reference TEXT NOT NULL, from_municipality INTEGER NOT NULL, cpr TEXT NOT NULL, period_from TEXT NOT NULL,
                    period_to TEXT NOT NULL, amount_ore BIGINT NOT NULL, legal_basis TEXT, received_on TEXT NOT NULL)
                """,
                """
                CREATE TABLE pension_grants (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, granted_on TEXT NOT NULL, granting_municipality INTEGER NOT NULL)
                """,
                """
                CREATE TABLE passivity_marks (
                    id {pk}, cpr TEXT NOT NULL, episode_from TEXT NOT NULL, reason TEXT NOT NULL, set_by TEXT NOT NULL, set_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE ic_claims (
                    id {pk}, direction TEXT NOT NULL, claim_key TEXT NOT NULL UNIQUE, cpr TEXT NOT NULL, counterpart INTEGER NOT NULL,
                    period_from TEXT NOT NULL, period_to TEXT NOT NULL, amount_ore BIGINT NOT NULL, accepted_ore BIGINT,
                    legal_basis TEXT NOT NULL, deadline TEXT, received_on TEXT, reference TEXT, status TEXT NOT NULL,
                    verdict TEXT, reasons TEXT NOT NULL, lines TEXT NOT NULL, active INTEGER NOT NULL DEFAULT 1,
                    created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE ic_claim_events (
                    id {pk}, claim_id BIGINT NOT NULL REFERENCES ic_claims(id) ON DELETE CASCADE, at TEXT NOT NULL,
                    username TEXT NOT NULL, from_status TEXT, to_status TEXT NOT NULL, note TEXT)
                """,
            ]),
        Migration(
            id: "0006-budget",
            statements: [
                """
                CREATE TABLE budget_rows (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    budget_table TEXT NOT NULL, row_type TEXT NOT NULL, name TEXT NOT NULL, category TEXT, year INTEGER,
                    reference_year INTEGER, model INTEGER, amount_ore BIGINT)
                """
            ]),
        Migration(
            id: "0007-integration",
            statements: [
                """
                CREATE TABLE integration_rows (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, program_start TEXT NOT NULL, event TEXT, valid_from TEXT, valid_to TEXT, hours TEXT,
                    supported INTEGER NOT NULL DEFAULT 0, exam TEXT)
                """,
                "CREATE INDEX integration_rows_cpr ON integration_rows (cpr)",
            ]),
        Migration(
            id: "0008-moms",
            statements: [
                """
                CREATE TABLE positive_list (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    year INTEGER NOT NULL, function_code TEXT NOT NULL, art TEXT, rate TEXT NOT NULL, ownership4 INTEGER NOT NULL)
                """,
                """
                CREATE TABLE vat_registrations (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cvr TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT, operating_agreement INTEGER NOT NULL DEFAULT 0)
                """,
            ]),
        // Pages read the largest refunds first, count them and sum the findings, and a drill-down
        // reads the citizen's households: at Copenhagen's 100.000 subjects none of that may be a
        // scan or a sort per request.
        Migration(
            id: "0009-sde-indeks",
            statements: [
                "CREATE INDEX sde_subjects_run_refund ON sde_subjects (run_id, refund_ore)",
                "CREATE INDEX findings_scheme_year ON findings (scheme, year, active, direction, amount_ore)",
                "CREATE INDEX households_household ON households (household)",
            ]),
        Migration(
            id: "0010-optaelling",
            statements: [
                "CREATE TABLE row_counts (name TEXT PRIMARY KEY, n BIGINT NOT NULL)",
                "INSERT INTO row_counts (name, n) SELECT 'postings', COUNT(*) FROM postings",
            ]),
        // Which departments have postings about a citizen: a caseworker sees a citizen only
        // through their own departments, and reading the citizen's postings for every finding
        // made a caseworker's list of 43.780 findings take 25 seconds. Kept by the import and
        // the retention rule in their own transactions.
        Migration(
            id: "0011-borger-forvaltning",
            statements: [
                "CREATE TABLE person_departments (cpr TEXT NOT NULL, department TEXT NOT NULL, PRIMARY KEY (cpr, department))",
                "CREATE INDEX person_departments_department ON person_departments (department, cpr)",
                "INSERT INTO person_departments (cpr, department) SELECT DISTINCT cpr, department FROM postings WHERE cpr IS NOT NULL AND department IS NOT NULL",
            ]),
        // An imported file is archived deflated (a CSV shrinks five to eight times): a nightly
        // ledger of a gigabyte stored as is every night would fill the disk, and writing it twice
        // (WAL and database) cost a sixth of an import. Files archived before stay as they are.
        Migration(
            id: "0012-arkiv-komprimeret",
            statements: [
                "ALTER TABLE imports ADD COLUMN content_encoding TEXT"
            ]),
        // Each row's content key (`ContentKey`): a row already stored from another file, or
        // repeated in its own, is refused as a duplicate unless the user says it is meant (the
        // reason is kept with the import). Rows stored before this migration get their keys
        // from the store when it is opened (`SQLStore.fillContentKeys`).
        Migration(
            id: "0013-indholdsnoegler",
            statements: [
                "ALTER TABLE postings ADD COLUMN content_key BIGINT",
                "CREATE INDEX postings_content ON postings (content_key)",
                "ALTER TABLE households ADD COLUMN content_key BIGINT",
                "CREATE INDEX households_content ON households (content_key)",
                "ALTER TABLE benefit_payments ADD COLUMN content_key BIGINT",
                "CREATE INDEX benefit_payments_content ON benefit_payments (content_key)",
                "ALTER TABLE subsidised_periods ADD COLUMN content_key BIGINT",
                "CREATE INDEX subsidised_periods_content ON subsidised_periods (content_key)",
                "ALTER TABLE yr_rows ADD COLUMN content_key BIGINT",
                "CREATE INDEX yr_rows_content ON yr_rows (content_key)",
                "ALTER TABLE residence_episodes ADD COLUMN content_key BIGINT",
                "CREATE INDEX residence_episodes_content ON residence_episodes (content_key)",
                "ALTER TABLE incoming_claims ADD COLUMN content_key BIGINT",
                "CREATE INDEX incoming_claims_content ON incoming_claims (content_key)",
                "ALTER TABLE pension_grants ADD COLUMN content_key BIGINT",
                "CREATE INDEX pension_grants_content ON pension_grants (content_key)",
                "ALTER TABLE integration_rows ADD COLUMN content_key BIGINT",
                "CREATE INDEX integration_rows_content ON integration_rows (content_key)",
                "ALTER TABLE vat_registrations ADD COLUMN content_key BIGINT",
                "CREATE INDEX vat_registrations_content ON vat_registrations (content_key)",
                "ALTER TABLE imports ADD COLUMN duplicates_reason TEXT",
            ]),
        // An import into an empty `person_departments` dropped its department index for the
        // load and never built it again (the citizens' departments were written after the
        // rebuild): a caseworker's list then scanned the table. Built again where it is missing.
        Migration(
            id: "0014-borger-forvaltning-indeks",
            statements: [
                "CREATE INDEX IF NOT EXISTS person_departments_department ON person_departments (department, cpr)"
            ]),
        // Entered parameter values are versioned: a correction supersedes the entry for the same
        // parameter and period, a withdrawal ends one, and both stay in the history with who,
        // when and why. Of two entries stored before for the same period the first won, which
        // left a correction without effect; the later one is taken as the correction.
        Migration(
            id: "0015-parametre-versioneret",
            statements: [
                "ALTER TABLE parameter_values ADD COLUMN superseded_by BIGINT",
                "ALTER TABLE parameter_values ADD COLUMN withdrawn_by TEXT",
                "ALTER TABLE parameter_values ADD COLUMN withdrawn_at TEXT",
                "ALTER TABLE parameter_values ADD COLUMN withdrawn_reason TEXT",
                """
                UPDATE parameter_values SET superseded_by = (
                    SELECT MIN(n.id) FROM parameter_values n
                    WHERE n.parameter_id = parameter_values.parameter_id AND n.valid_from = parameter_values.valid_from
                      AND COALESCE(n.valid_to, '') = COALESCE(parameter_values.valid_to, '') AND n.id > parameter_values.id)
                """,
            ]),
        // Which inputs each stored result was computed from, so a page can say when the data or
        // the rates have changed since (and the drill-down explain the stored figure).
        Migration(
            id: "0016-beregninger",
            statements: [
                """
                CREATE TABLE computations (
                    scheme TEXT NOT NULL, year INTEGER NOT NULL, computed_at TEXT NOT NULL, computed_by TEXT NOT NULL,
                    inputs TEXT NOT NULL, PRIMARY KEY (scheme, year))
                """
            ]),
        // The day a claim of ours was sent: what it is worth is the help still within the
        // three-year deadline that day (claimable), the rest is time-barred. Claims sent before
        // take the day of their first move to "sendt".
        Migration(
            id: "0017-krav-afsendt",
            statements: [
                "ALTER TABLE ic_claims ADD COLUMN raised_on TEXT",
                """
                UPDATE ic_claims SET raised_on = (
                    SELECT SUBSTR(MIN(e.at), 1, 10) FROM ic_claim_events e WHERE e.claim_id = ic_claims.id AND e.to_status = 'sendt')
                """,
            ]),
        // A person's staircase counters at the retention boundary (finansieringsloven §§ 5-6):
        // kept when the benefit payments before it are deleted, so kept years compute as before.
        Migration(
            id: "0018-trappe-taellere",
            statements: [
                "CREATE TABLE staircase_carries (cpr TEXT PRIMARY KEY, counters TEXT NOT NULL)"
            ]),
        // The robot's passes, and its lock: one row while a pass runs, so two never overlap.
        Migration(
            id: "0019-robot",
            statements: [
                """
                CREATE TABLE robot_runs (
                    id {pk}, started_at TEXT NOT NULL, finished_at TEXT, started_by TEXT NOT NULL, report TEXT)
                """,
                "CREATE TABLE robot_lock (name TEXT PRIMARY KEY, run_id BIGINT NOT NULL, since TEXT NOT NULL, holder TEXT NOT NULL)",
            ]),
        // Findings as a worklist: who is to handle each, and its history (every status set, with
        // its note, and every assignment). A status set before this keeps its last change as the
        // first line of the history.
        Migration(
            id: "0020-fund-arbejdsliste",
            statements: [
                "ALTER TABLE findings ADD COLUMN assigned_to TEXT",
                """
                CREATE TABLE finding_events (
                    id {pk}, finding_id BIGINT NOT NULL, at TEXT NOT NULL, username TEXT NOT NULL, kind TEXT NOT NULL,
                    from_status TEXT, to_status TEXT, assigned_to TEXT, note TEXT)
                """,
                "CREATE INDEX finding_events_finding ON finding_events (finding_id, id)",
                """
                INSERT INTO finding_events (finding_id, at, username, kind, to_status, note)
                SELECT id, updated_at, updated_by, 'status', status, note FROM findings WHERE updated_by IS NOT NULL
                """,
            ]),
        // Where each user's daily digest goes (none until an address is given).
        Migration(id: "0021-bruger-email", statements: ["ALTER TABLE users ADD COLUMN email TEXT"]),
        // OS2bos payments matched to the ledger postings that pay them (PaymentMatching), rebuilt
        // whole after every change to the postings; `payment_id` and `ledger_id` are postings' ids.
        Migration(
            id: "0022-os2bos-match",
            statements: [
                """
                CREATE TABLE payment_matches (
                    payment_id BIGINT NOT NULL PRIMARY KEY, outcome TEXT NOT NULL, rule TEXT, ledger_id BIGINT,
                    candidates TEXT, cpr TEXT)
                """,
                "CREATE INDEX payment_matches_cpr ON payment_matches (cpr)",
            ]),
        // Saved column mappings for ledger extracts in other systems' layouts (ColumnMapping as JSON).
        Migration(
            id: "0023-kortlaegninger",
            statements: [
                "CREATE TABLE column_mappings (name TEXT PRIMARY KEY, definition TEXT NOT NULL, saved_by TEXT NOT NULL, saved_at TEXT NOT NULL)"
            ]),
        // A person's answer to an ambiguous OS2bos match: which ledger posting pays the payment
        // (`ledger_id`, a posting's id), or none of them (NULL).
        Migration(
            id: "0024-os2bos-afgoerelser",
            statements: [
                """
                CREATE TABLE payment_decisions (
                    payment_key TEXT PRIMARY KEY, ledger_id BIGINT, decided_by TEXT NOT NULL, decided_at TEXT NOT NULL, note TEXT)
                """
            ]),
        // EG Sensum's deliveries, each a full extract (the newest import of a kind is read). No
        // names, addresses, contact details, diagnoses or comments: the parsers never read them.
        Migration(
            id: "0025-sensum",
            statements: [
                """
                CREATE TABLE sensum_citizens (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    citizen_id TEXT NOT NULL, cpr TEXT NOT NULL, residence_municipality INTEGER)
                """,
                "CREATE INDEX sensum_citizens_import ON sensum_citizens (import_id)",
                """
                CREATE TABLE sensum_cases (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    case_id TEXT NOT NULL, citizen_id TEXT NOT NULL, acting_municipality INTEGER, paying_municipality INTEGER,
                    opened TEXT, closed TEXT, section TEXT, department TEXT)
                """,
                "CREATE INDEX sensum_cases_import ON sensum_cases (import_id)",
                """
                CREATE TABLE sensum_services (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    service_id TEXT NOT NULL, case_id TEXT NOT NULL, name TEXT, section TEXT, provider_id TEXT, status TEXT,
                    valid_from TEXT, valid_to TEXT, account TEXT, refund_account TEXT)
                """,
                "CREATE INDEX sensum_services_import ON sensum_services (import_id)",
                """
                CREATE TABLE sensum_providers (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    provider_id TEXT NOT NULL, name TEXT, cvr TEXT, ownership TEXT, own_offer INTEGER NOT NULL)
                """,
                "CREATE INDEX sensum_providers_import ON sensum_providers (import_id)",
            ]),
        // Ledger postings without CPR matched to the Sensum service whose account they are on
        // (ServiceMatching), rebuilt whole with the OS2bos matches; `service` is the service's facts as JSON.
        Migration(
            id: "0026-sensum-match",
            statements: [
                "CREATE TABLE service_matches (ledger_id BIGINT NOT NULL PRIMARY KEY, outcome TEXT NOT NULL, cpr TEXT, service TEXT, candidates TEXT)",
                "CREATE INDEX service_matches_cpr ON service_matches (cpr)",
            ]),
        // OS2bos's expected payments: the forecast's input, apart from the ledger (never a cost).
        Migration(
            id: "0027-os2bos-prognose",
            statements: [
                """
                CREATE TABLE os2bos_forecast (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    voucher TEXT, due_date TEXT NOT NULL, amount_ore BIGINT NOT NULL, function_code TEXT NOT NULL, cpr TEXT, paragraph TEXT,
                    period_from TEXT, period_to TEXT, department TEXT, paying_municipality INTEGER, text TEXT, extra TEXT)
                """,
                "CREATE INDEX os2bos_forecast_import ON os2bos_forecast (import_id)",
            ]),
        // A savings scenario's cases; the newest import is the plan's list (issue 21 § 2).
        Migration(
            id: "0028-scenarie",
            statements: [
                """
                CREATE TABLE scenario_cases (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, valid_from TEXT NOT NULL, monthly_cost_ore BIGINT, legal_basis TEXT, benefit TEXT, valid_to TEXT,
                    function_code TEXT, initiative TEXT, text TEXT)
                """,
                "CREATE INDEX scenario_cases_import ON scenario_cases (import_id)",
            ]),
        // An SDE forecast as taken: compared with the outcome per month later (issue 21 § 1).
        Migration(
            id: "0029-sde-prognose",
            statements: [
                """
                CREATE TABLE sde_forecasts (
                    id {pk}, year INTEGER NOT NULL, as_of TEXT NOT NULL, scenario TEXT NOT NULL, taken_at TEXT NOT NULL, taken_by TEXT NOT NULL,
                    total_refund_ore BIGINT NOT NULL, months TEXT NOT NULL, departments TEXT NOT NULL)
                """,
                "CREATE INDEX sde_forecasts_year ON sde_forecasts (year)",
            ]),
        // Internal offers' tariffs and their use: costs on the citizen (issue 21 § 3). The newest
        // file of each is the list.
        Migration(
            id: "0030-takster",
            statements: [
                """
                CREATE TABLE tariffs (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    offer TEXT NOT NULL, unit TEXT NOT NULL, amount_ore BIGINT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL,
                    basis TEXT NOT NULL, function_code TEXT NOT NULL, paragraph TEXT, department TEXT)
                """,
                "CREATE INDEX tariffs_import ON tariffs (import_id)",
                """
                CREATE TABLE internal_uses (
                    id {pk}, import_id BIGINT NOT NULL REFERENCES imports(id) ON DELETE CASCADE, line BIGINT NOT NULL,
                    cpr TEXT NOT NULL, offer TEXT NOT NULL, valid_from TEXT NOT NULL, valid_to TEXT NOT NULL, hours TEXT)
                """,
                "CREATE INDEX internal_uses_import ON internal_uses (import_id)",
                "CREATE INDEX internal_uses_cpr ON internal_uses (cpr)",
            ]),
    ]
}
