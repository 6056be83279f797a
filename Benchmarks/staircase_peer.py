"""The peer for `hjemtag trappe beregn` and `hjemtag trappe afstem` on a store (issue 22 § 2): the
whole refund staircase (finansieringsloven §§ 5-6) and the reconciliation with Ydelsesrefusion's
rows, in DuckDB SQL and a Python walk, on DuckDB's own tables of the same rows.

What it expresses, as StaircaseCalculator does: each payment split over the ISO weeks it covers by
days, the last week taking the remainder (division truncated toward zero); benefits the catalogue
(Sources/HjemtagCore/Resources/parameters/kataloger/ydelser.json) marks as not covered left out;
a benefit that needs a grant date (førtidspension) takes the latest grant on or before the
payment's first day, and is left out without one or with one before the benefit's `grantedFrom`;
a week wholly after a benefit ended counted as its successor; weeks before the transition or
outside the benefit's period left out. Per person, from the first week with benefits: the n-th
week with benefits sets the step (5, 27, 53); at each week with benefits, 52 whole calendar weeks
of self-support (weeks without benefits and without subsidised employment) within the last three
years restart the count (§ 6). Rates 80/40/30/20 % refund and 20/60/70/80 % co-financing, each
person-week-benefit rounded half away from zero to øre. The transitional week of 2016 is not
expressed: the peer refuses a store with payments before 2016-01-04, or with staircase counters
carried over a retention boundary, or with staircase parameters entered in the store.

The reconciliation: YR's rows of the weeks from `from` to `to`, fleksbidrag left out, corrections
of the same person, week and benefit added up (the first row's rates kept); a full outer join with
our weeks; `kun_i_yr`, `kun_i_egne_data`, `sats_afviger` (YR's rate for the financing differs),
`beloeb_afviger` (amount or result more than 1,00 kr. apart) or `enig`; the amount at stake in the
municipality's favour.

Usage: staircase_peer.py STORE.sqlite FROM TO
Loads the store's rows into a DuckDB file beside it once (peer_tables.py, not timed), then times the rule."""
import bisect
import datetime
import json
import os
import resource
import sqlite3
import sys
import time
import unicodedata

import pandas
import peer_tables

store, start, end = sys.argv[1], datetime.date.fromisoformat(sys.argv[2]), datetime.date.fromisoformat(sys.argv[3])
here = os.path.dirname(os.path.abspath(__file__))
catalogue = json.load(open(os.path.join(here, "../Sources/HjemtagCore/Resources/parameters/kataloger/ydelser.json")))["benefits"]
REFUND, COFIN, STARTS, RESET_WEEKS, WINDOW_YEARS = [80, 40, 30, 20], [20, 60, 70, 80], [5, 27, 53], 52, 3

src = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
for table, why in [("staircase_carries", "tællere båret over en sletning"), ("parameter_values WHERE parameter_id LIKE 'trappe.%'", "indtastede trappeparametre")]:
    if src.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]:
        sys.exit(f"peeren udtrykker ikke {why}")
if src.execute("SELECT COUNT(*) FROM benefit_payments WHERE period_from < '2016-01-04'").fetchone()[0]:
    sys.exit("peeren udtrykker ikke overgangsugen 2016")

