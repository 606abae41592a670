"""The same real-sized file imported again and again, each time in a new process (issue 12: DuckDB crashed with
SIGSEGV now and then inside try_strptime, given a list of formats or one format per call; chiso now reads dates
with regular expressions and casts, scripts/duckdb-strptime-crash.py)."""

from pathlib import Path

import duckdb
import numpy as np

from chiso.demo.build import catalogue
from chiso.demo.dossiers import generate
from chiso.demo.procedures import procedure_table
from chiso.demo.units import unit_table
from chiso.store.importing import import_table
from chiso.store.store import Store
from tests.conftest import chiso

RUNS = 6
ROWS = 60_000


def test_repeated_imports_never_crash(store: Store, home: Path, tmp_path: Path) -> None:
    import_table(store, "units", unit_table(), "units")
    import_table(store, "procedures", procedure_table(), "procedures")
    table = generate(np.random.default_rng(12), store.calendar, catalogue(store), ROWS)
    store.close()
    path = tmp_path / "dossiers.csv"
    con = duckdb.connect()
    con.register("t", table.drop(["_line"]))
    # Dates as one-stop exports write them (dd/mm/yyyy HH:MM): the spelling on which try_strptime crashed most.
    stamps = [c for c, t in zip(table.column_names, table.schema.types, strict=True) if str(t).startswith("timestamp")]
    columns = ", ".join(f"strftime({c}, '%d/%m/%Y %H:%M') AS {c}" if c in stamps else c
                        for c in table.column_names if c != "_line")
    con.execute(f"COPY (SELECT {columns} FROM t) TO '{path}' (HEADER)")
    con.close()
    outcomes = []
    for run in range(RUNS):
        done = chiso("import", "dossiers", str(path), env={"PYTHONFAULTHANDLER": "1"})  # a crash prints its stack
        # a crash is a negative code
        assert done.returncode == 0, (run, done.returncode, done.stdout[-300:], done.stderr[-1500:])
        outcomes.append(done.stdout.splitlines()[0])
    assert f"thêm/inserted {ROWS:,}".replace(",", ".") in outcomes[0]
    assert all(f"không đổi/unchanged {ROWS:,}".replace(",", ".") in o for o in outcomes[1:])
