"""The peers' own tables: rows of a Hjemtag store copied once into a DuckDB file beside it (not
timed), through the sqlite3 shell's CSV output, so each peer times its rule on DuckDB's own table
of the same rows, as `sde_duckdb.py --tabel` does. The copy is redone when the store changed."""
import os
import subprocess
import time

import duckdb


def open_copy(store, name, tables):
    """tables: {table: (SELECT on the store, DuckDB column types as {name: type})}."""
    path = os.path.join(os.path.dirname(os.path.abspath(store)), f"{name}-peer.duckdb")
    stat = os.stat(store)
    stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
    wal = store + "-wal"
    if os.path.exists(wal):
        stamp += f":{os.stat(wal).st_size}:{os.stat(wal).st_mtime_ns}"
    con = duckdb.connect(path)
    con.execute("SET threads TO 2")
    if con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = 'stamp'").fetchone():
        if con.execute("SELECT s FROM stamp").fetchone()[0] == stamp:
            return con
    loading = time.time()
    csv = path + ".csv"
    for table, (sql, columns) in tables.items():
        with open(csv, "wb") as out:
            subprocess.run(["sqlite3", "-readonly", "-csv", store, sql], stdout=out, check=True)
        if os.path.getsize(csv) == 0:
            con.execute(f"CREATE OR REPLACE TABLE {table} ({', '.join(f'{c} {t}' for c, t in columns.items())})")
            continue
        spec = ", ".join(f"'{c}': '{t}'" for c, t in columns.items())
        con.execute(
            f"""CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_csv('{csv}', header=false, delim=',', quote='"', escape='"',
                nullstr='', columns={{{spec}}})"""
        )
    os.remove(csv)
    con.execute("CREATE OR REPLACE TABLE stamp AS SELECT ? AS s", [stamp])
    print(f"duckdb: tabellerne indlæst på {time.time() - loading:.2f} s (ikke med i regnetiden)")
    return con