con = peer_tables.open_copy(
    store,
    "trappe",
    {
        "payments": (
            "SELECT id, cpr, benefit, period_from, period_to, amount_ore FROM benefit_payments",
            {"id": "BIGINT", "cpr": "VARCHAR", "benefit": "VARCHAR", "pfrom": "DATE", "pto": "DATE", "ore": "BIGINT"},
        ),
        "grants": ("SELECT cpr, granted_on FROM pension_grants", {"cpr": "VARCHAR", "granted": "DATE"}),
        "subsidised": ("SELECT cpr, valid_from, valid_to FROM subsidised_periods", {"cpr": "VARCHAR", "vfrom": "DATE", "vto": "DATE"}),
        "yr": (
            "SELECT id, week, cpr, benefit_name, benefit, computed_ore, refund_rate, refund_ore, cofinancing_rate, cofinancing_ore FROM yr_rows",
            {
                "id": "BIGINT", "week": "DATE", "cpr": "VARCHAR", "benefit_name": "VARCHAR", "benefit": "VARCHAR", "computed": "BIGINT",
                "refund_rate": "VARCHAR", "refund": "BIGINT", "cofinancing_rate": "VARCHAR", "cofinancing": "BIGINT",
            },
        ),
    },
)
con.execute("CREATE OR REPLACE TEMP TABLE catalogue (code VARCHAR, financing VARCHAR, bfrom DATE, bto DATE, granted_from DATE, successor VARCHAR)")
con.executemany(
    "INSERT INTO catalogue VALUES (?, ?, ?, ?, ?, ?)",
    [(b["code"], b["financing"], b["from"], b.get("to"), b.get("grantedFrom"), b.get("successor")) for b in catalogue],
)

started = time.time()
# The payments counted, each split over its ISO weeks (Monday to Sunday) by days.
con.execute(
    """
CREATE OR REPLACE TEMP TABLE weeks AS
WITH counted AS (
  SELECT p.*, c.financing, c.bfrom, c.bto, c.successor, c.granted_from,
         (SELECT max(g.granted) FROM grants g WHERE g.cpr = p.cpr AND g.granted <= p.pfrom) AS granted
  FROM payments p JOIN catalogue c ON c.code = p.benefit
  WHERE c.financing <> 'ikke_omfattet' AND p.pfrom <= ?
),
placed AS (
  SELECT * FROM counted WHERE granted_from IS NULL OR granted >= granted_from
),
spans AS (
  SELECT id, cpr, benefit, ore, financing, bfrom, bto, successor, m::DATE AS monday,
         least(pto, m::DATE + 6) - greatest(pfrom, m::DATE) + 1 AS days, pto - pfrom + 1 AS total,
         m::DATE = pto - CAST(isodow(pto) - 1 AS INTEGER) AS is_last
  FROM placed, generate_series(pfrom - CAST(isodow(pfrom) - 1 AS INTEGER), pto, INTERVAL 7 DAY) AS g(m)
),
shared AS (
  SELECT *, CASE WHEN ore * days >= 0 THEN (ore * days) // total ELSE -((-ore * days) // total) END AS share FROM spans
),
parts AS (
  SELECT cpr, benefit, financing, bfrom, bto, successor, monday,
         CASE WHEN is_last THEN ore - (sum(share) OVER (PARTITION BY id) - share) ELSE share END AS part
  FROM shared
),
named AS (
  SELECT p.cpr, p.monday, p.part,
         CASE WHEN p.successor IS NOT NULL AND p.monday > p.bto AND s.bfrom <= p.monday + 6 AND (s.bto IS NULL OR s.bto >= p.monday)
              THEN s.code ELSE p.benefit END AS benefit,
         CASE WHEN p.successor IS NOT NULL AND p.monday > p.bto AND s.bfrom <= p.monday + 6 AND (s.bto IS NULL OR s.bto >= p.monday)
              THEN TRUE ELSE p.bfrom <= p.monday + 6 AND (p.bto IS NULL OR p.bto >= p.monday) END AS covered
  FROM parts p LEFT JOIN catalogue s ON s.code = p.successor
)
SELECT n.cpr, n.monday, n.benefit, c.financing, sum(n.part)::BIGINT AS ore
FROM named n JOIN catalogue c ON c.code = n.benefit
WHERE n.covered GROUP BY ALL
""",
    [end],
)
subsidised = {}
for cpr, monday in con.execute(
    """SELECT DISTINCT cpr, m::DATE FROM subsidised, generate_series(vfrom - CAST(isodow(vfrom) - 1 AS INTEGER), vto, INTERVAL 7 DAY) AS g(m) WHERE vfrom <= ?""",
    [end],
).fetchall():
    subsidised.setdefault(cpr, set()).add(monday.toordinal())


