"""Index speed: the full 766 index for every unit × 12 months of 2024, beside two references computing the same
counts in the same run: a hand-written DuckDB query and a vectorised pandas implementation.

Run with `make bench` (or `python bench/index.py`). Each implementation runs in its own process so that its
peak memory is its own. Stores are built once with the demo generator and kept in bench/.stores/.
Sizes: CHISO_BENCH_INDEX_SIZES (dossiers over 2024-2025; default 1.5 M ≈ 750 k a year, and 3 M ≈ 1.5 M a year).
"""

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STORES = HERE / ".stores"
RUNS = 3


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _current(path: Path) -> bool:
    """Whether a cached store holds everything today's demo builds (older ones lack the plans)."""
    import duckdb

    try:
        with duckdb.connect(str(path), read_only=True) as con:
            row = con.execute("SELECT count(*) FROM plans").fetchone()
            return bool(row and row[0])
    except duckdb.Error:
        return False


def build(size: int) -> Path:
    path = STORES / f"demo-{size}.duckdb"
    if path.exists() and _current(path):
        return path
    path.unlink(missing_ok=True)
    STORES.mkdir(exist_ok=True)
    env = {**os.environ, "CHISO_HOME": str(STORES), "CHISO_DB": str(path)}
    subprocess.run([sys.executable, "-m", "chiso", "demo", "--dossiers", str(size)], check=True, env=env,
                   stdout=subprocess.DEVNULL)
    return path


def child(kind: str, db: str) -> None:
    from datetime import datetime

    from chiso.domain.periods import months_of
    from chiso.engine.compute import as_of, prepare
    from chiso.engine.index import compute_index
    from chiso.store.store import Store
    from chiso.store.workspace import Workspace

    os.environ["CHISO_HOME"] = str(STORES)
    store = Store.open(Workspace.resolve(db), read_only=True)
    periods = months_of(2024)
    moment = as_of(store)
    root = store.con.execute("SELECT code FROM units WHERE parent_code IS NULL").fetchall()[0][0]
    base = rss_mb()
    times: list[float] = []
    cold = 0.0
    load = 0.0
    check: dict[str, list[int]] = {}
    if kind == "chiso":
        for i in range(RUNS + 1):
            started = time.perf_counter()
            result = compute_index(store, periods, at=moment)
            elapsed = time.perf_counter() - started
            cold, times = (elapsed, times) if i == 0 else (cold, [*times, elapsed])
        tallies = [result.tallies[(root, pid)] for pid in range(12)]
        check = {"on_time": [t["ON_TIME"].numerator for t in tallies], "den": [t["ON_TIME"].denominator for t in
                                                                               tallies],
                 "procs_online": [t["ONLINE_PROCEDURES_OFFERED"].numerator for t in tallies],
                 "satisfaction": [t["DOSSIER_RECEIVING_SATISFACTION"].numerator for t in tallies]}
    elif kind == "sql":
        sys.path.insert(0, str(HERE))
        import index_sql

        for i in range(RUNS + 1):
            started = time.perf_counter()
            prepare(store, periods, moment)
            rows = index_sql.run(store.con)
            elapsed = time.perf_counter() - started
            cold, times = (elapsed, times) if i == 0 else (cold, [*times, elapsed])
        mine = sorted((r for r in rows if r[0] == root), key=lambda r: int(str(r[1])))
        check = {"on_time": [int(str(r[5])) for r in mine], "den": [int(str(r[4])) for r in mine],
                 "procs_online": [int(str(r[16])) for r in mine], "satisfaction": [int(str(r[14])) for r in mine]}
    else:
        sys.path.insert(0, str(HERE))
        import index_pandas

        prepare(store, periods, moment)
        spans = [(i, p.start_at, p.end_before, p.status_moment(moment)) for i, p in enumerate(periods)]
        started = time.perf_counter()
        frames = index_pandas.load(store.con, periods[0].start_at, periods[-1].end_before)
        load = time.perf_counter() - started
        for i in range(RUNS + 1):
            started = time.perf_counter()
            out = index_pandas.compute(frames[0], frames[1], frames[3], spans)
            elapsed = time.perf_counter() - started
            cold, times = (elapsed, times) if i == 0 else (cold, [*times, elapsed])
        mine = out.loc[root].sort_values("pid")
        check = {"on_time": [int(v) for v in mine["on_time"]], "den": [int(v) for v in mine["den"]],
                 "procs_online": [int(v) for v in mine["p_online"]],
                 "satisfaction": [int(v) for v in mine["satisfaction"]]}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dossiers = store.con.execute("SELECT count(*) FROM dossiers WHERE year(received_at) = 2024").fetchall()[0][0]
    print(json.dumps({"kind": kind, "cold": cold, "warm": statistics.median(times), "load": load,
                      "peak_extra_mb": peak - base, "peak_mb": peak, "check": check, "dossiers": dossiers,
                      "at": f"{moment:%Y-%m-%d %H:%M}" if isinstance(moment, datetime) else None}))


def measure(kind: str, db: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, __file__, "--child", kind, str(db)], check=True, capture_output=True,
                          text=True)
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    sizes = [int(s) for s in os.environ.get("CHISO_BENCH_INDEX_SIZES", "1500000,3000000").split(",")]
    print(f"chiso index bench: 766 for every unit × 12 months of 2024; {os.cpu_count()} cores; "
          f"median of {RUNS} warm runs (cold = first run, compiling included)")
    for size in sizes:
        db = build(size)
        results = {kind: measure(kind, db) for kind in ("sql", "chiso", "pandas")}
        ref = float(str(results["sql"]["warm"]))
        print(f"\nstore: {db.name}, {int(str(results['sql']['dossiers'])):,} dossiers received in 2024")
        print(f"{'implementation':<34}{'warm s':>8}{'cold s':>8}{'ratio':>7}{'extra peak MB':>15}{'peak MB':>9}")
        labels = {"sql": "hand-written DuckDB SQL (reference)", "chiso": "chiso compute_index (ibis → DuckDB)",
                  "pandas": "pandas, vectorised"}
        for kind, label in labels.items():
            r = results[kind]
            warm = float(str(r["warm"]))
            print(f"{label:<34}{warm:>8.3f}{float(str(r['cold'])):>8.3f}{warm / ref:>7.2f}"
                  f"{float(str(r['peak_extra_mb'])):>15.0f}{float(str(r['peak_mb'])):>9.0f}")
        print(f"{'pandas: loading the columns':<34}{float(str(results['pandas']['load'])):>8.3f}")
        same = all(results[k]["check"] == results["sql"]["check"] for k in results)
        print("same province counts in all three: " + ("yes" if same else f"NO: {results}"))


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
    else:
        main()
