"""A straightforward pandas implementation of the refund staircase (finansieringsloven § 5) on the
same weekly benefit file: the peer for `hjemtag bench trappe`. One counter per person across
benefits (cumulative count of the person's weeks with benefits), rates by band, refund or
co-financing per row, rounded half away from zero to øre. Within one year no § 6 reset can
occur (52 self-support weeks after the first benefit week do not fit), so a cumulative count is
the whole rule for this file. A benefit that counts only from its grant date (førtidspension,
`grantedFrom` in the benefit catalogue) is left out, as Hjemtag leaves it out without a grant
date: the file carries none (the pension grants are a file of their own)."""
import json
import os
import resource
import sys
import time

import numpy as np
import pandas as pd

path = sys.argv[1]
started = time.time()
catalogue = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "../Sources/HjemtagCore/Resources/parameters/kataloger/ydelser.json")))["benefits"]
needs_grant = {name for b in catalogue if b.get("grantedFrom") for name in [b["name"]] + b.get("aliases", [])}
df = pd.read_csv(path, sep=";", dtype={"cpr": str, "ydelse": str, "periode_fra": str, "periode_til": str, "beloeb": str})
df = df[~df["ydelse"].isin(needs_grant)]
df["ore"] = df["beloeb"].str.replace(",", "", regex=False).astype(np.int64)
df["week"] = pd.to_datetime(df["periode_fra"])
df = df.sort_values(["cpr", "week"], kind="stable")
df["count"] = df.groupby("cpr").cumcount() + 1
co = df["ydelse"].isin(["Arbejdsløshedsdagpenge", "Førtidspension"])
refund_pct = np.select([df["count"] <= 4, df["count"] <= 26, df["count"] <= 52], [80, 40, 30], 20)
co_pct = np.select([df["count"] <= 4, df["count"] <= 26, df["count"] <= 52], [20, 60, 70], 80)
pct = np.where(co, co_pct, refund_pct)
result = (df["ore"].to_numpy() * pct + 50) // 100  # amounts are positive: half away from zero
refund = int(result[~co.to_numpy()].sum())
cofin = int(result[co.to_numpy()].sum())
seconds = time.time() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"Trappe: refusion {refund // 100}.{refund % 100:02d}, medfinansiering {cofin // 100}.{cofin % 100:02d}, {len(df)} personuger")
print(f"pandas trappe: {len(df)} rækker på {seconds:.2f} s = {len(df) / seconds:.0f} rækker/s; maks. hukommelse {peak:.0f} MiB")