def normalise(name):
    """ColumnName.normalise: YR's benefit names the catalogue does not know are keyed by it."""
    out = ""
    for ch in name.lower():
        out += {"æ": "ae", "ø": "oe", "å": "aa", " ": "_", "-": "_", ".": "_", "/": "_"}.get(ch) or unicodedata.normalize("NFD", ch)[0]
    return "_".join(p for p in out.split("_") if p)


con.execute("CREATE OR REPLACE TEMP TABLE yr_names AS SELECT * FROM (VALUES ('', '')) AS t(name, key) WHERE false")
names = [(n, normalise(n)) for (n,) in con.execute("SELECT DISTINCT benefit_name FROM yr WHERE benefit IS NULL").fetchall()]
if names:
    con.executemany("INSERT INTO yr_names VALUES (?, ?)", names)


def years_back(ordinal):
    d = datetime.date.fromordinal(ordinal)
    try:
        return d.replace(year=d.year - WINDOW_YEARS).toordinal()
    except ValueError:  # 29 February: the month's last day, as Day.adding(months:) does
        return d.replace(year=d.year - WINDOW_YEARS, day=28).toordinal()


first_week = start.toordinal() - start.weekday()
last_week = end.toordinal() - end.weekday()
counts, resets = [], 0
by_person = con.execute("SELECT cpr, list(DISTINCT monday ORDER BY monday) FROM weeks GROUP BY cpr").fetchall()
for cpr, mondays in by_person:
    own = subsidised.get(cpr, ())
    count, support, head, previous = 0, [], 0, None
    for monday in mondays:
        w = monday.toordinal()
        if w > last_week:
            break
        if previous is not None:
            support.extend(x for x in range(previous + 7, w, 7) if x not in own)
            head = bisect.bisect_left(support, years_back(w), head)
            if len(support) - head >= RESET_WEEKS:
                if w >= first_week:
                    resets += 1
                count, support, head = 0, [], 0
        count += 1
        previous = w
        if w >= first_week:
            counts.append((cpr, monday, count))
