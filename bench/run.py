"""Import throughput: 1 million dossier rows from CSV through chiso, beside a plain DuckDB read_csv.

Run with `make bench`. Prints a table; the reference is measured in the same run on the same file.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np

from chiso.demo.build import catalogue
from chiso.demo.dossiers import generate
from chiso.demo.procedures import procedure_table
from chiso.demo.units import unit_table
from chiso.store.importing import import_file, import_table
from chiso.store.store import Store
from chiso.store.workspace import Workspace

ROWS = int(os.environ.get("CHISO_BENCH_ROWS", "1000000"))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["CHISO_HOME"] = str(folder)
        ws = Workspace.resolve(folder / "bench.duckdb")
        with Store.open(ws) as store:
            import_table(store, "units", unit_table(), "units")
            import_table(store, "procedures", procedure_table(), "procedures")
            table = generate(np.random.default_rng(1), store.calendar, catalogue(store), ROWS)
            csv_path = folder / "dossiers.csv"
            con = duckdb.connect()
            con.register("t", table.drop(["_line"]))
            con.execute(f"COPY t TO '{csv_path}' (HEADER)")
            size = csv_path.stat().st_size / 1e6

            started = time.perf_counter()
            ref = duckdb.connect(str(folder / "ref.duckdb"))
            ref.execute(f"CREATE TABLE d AS SELECT * FROM read_csv('{csv_path}')")
            reference = time.perf_counter() - started
            ref.close()

            started = time.perf_counter()
            result = import_file(store, "dossiers", csv_path)
            ours = time.perf_counter() - started
            started = time.perf_counter()
            again = import_file(store, "dossiers", csv_path)
            rerun = time.perf_counter() - started
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"chiso import bench: {ROWS:,} dossier rows, CSV {size:.0f} MB, {os.cpu_count()} cores")
    print(f"{'what':<48}{'seconds':>10}{'ratio':>8}")
    print(f"{'DuckDB read_csv into a table (reference)':<48}{reference:>10.2f}{1:>8.2f}")
    print(f"{'chiso import dossiers (validate, hash, due, write)':<48}{ours:>10.2f}{ours / reference:>8.2f}")
    print(f"{'chiso import again (idempotent, nothing changes)':<48}{rerun:>10.2f}{rerun / reference:>8.2f}")
    print(f"inserted {result.counts.inserted:,}; second run unchanged {again.counts.unchanged:,}; "
          f"peak RSS {peak:,.0f} MB; goal: <= 10 s for 1,000,000 rows")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
