"""The SDE monthly test of BEK om den centrale refusionsordning § 3 in DuckDB SQL, on the same
CSV Hjemtag reads: the peer for `hjemtag bench sde`. Individuals only (no households file), the
same eligibility (SEL-, on CPR, betalingskommune empty or ours), periodisation by days with the
remainder to the last month, one-offs spread over 12 months, exact twelfths, rounding once.

With `--tabel` as the seventh argument the CSV is first loaded into a DuckDB table (timed on its
own) and the rule timed on that table: the peer for `hjemtag sde` on its store (issue 22)."""
import resource
import sys
import time

import duckdb

path, year, kommune, t1, t2, t3 = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6])
on_table = len(sys.argv) > 7 and sys.argv[7] == "--tabel"
con = duckdb.connect()
con.execute("SET threads TO 2")
csv = f"""read_csv('{path}', delim=';', header=true, decimal_separator=',', dateformat='%Y-%m-%d',
                columns={{'bilag':'VARCHAR','dato':'DATE','beloeb':'DECIMAL(18,2)','funktion':'VARCHAR','dranst':'VARCHAR','art':'VARCHAR',
                          'cpr':'VARCHAR','paragraf':'VARCHAR','periode_fra':'DATE','periode_til':'DATE','forvaltning':'VARCHAR',
                          'betalingskommune':'INTEGER','cvr':'VARCHAR','moms':'VARCHAR','tekst':'VARCHAR'}})"""
if on_table:
    loading = time.time()
    con.execute(f"CREATE TABLE postings AS SELECT * FROM {csv}")
    print(f"duckdb: tabellen indlæst på {time.time() - loading:.2f} s (ikke med i regnetiden)")
started = time.time()
source = "postings" if on_table else csv
query = f"""
WITH raw AS (
  SELECT row_number() OVER () AS rid, cpr, paragraf, betalingskommune,
         CAST(round(beloeb * 100) AS BIGINT) AS ore, dato, periode_fra, periode_til
  FROM {source}
),
eligible AS (
  SELECT * FROM raw WHERE cpr IS NOT NULL AND paragraf LIKE 'SEL-%' AND (betalingskommune IS NULL OR betalingskommune = {kommune})
),
spans AS (
  SELECT rid, cpr, ore, m::DATE AS month_start,
         least(periode_til, last_day(m::DATE)) - greatest(periode_fra, m::DATE) + 1 AS days,
         periode_til - periode_fra + 1 AS total_days,
         m::DATE = date_trunc('month', periode_til)::DATE AS is_last
  FROM eligible, generate_series(date_trunc('month', periode_fra)::DATE, date_trunc('month', periode_til)::DATE, INTERVAL 1 MONTH) AS g(m)
  WHERE periode_fra IS NOT NULL
),
dated AS (
  SELECT rid, cpr, month_start, is_last, ore, trunc(ore * days / total_days)::BIGINT AS share FROM spans
),
periodised AS (
  SELECT cpr, month_start,
         CASE WHEN is_last THEN ore - (sum(share) OVER (PARTITION BY rid) - share) ELSE share END AS part
  FROM dated
  UNION ALL
  SELECT cpr, make_date(year(dato), m, 1) AS month_start,
         CASE WHEN m = 12 THEN ore - 11 * trunc(ore / 12)::BIGINT ELSE trunc(ore / 12)::BIGINT END AS part
  FROM eligible, range(1, 13) AS r(m) WHERE periode_fra IS NULL
),
months AS (
  SELECT cpr, month_start, greatest(sum(part), 0)::HUGEINT * 12 AS e12
  FROM periodised WHERE year(month_start) = {year} GROUP BY cpr, month_start
),
tested AS (
  SELECT cpr,
         25 * greatest(least(e12, {t2 * 100}) - {t1 * 100}, 0)
       + 50 * greatest(least(e12, {t3 * 100}) - {t2 * 100}, 0)
       + 75 * greatest(e12 - {t3 * 100}, 0) AS x  -- = refund in øre × 1200
  FROM months
),
persons AS (
  SELECT cpr, sum(x) AS x FROM tested GROUP BY cpr
)
SELECT sum(CASE WHEN x > 0 THEN (x + 600) // 1200 ELSE 0 END) AS refund_ore,
       count(*) FILTER (WHERE x >= 600) AS subjects,
       (SELECT count(*) FROM raw) AS rows
FROM persons
"""
refund_ore, subjects, rows = con.execute(query).fetchone()
seconds = time.time() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"SDE {year}: refusion {refund_ore // 100}.{refund_ore % 100:02d} for {subjects} emner")
print(f"duckdb sde: {rows} rækker på {seconds:.2f} s = {rows / seconds:.0f} rækker/s; maks. hukommelse {peak:.0f} MiB")