counts_frame = pandas.DataFrame(counts, columns=["cpr", "monday", "n"])
con.execute("CREATE OR REPLACE TEMP TABLE counts AS SELECT cpr, CAST(monday AS DATE) AS monday, n FROM counts_frame")
stepped = f"""
  SELECT w.cpr, w.monday, w.benefit, w.financing, w.ore, c.n,
         CASE WHEN c.n < {STARTS[0]} THEN 0 WHEN c.n < {STARTS[1]} THEN 1 WHEN c.n < {STARTS[2]} THEN 2 ELSE 3 END AS step
  FROM weeks w JOIN counts c USING (cpr, monday)
"""
rated = f"""
  SELECT *, CASE WHEN financing = 'medfinansiering' THEN list_extract({COFIN}, step + 1) ELSE list_extract({REFUND}, step + 1) END AS pct
  FROM ({stepped})
"""
con.execute(
    f"""CREATE OR REPLACE TEMP TABLE ours AS
    SELECT *, CASE WHEN ore >= 0 THEN (ore * pct + 50) // 100 ELSE -((-ore * pct + 50) // 100) END AS result FROM ({rated})"""
)
refund, cofin, persons, rows = con.execute(
    """SELECT sum(result) FILTER (WHERE financing = 'refusion'), sum(result) FILTER (WHERE financing = 'medfinansiering'),
              count(DISTINCT cpr), count(*) FROM ours"""
).fetchone()
staircase_seconds = time.time() - started
reconciling = time.time()
statuses = con.execute(
    """
WITH theirs AS (
  SELECT y.cpr, y.week AS monday, coalesce(y.benefit, n.key) AS benefit,
         arg_min(y.refund_rate, y.id) AS refund_rate, arg_min(y.cofinancing_rate, y.id) AS cofinancing_rate,
         arg_min(c.financing, y.id) AS financing, sum(y.computed) AS computed,
         sum(CASE WHEN c.financing = 'medfinansiering' THEN y.cofinancing ELSE y.refund END) AS result
  FROM yr y LEFT JOIN catalogue c ON c.code = y.benefit LEFT JOIN yr_names n ON y.benefit IS NULL AND n.name = y.benefit_name
  WHERE y.week >= ? AND y.week <= ? AND coalesce(c.financing, '') <> 'ikke_omfattet'
  GROUP BY ALL
),
joined AS (
  SELECT o.pct AS our_pct, o.ore AS our_amount, o.result AS our_result, t.computed AS yr_amount, t.result AS yr_result,
         o.cpr IS NOT NULL AS has_ours, t.cpr IS NOT NULL AS has_yr, coalesce(o.financing, t.financing) AS financing,
         CASE WHEN coalesce(o.financing, t.financing) = 'medfinansiering' THEN t.cofinancing_rate ELSE t.refund_rate END AS yr_rate
  FROM ours o FULL OUTER JOIN theirs t ON o.cpr = t.cpr AND o.monday = t.monday AND o.benefit = t.benefit
),
judged AS (
  SELECT *,
         CASE WHEN financing = 'medfinansiering' THEN coalesce(yr_result, 0) - coalesce(our_result, 0)
              ELSE coalesce(our_result, 0) - coalesce(yr_result, 0) END AS diff,
         CASE WHEN NOT has_ours THEN 'kun_i_yr' WHEN NOT has_yr THEN 'kun_i_egne_data'
              WHEN yr_rate IS NOT NULL AND CAST(split_part(yr_rate, '/', 1) AS BIGINT) * 100 <> our_pct * CAST(split_part(yr_rate, '/', 2) AS BIGINT) THEN 'sats_afviger'
              WHEN abs(our_amount - yr_amount) > 100 OR abs(CASE WHEN financing = 'medfinansiering' THEN yr_result - our_result ELSE our_result - yr_result END) > 100
                THEN 'beloeb_afviger'
              ELSE 'enig' END AS status
  FROM joined
)
SELECT status, count(*), sum(CASE WHEN status = 'enig' THEN 0 ELSE diff END),
       sum(CASE WHEN status <> 'enig' AND diff >= 0 THEN diff ELSE 0 END), sum(CASE WHEN status <> 'enig' AND diff < 0 THEN diff ELSE 0 END)
FROM judged GROUP BY status ORDER BY status
""",
    [datetime.date.fromordinal(first_week), datetime.date.fromordinal(last_week)],
).fetchall()
reconcile_seconds = time.time() - reconciling
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kr = lambda ore: f"{ore // 100}.{ore % 100:02d}" if ore >= 0 else f"-{-ore // 100}.{-ore % 100:02d}"
print(f"Trappe {start}-{end}: refusion {kr(refund)}, medfinansiering {kr(cofin)}, {persons} personer, {resets} nulstillinger, {rows} personugeydelser")
print("Afstemning: " + ", ".join(f"{s} {n}" for s, n, *_ in statuses))
print(f"Til kommunens fordel: {kr(int(sum(r[3] for r in statuses)))}; imod kommunen: {kr(-int(sum(r[4] for r in statuses)))}")
# The figures in the order Hjemtag's `trappe beregn` and `trappe afstem` print them.
print(f"TAL trappe {kr(refund)} {kr(cofin)} {persons} {resets}")
n = {s: c for s, c, *_ in statuses}
favour, against = int(sum(r[3] for r in statuses)), -int(sum(r[4] for r in statuses))
print(f"TAL afstemning {' '.join(str(n.get(s, 0)) for s in ['enig', 'sats_afviger', 'beloeb_afviger', 'kun_i_yr', 'kun_i_egne_data'])} {kr(favour)} {kr(against)}")
print(f"duckdb trappe: {staircase_seconds:.2f} s; afstemning {reconcile_seconds:.2f} s; i alt {staircase_seconds + reconcile_seconds:.2f} s; maks. hukommelse {peak:.0f} MiB")
