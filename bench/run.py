"""Import throughput and memory: 1 million dossier rows from CSV through chiso, beside a plain DuckDB read_csv.

Run with `make bench`. Prints a table; the reference is measured in the same run on the same file. Each import
runs as `chiso import` in its own process, so its peak memory is its own (not the generator's). Set
CHISO_BENCH_BIG_ROWS (e.g. 10000000) to add a line for a larger file, written in chunks of ROWS.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from chiso.demo.build import catalogue
from chiso.demo.dossiers import Catalogue, generate
from chiso.demo.procedures import procedure_table
from chiso.demo.units import unit_table
from chiso.domain.calendar import WorkCalendar
from chiso.store.importing import import_table
from chiso.store.store import Store
from chiso.store.workspace import Workspace

ROWS = int(os.environ.get("CHISO_BENCH_ROWS", "1000000"))


BIG = int(os.environ.get("CHISO_BENCH_BIG_ROWS", "0"))


# The peak is read from /proc/self/status (VmHWM): getrusage's ru_maxrss of a child starts from its parent's.
HWM = "next(int(x.split()[1]) for x in open('/proc/self/status') if x.startswith('VmHWM'))"
PEAK = ("import runpy, sys\nsys.argv = ['chiso'] + sys.argv[1:]\ncode = 0\ntry:\n"
        "    runpy.run_module('chiso', run_name='__main__')\nexcept SystemExit as exc:\n    code = exc.code\n"
        f"print('PEAK_KB', {HWM}, file=sys.stderr)\nsys.exit(code)")


def _import(db: Path, csv_path: Path) -> tuple[float, float, str]:
    """Seconds, peak RSS (MB) and the summary line of `chiso import dossiers` in a process of its own."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, "--db", str(db), "import", "dossiers", str(csv_path)],
                          capture_output=True, text=True, check=False, env=os.environ.copy())
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    peak = next(int(line.split()[1]) for line in done.stderr.splitlines() if line.startswith("PEAK_KB")) / 1024
    return seconds, peak, done.stdout.strip().splitlines()[0]


def _child(code: str) -> tuple[float, float]:
    """Seconds and peak RSS (MB) of a Python snippet in a process of its own."""
    script = "import time, duckdb\nt = time.perf_counter()\n" + code + \
        f"\nprint(time.perf_counter() - t, {HWM} / 1024)"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    seconds, peak = done.stdout.split()
    return float(seconds), float(peak)


def _store(db: Path) -> tuple[Catalogue, WorkCalendar]:
    """A store at ``db`` with the demo's units and procedures; what the generator needs of it."""
    os.environ["CHISO_HOME"] = str(db.parent)
    with Store.open(Workspace.resolve(db)) as store:
        import_table(store, "units", unit_table(), "units")
        import_table(store, "procedures", procedure_table(), "procedures")
        return catalogue(store), store.calendar


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cat, cal = _store(folder / "bench.duckdb")
        csv_path = folder / "dossiers.csv"
        con = duckdb.connect()
        table = generate(np.random.default_rng(1), cal, cat, ROWS)
        con.register("t", table.drop(["_line"]))
        con.execute(f"COPY t TO '{csv_path}' (HEADER)")
        con.close()
        del table
        size = csv_path.stat().st_size / 1e6
        reference, ref_peak = _child(f"duckdb.connect('{folder / 'ref.duckdb'}').execute("
                                     f"\"CREATE TABLE d AS SELECT * FROM read_csv('{csv_path}')\")")
        base = folder / "bench.duckdb"
        ours, peak, line = _import(base, csv_path)
        rerun, peak2, line2 = _import(base, csv_path)
    print(f"chiso import bench: {ROWS:,} dossier rows, CSV {size:.0f} MB, {os.cpu_count()} cores")
    print(f"{'what':<52}{'seconds':>10}{'ratio':>8}{'peak MB':>10}")
    print(f"{'DuckDB read_csv into a table (reference)':<52}{reference:>10.2f}{1:>8.2f}{ref_peak:>10,.0f}")
    print(f"{'chiso import dossiers (validate, hash, due, write)':<52}{ours:>10.2f}{ours / reference:>8.2f}"
          f"{peak:>10,.0f}")
    print(f"{'chiso import again (idempotent, nothing changes)':<52}{rerun:>10.2f}{rerun / reference:>8.2f}"
          f"{peak2:>10,.0f}")
    print(f"  {line}\n  {line2}")
    print("goals: <= 10 s for 1,000,000 rows, <= 5x the reference; peak MB is the import process's own "
          "(process start and imports included)")
    if BIG:
        _big(folder_rows=BIG)
    sys.stdout.flush()


def _big(folder_rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cat, cal = _store(folder / "big.duckdb")
        csv_path = folder / "big.csv"
        con = duckdb.connect()
        parts = -(-folder_rows // ROWS)
        for chunk in range(parts):
            table = generate(np.random.default_rng(100 + chunk), cal, cat, ROWS)
            con.register("t", table.drop(["_line"]))
            con.execute(f"COPY (SELECT * REPLACE (number || '-{chunk}' AS number) FROM t) TO "
                        f"'{folder / f'p{chunk}.csv'}' (HEADER)")
            con.unregister("t")
            del table
        con.execute(f"COPY (SELECT * FROM read_csv('{folder}/p*.csv', all_varchar = true)) TO '{csv_path}' (HEADER)")
        con.close()
        for chunk in range(parts):
            (folder / f"p{chunk}.csv").unlink()
        seconds, peak, line = _import(folder / "big.duckdb", csv_path)
    print(f"{f'chiso import, {folder_rows:,} rows':<52}{seconds:>10.2f}{'':>8}{peak:>10,.0f}\n  {line}")


if __name__ == "__main__":
    main()
