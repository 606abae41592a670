"""Minimal reproduction: DuckDB 1.5 try_strptime with a list of formats, over a few hundred thousand rows.

Reported in issue 12: 7 of 66 runs of a 300,000-row import died with SIGSEGV inside try_strptime called with a
list of formats. chiso then called try_strptime with one format at a time, coalesced; that crashed too (CI;
2 of 160 runs of a 60,000-row import; 2 of 4 imports of a 1,000,000-row file dated dd/mm/yyyy HH:MM; under gdb
the fault is in duckdb::StrpTimeFormat::Parse on a worker thread). chiso no longer calls strptime at all:
store/staging.py, parse_stamp, reads each format with a regular expression and a cast. Run:
`python scripts/duckdb-strptime-crash.py [RUNS] [ROWS]`; each run is a fresh process, and the script prints how
many died (a negative return code is the signal that killed it).
"""

import subprocess
import sys

CHILD = """
import duckdb
con = duckdb.connect()
rows = {rows}
moment = "TIMESTAMP '2024-01-01' + to_seconds(i * 37)"
con.execute(f"CREATE TABLE t AS SELECT CASE i % 3 WHEN 0 THEN strftime({{moment}}, '%Y-%m-%dT%H:%M:%S') "
            f"WHEN 1 THEN strftime({{moment}}, '%d/%m/%Y %H:%M') ELSE strftime({{moment}}, '%Y%m%d%H%M%S') END AS s "
            f"FROM range({{rows}}) r(i)")
formats = ['%Y-%m-%dT%H:%M:%S', '%Y-%m-%dT%H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%d', '%d/%m/%Y %H:%M:%S',
           '%d/%m/%Y %H:%M', '%d/%m/%Y', '%d-%m-%Y %H:%M', '%Y%m%d%H%M%S']
listed = "[" + ", ".join(f"'{{f}}'" for f in formats) + "]"
for _ in range(5):
    con.execute(f"CREATE OR REPLACE TABLE p AS SELECT try_strptime(s, {{listed}}) AS a, "
                f"try_strptime(s, {{listed}}) AS b FROM t")
print(con.execute("SELECT count(a) FROM p").fetchone()[0])
"""


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    rows = int(sys.argv[2]) if len(sys.argv) > 2 else 300_000
    died = 0
    for run in range(runs):
        done = subprocess.run([sys.executable, "-c", CHILD.format(rows=rows)], capture_output=True, text=True,
                              check=False)
        if done.returncode < 0:  # killed by a signal (SIGSEGV is -11)
            died += 1
            print(f"run {run + 1}: killed by signal {-done.returncode}")
        elif done.returncode != 0:
            raise SystemExit(f"run {run + 1} failed, not a crash: {done.stderr.strip()[-300:]}")
    print(f"{died} of {runs} runs died (duckdb {__import__('duckdb').__version__})")


if __name__ == "__main__":
    main()
