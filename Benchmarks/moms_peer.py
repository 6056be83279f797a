"""The peer for `hjemtag moms` on a store (issue 22 § 2): the momsrefusion screening V0-V12
(Sources/HjemtagCore/VAT/VATScreening.swift, docs/rules/moms.md) in one DuckDB query over DuckDB's
own table of the store's postings, every posting, in the same order of rules:

V0 from 1.1.2007 and hovedkonto 0-6; V10 a foundation's grant (`tilskudsyder` = fond, negative
amount, not a VAT-liable function): 17,5 % to pay back; no art, nothing. On a VAT-liable function
V1: refund taken (`momskode` R) with VAT is paid back, VAT on a refund art without a code is
checked. Art 2.6 with refund taken: V3. VAT not taken (code neither R nor K): on a refund art with
a code V2, on another art V5 (recode to 4.9). A purchase without VAT from a supplier not
registered on the day, not refunded: V8 when the supplier has an operating agreement, else the
year's positive list (the latest import of the year, first entry in file order on the function
and art): V7 when the entry requires ejerforholdskode 4 and the posting has another, else V6 at the
entry's rate. A claim more than five years after its accounting year's end is V12 instead.
Amounts rounded half away from zero to øre.

The peer screens the ledger as stored: it refuses a store with OS2bos payments, Sensum services or
tariffs (their matching changes what a posting counts as), and with a year's postings but no
positive list (Hjemtag stops with an error there).

Usage: moms_peer.py STORE.sqlite TODAY"""
import datetime
import resource
import sqlite3
import sys
import time

import peer_tables

store, today = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
FOUNDATION_PCT10 = 175  # 17,5 %, in tenths of a percent
src = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
for sql, why in [
    ("SELECT COUNT(*) FROM postings WHERE voucher LIKE 'os2bos-%'", "OS2bos-betalinger"),
    ("SELECT COUNT(*) FROM sensum_services", "Sensum-ydelser"),
    ("SELECT COUNT(*) FROM tariffs", "takster"),
]:
    if src.execute(sql).fetchone()[0]:
        sys.exit(f"peeren udtrykker ikke {why}")
liable = [f.strip() for f in (src.execute("SELECT value FROM settings WHERE key = 'moms.momspligtige_funktioner'").fetchone() or ("",))[0].split(",") if f.strip()]

con = peer_tables.open_copy(
    store,
    "moms",
    {
        "postings": (
            "SELECT id, posting_date, amount_ore, function_code, art, cvr, vat_ore, voucher, line, extra FROM postings",
            {
                "id": "BIGINT", "day": "DATE", "ore": "BIGINT", "function": "VARCHAR", "art": "VARCHAR", "cvr": "VARCHAR", "vat": "BIGINT",
                "voucher": "VARCHAR", "line": "BIGINT", "extra": "VARCHAR",
            },
        ),
        "positive_list": (
            "SELECT id, import_id, year, function_code, art, rate, ownership4 FROM positive_list",
            {"id": "BIGINT", "import_id": "BIGINT", "year": "INTEGER", "function": "VARCHAR", "art": "VARCHAR", "rate": "VARCHAR", "ownership4": "INTEGER"},
        ),
        "registrations": (
            "SELECT cvr, valid_from, valid_to, operating_agreement FROM vat_registrations",
            {"cvr": "VARCHAR", "vfrom": "DATE", "vto": "DATE", "operating": "INTEGER"},
        ),
    },
)
con.execute("CREATE OR REPLACE TEMP TABLE liable AS SELECT unnest(?::VARCHAR[]) AS function", [liable])

if not con.execute("SELECT count(*) FROM registrations").fetchone()[0]:
    sys.exit("der er ingen liste over momsregistrerede leverandører")

