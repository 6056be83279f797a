/// The store's schema as numbered migrations. A migration is identified by its fixed id,
/// runs in its own transaction, and is never edited once landed: change the schema by adding
/// a new one at the end.
struct Migration: Sendable {
    let id: String
    /// SQL with placeholders: `{pk}` for an auto-numbered primary key, `{blob}` for bytes.
    let statements: [String]
}

enum Migrations {
    static let all: [Migration] = [
        Migration(id: "0001-grundlag", statements: [
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
    ]
}
