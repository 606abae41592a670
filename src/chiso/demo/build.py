"""Build the demo store: units, procedures, about 1.5 million dossiers and 5,000 feedback records."""

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

from chiso.demo.achievements import achievement_table
from chiso.demo.dossiers import Catalogue, generate_chunks
from chiso.demo.feedback import generate_feedback
from chiso.demo.plans import plan_table, record_quarterly, record_unit_quarterly, unit_plan_table
from chiso.demo.procedures import procedure_table
from chiso.demo.reported import generate_reported
from chiso.demo.tasks import record_progress, task_table
from chiso.demo.units import unit_table
from chiso.store.importing import ImportResult, import_file, import_table
from chiso.store.store import Store

SYNTHETIC_NOTE = "DỮ LIỆU MÔ PHỎNG / SYNTHETIC DATA: demo province, dossiers and feedback are generated"


@dataclass(frozen=True)
class DemoReport:
    results: list[ImportResult]
    seconds: float


def catalogue(store: Store) -> Catalogue:
    con = store.con
    units = con.execute("SELECT code, kind FROM units ORDER BY depth, kind <> 'department', code").fetchall()
    procs = con.execute("SELECT code, level, limit_value, limit_unit, fee, online_level, sector FROM procedures "
                        "WHERE limit_value IS NOT NULL ORDER BY code").fetchall()
    vi_units = {"working_days": "ngày làm việc", "days": "ngày", "months": "tháng", "hours": "giờ",
                "working_hours": "giờ làm việc"}
    return Catalogue([str(u[0]) for u in units], [str(u[1]) for u in units], [str(p[0]) for p in procs],
                     [str(p[1]) for p in procs], [int(p[2]) for p in procs], [vi_units[str(p[3])] for p in procs],
                     [p[4] for p in procs], [p[5] for p in procs], [str(p[6]) for p in procs])


def build_demo(store: Store, seed: int = 2024, dossiers: int = 1_500_000,
               progress: Callable[[str], None] | None = None) -> DemoReport:
    """Fill ``store`` with the demo province; deterministic for a seed."""
    tell = progress or (lambda _m: None)
    started = time.perf_counter()
    rng = np.random.default_rng(seed)
    results = [import_table(store, "units", unit_table(), "demo: units")]
    results.append(import_table(store, "procedures", procedure_table(), "demo: procedures"))
    tell(f"generating {dossiers:,} synthetic dossiers")
    with tempfile.TemporaryDirectory(prefix="chiso-demo-", dir=store.path.parent) as tmp:
        path = Path(tmp) / "demo-dossiers.csv"
        writer: pacsv.CSVWriter | None = None
        schema: pa.Schema | None = None
        for chunk in generate_chunks(rng, store.calendar, catalogue(store), dossiers):
            table = chunk.drop(["_line"])
            if writer is None or schema is None:
                schema = pa.schema([(name, pa.string()) for name in table.column_names])
                writer = pacsv.CSVWriter(str(path), schema)
            writer.write_table(table.cast(schema))
            del chunk, table
        if writer is not None:
            writer.close()
        tell("importing dossiers")
        results.append(import_file(store, "dossiers", path, source="demo: dossiers", progress=tell))
    codes = [str(r[0]) for r in store.con.execute("SELECT code FROM units ORDER BY depth, code").fetchall()]
    results.append(import_table(store, "feedback", generate_feedback(rng, codes), "demo: feedback"))
    province = codes[0]
    results.append(import_table(store, "reported", generate_reported(rng, province), "demo: reported values"))
    others = [c for c in codes if c != province]
    results.append(import_table(store, "plan", plan_table(province, others), "demo: plan and campaign"))
    record_quarterly(store, province)
    departments = [str(r[0]) for r in store.con.execute(
        "SELECT code FROM units WHERE kind = 'department' ORDER BY code").fetchall()]
    results.append(import_table(store, "plan", unit_plan_table(province, departments), "demo: unit plan"))
    record_unit_quarterly(store, departments)
    communes = [str(r[0]) for r in store.con.execute(
        "SELECT code FROM units WHERE kind = 'commune' ORDER BY code").fetchall()]
    results.append(import_table(store, "tasks", task_table(rng, departments, communes), "demo: task register"))
    record_progress(store, rng)
    results.append(import_table(store, "achievements", achievement_table(rng, departments, communes),
                                "demo: models, dialogues, awards"))
    store.set_meta("demo", f"seed={seed}; {SYNTHETIC_NOTE}")
    return DemoReport(results, time.perf_counter() - started)