started = time.time()
# Each posting through the rules in order: the first that speaks decides. `list` is a purchase
# the positive list decides on.
con.execute(
    f"""
CREATE OR REPLACE TEMP TABLE ruled AS
WITH p AS (
  SELECT id, day, ore, function, art, cvr, coalesce(vat, 0) AS vat,
         upper(trim(json_extract_string(extra, '$.momskode'))) AS code,
         lower(trim(json_extract_string(extra, '$.tilskudsyder'))) AS grantor,
         json_extract_string(extra, '$.ejerforhold') AS ownership,
         function IN (SELECT function FROM liable) AS is_liable,
         art <> '2.6' AND (art LIKE '2%' OR art IN ('4.5', '4.9')) AS refund_art
  FROM postings
  WHERE day >= DATE '2007-01-01' AND CAST(split_part(function, '.', 1) AS INTEGER) <= 6
    -- Only these can meet a rule (V10 needs a negative amount, the others an art with VAT or a
    -- purchase from a supplier): the JSON of the rest is never read.
    AND (ore < 0 OR (art IS NOT NULL AND (coalesce(vat, 0) <> 0 OR (ore > 0 AND cvr IS NOT NULL))))
)
SELECT *,
  CASE
    WHEN grantor = 'fond' AND ore < 0 AND NOT is_liable THEN 'V10'
    WHEN art IS NULL THEN NULL
    WHEN is_liable AND code = 'R' AND vat <> 0 THEN 'V1'
    WHEN is_liable AND code IS NULL AND vat > 0 AND refund_art THEN 'V1-kontrol'
    WHEN is_liable THEN NULL
    WHEN art = '2.6' THEN CASE WHEN code = 'R' AND vat <> 0 THEN 'V3' END
    WHEN vat > 0 AND coalesce(code, '') NOT IN ('R', 'K') THEN CASE WHEN NOT refund_art THEN 'V5' WHEN code IS NOT NULL THEN 'V2' END
    WHEN vat = 0 AND cvr IS NOT NULL AND coalesce(code, '') <> 'R' AND ore > 0 AND NOT EXISTS (
           SELECT 1 FROM registrations r WHERE r.cvr = p.cvr AND r.operating = 0 AND p.day >= r.vfrom AND (r.vto IS NULL OR p.day <= r.vto))
      THEN CASE WHEN EXISTS (SELECT 1 FROM registrations r WHERE r.cvr = p.cvr AND r.operating = 1) THEN 'V8' ELSE 'liste' END
  END AS rule
FROM p
"""
)
unlisted = con.execute(
    """SELECT min(year(day)) FROM ruled r WHERE rule = 'liste'
       AND NOT EXISTS (SELECT 1 FROM positive_list l WHERE l.year = year(r.day))"""
).fetchone()[0]
if unlisted is not None:
    sys.exit(f"der er ingen positivliste for {unlisted}")
rows = con.execute(
    f"""
WITH lists AS (
  SELECT year, function, art, CAST(split_part(rate, '/', 1) AS HUGEINT) AS rn, CAST(split_part(rate, '/', 2) AS HUGEINT) AS rd, ownership4, id
  FROM positive_list p WHERE import_id = (SELECT max(import_id) FROM positive_list q WHERE q.year = p.year)
),
listed AS (
  SELECT r.*, e.rn, e.rd, e.ownership4
  FROM ruled r
  LEFT JOIN LATERAL (
    SELECT * FROM lists l WHERE r.rule = 'liste' AND l.year = year(r.day) AND l.function = r.function AND (l.art IS NULL OR l.art = r.art)
    ORDER BY l.id LIMIT 1
  ) e ON TRUE
  WHERE r.rule IS NOT NULL
),
found AS (
  SELECT day,
    CASE WHEN rule <> 'liste' THEN rule WHEN rn IS NULL THEN NULL
         WHEN ownership4 = 1 AND ownership IS NOT NULL AND ownership <> '4' THEN 'V7' ELSE 'V6' END AS kind,
    CASE WHEN rule = 'V10' THEN (abs(ore) * {FOUNDATION_PCT10} + 500) // 1000
         WHEN rule IN ('V1', 'V1-kontrol', 'V2', 'V3', 'V5') THEN vat
         WHEN rule = 'liste' AND NOT (ownership4 = 1 AND ownership IS NOT NULL AND ownership <> '4') THEN (ore * rn * 2 + rd) // (2 * rd)
         ELSE 0 END AS amount
  FROM listed
)
SELECT CASE WHEN kind IN ('V2', 'V5', 'V6') AND DATE '{today}' > make_date(year(day) + 5, 12, 31) THEN 'V12'
            WHEN kind = 'V1-kontrol' THEN 'V1' ELSE kind END AS shown,
       count(*), sum(amount)
FROM found WHERE kind IS NOT NULL GROUP BY shown ORDER BY shown
"""
).fetchall()
seconds = time.time() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
count = con.execute("SELECT count(*) FROM postings").fetchone()[0]
kr = lambda ore: f"{ore // 100}.{ore % 100:02d}"
print("Moms: " + ", ".join(f"{k} {n} ({kr(int(a))})" for k, n, a in rows))
print(f"duckdb moms: {count} posteringer på {seconds:.2f} s; maks. hukommelse {peak:.0f} MiB")
