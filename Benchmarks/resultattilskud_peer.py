"""The peer for `hjemtag resultattilskud` on a store (issue 22 § 2): integrationsloven § 45 and BEK
1591/2017 §§ 11-12 (Sources/HjemtagCore/ResultGrant/ResultGrant.swift, docs/rules/resultattilskud.md)
in Python on the store's integration rows, and DuckDB for what the ledger shows as received.

Per person, from the earliest programme start: rows of one kind (job, education) that follow day
after day make one spell, hours averaged by days; a spell or an exam outside the five years is
lost; the tier is years 1-3 or 4-5 by the spell's start. A job averaging under 20 hours a week,
or an education without SU or similar, is lost; six months continuously earn the grant on the
day six months after the start (pending while it runs, lost if it ended before); a passed exam
earns on its day. Amounts from the payment year's rate (Resources/parameters/resultattilskud.json),
zero where the year has none. Received: income on function 5.46.60 on the person (sign turned);
not found = earned less received, never below zero.

The peer refuses a store with OS2bos payments, Sensum services or tariffs (the cost view changes
what a posting counts as), or with resultattilskud rates entered in the store.

Usage: resultattilskud_peer.py STORE.sqlite TODAY"""
import calendar
import datetime
import json
import os
import resource
import sqlite3
import sys
import time
from decimal import Decimal
from fractions import Fraction

import peer_tables

store, today = sys.argv[1], datetime.date.fromisoformat(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
src = sqlite3.connect(f"file:{store}?mode=ro", uri=True)
for sql, why in [
    ("SELECT COUNT(*) FROM postings WHERE voucher LIKE 'os2bos-%'", "OS2bos-betalinger"),
    ("SELECT COUNT(*) FROM sensum_services", "Sensum-ydelser"),
    ("SELECT COUNT(*) FROM tariffs", "takster"),
    ("SELECT COUNT(*) FROM parameter_values WHERE parameter_id LIKE 'resultattilskud.%'", "indtastede satser"),
]:
    if src.execute(sql).fetchone()[0]:
        sys.exit(f"peeren udtrykker ikke {why}")
rates = {
    p["id"]: [(datetime.date.fromisoformat(v["from"]), v.get("to") and datetime.date.fromisoformat(v["to"]), int(Decimal(v["value"].replace(",", ".")) * 100)) for v in p["values"]]
    for p in json.load(open(os.path.join(here, "../Sources/HjemtagCore/Resources/parameters/resultattilskud.json")))["parameters"]
}
rows = src.execute("SELECT cpr, program_start, event, valid_from, valid_to, hours, supported FROM integration_rows ORDER BY id").fetchall()
con = peer_tables.open_copy(
    store, "resultattilskud", {"postings": ("SELECT cpr, function_code, amount_ore FROM postings", {"cpr": "VARCHAR", "function": "VARCHAR", "ore": "BIGINT"})}
)

started = time.time()


def day(text):
    return datetime.date.fromisoformat(text) if text else None


def add_months(d, n):
    """Day.adding(months:): the same day, or the month's last when it has fewer days."""
    m = d.month - 1 + n
    y, m = d.year + m // 12, m % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def rate(kind, tier, on):
    key = "resultattilskud.danskproeve" if kind == "danskproeve" else f"resultattilskud.{kind}.{tier}"
    for start, end, ore in rates[key]:
        if start <= on and (end is None or on <= end):
            return ore
    return 0  # the year's rate is not entered: valued at zero, as Hjemtag does, and said so there


def tier(program_start, start):
    if start < program_start or start >= add_months(program_start, 60):
        return None
    return "aar1_3" if start < add_months(program_start, 36) else "aar4_5"


persons = {}
for cpr, program, event, vfrom, vto, hours, supported in rows:
    persons.setdefault(cpr, []).append((day(program), event, day(vfrom), day(vto), Fraction(hours) if hours else Fraction(0), bool(supported)))
received = dict(con.execute("SELECT cpr, -sum(ore) FROM postings WHERE function = '5.46.60' AND cpr IS NOT NULL GROUP BY cpr").fetchall())
earned_total = pending_total = unclaimed_total = lost = 0
for cpr, events in persons.items():
    program_start = min(e[0] for e in events)
    earned = 0
    for kind in ("job", "uddannelse"):
        spells = []
        for _, _, start, end, hours, supported in sorted((e for e in events if e[1] == kind), key=lambda e: e[2]):
            days = max(0, ((end or today) - start).days + 1)
            last = spells[-1] if spells else None
            if last and last["to"] and last["to"] + datetime.timedelta(days=1) == start:
                last.update(to=end, hour_days=last["hour_days"] + hours * days, days=last["days"] + days, supported=last["supported"] and supported)
            else:
                spells.append({"from": start, "to": end, "hour_days": hours * days, "days": days, "supported": supported})
        for s in spells:
            t = tier(program_start, s["from"])
            earned_on = add_months(s["from"], 6)
            lasted = (s["to"] or today) >= earned_on - datetime.timedelta(days=1)
            if t is None or (kind == "job" and s["days"] > 0 and s["hour_days"] / s["days"] < 20) or (kind == "uddannelse" and not s["supported"]):
                lost += 1
            elif lasted:
                earned += rate(kind, t, earned_on)
            elif s["to"] is None:
                pending_total += rate(kind, t, earned_on)
            else:
                lost += 1
    for _, kind, start, *_ in events:
        if kind != "danskproeve":
            continue
        if tier(program_start, start) is None:
            lost += 1
        else:
            earned += rate(kind, None, start)
    earned_total += earned
    unclaimed_total += max(0, earned - received.get(cpr, 0))
seconds = time.time() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
kr = lambda ore: f"{ore // 100}.{ore % 100:02d}"
# The figures in the order `hjemtag resultattilskud` prints them.
print(f"TAL resultattilskud {len(persons)} {kr(earned_total)} {kr(unclaimed_total)} {kr(pending_total)} {lost}")
print(f"peer resultattilskud: {len(rows)} rækker på {seconds:.2f} s; maks. hukommelse {peak:.0f} MiB")
