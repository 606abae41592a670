"""Computed indicator tallies kept in the store, shared by every process and kept across restarts.

A page that needs a period's figures first looks here: a run computed by another server worker, by an earlier
server, or by the background warmer is read in milliseconds instead of recomputed from the dossiers. A run is
found only under the stamp of the data it was computed from (``Store.tally_stamp``: every change to the rows
tallies are made of is in the audit log), so figures of older data are never shown; they are removed as new
runs are written. The cache is an optimisation only: a read-only store, or two processes saving the same run
at once, simply do not save.
"""

import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import duckdb

from chiso.store.keyed import keys_in, written
from chiso.store.store import Store

Row = tuple[str, str | None, str, int, int, float | None]  # unit, breakdown, indicator, num, den, total
RUN_COLUMNS = "run_key, base_key, data_stamp, computed_at, seconds, family_key, status_moment"


def load(store: Store, keys: Sequence[str]) -> dict[str, list[Row]]:
    """The saved rows of each of ``keys`` (each key holds its data stamp; keys not saved are absent)."""
    if not keys:
        return {}
    try:  # keys written out: PostgreSQL then reads only their rows, by the index of migration 0017
        present = {str(r[0]) for r in store.con.execute(
            f"SELECT run_key FROM computed_runs WHERE run_key IN ({written(keys)})").fetchall()}
        if not present:
            return {}
        found: dict[str, list[Row]] = {k: [] for k in present}
        for key, unit, breakdown, indicator, num, den, total in store.con.execute(
                "SELECT run_key, unit, breakdown, indicator, numerator, denominator, total FROM computed_tallies "
                f"WHERE run_key IN ({written(sorted(present))})").fetchall():
            found[str(key)].append((str(unit), None if breakdown is None else str(breakdown), str(indicator),
                                    int(num), int(den), None if total is None else float(total)))
    except duckdb.CatalogException:  # a store not yet migrated to schema 7 (opened read-only)
        return {}
    return found


@dataclass(frozen=True)
class Older:
    """A saved run of older data an incremental update can start from."""

    key: str
    stamp: int
    moment: datetime | None  # when its statuses were taken


def older(store: Store, wanted: Mapping[str, int]) -> dict[str, Older]:
    """For each family of ``wanted`` (a run's key without the data stamp and the moment statuses are taken at)
    saved under an older stamp than the one given: its newest such run (see ``engine.incremental``). One query
    for every family: on PostgreSQL each is a round trip."""
    if not wanted:
        return {}
    try:
        rows = store.con.execute(
            "SELECT family_key, run_key, data_stamp, status_moment FROM computed_runs "
            f"WHERE family_key IN ({written(sorted(wanted))}) AND data_stamp < {max(wanted.values())}").fetchall()
    except duckdb.Error:  # a store not yet migrated to schema 18 (opened read-only)
        return {}
    out: dict[str, Older] = {}
    for family, key, found, moment in rows:
        name = str(family)
        if int(found) < wanted[name] and (name not in out or int(found) > out[name].stamp):
            out[name] = Older(str(key), int(found), moment if isinstance(moment, datetime) else None)
    return out


_SAVING = threading.Lock()  # one saving transaction at a time in a process (DuckDB: no concurrent deletes)


@dataclass(frozen=True)
class Saved:
    """One run to save: its key (holding ``stamp``), the key without the stamp, the stamp, rows, seconds, and what
    an incremental update looks it up by."""

    key: str
    base: str
    stamp: int
    rows: Sequence[Row]
    seconds: float
    family: str | None = None  # the key without the data stamp and the moment statuses are taken at
    moment: datetime | None = None  # that moment


def save(store: Store, runs: Sequence[Saved]) -> bool:
    """Save runs in one transaction; drop runs of older data. False (and nothing saved) if it could not be
    written. Each key already holds its stamp (``engine.compute.run_key``): a key is never deleted and written
    again; keys saved meanwhile by another process are left as they are."""
    if store.read_only or not runs:
        return False
    with _SAVING:
        return _save(store, runs)


def _save(store: Store, runs: Sequence[Saved]) -> bool:
    import pyarrow as pa

    con = store.con
    now = datetime.now().replace(microsecond=0)
    table = pa.table({"run_key": [r.key for r in runs], "base_key": [r.base for r in runs],
                      "data_stamp": pa.array([r.stamp for r in runs], pa.int64()),
                      "computed_at": pa.array([now] * len(runs), pa.timestamp("us")),
                      "seconds": [round(r.seconds, 3) for r in runs],
                      "family_key": pa.array([r.family for r in runs], pa.string()),
                      "status_moment": pa.array([r.moment for r in runs], pa.timestamp("us"))})
    con.register("runs_in", table)
    try:
        con.execute("CREATE OR REPLACE TEMP TABLE runs_new AS SELECT * FROM runs_in")
        older = ("SELECT r.run_key FROM computed_runs r JOIN runs_new n ON (r.base_key = n.base_key "
                 "OR r.family_key = n.family_key) AND r.data_stamp < n.data_stamp")  # statuses at any moment
        con.execute(f"CREATE OR REPLACE TEMP TABLE runs_old AS {older}")  # one database written per transaction
        con.execute("BEGIN TRANSACTION")
        try:
            old = keys_in(store, "run_key", "SELECT run_key FROM runs_old")
            con.execute(f"DELETE FROM computed_tallies WHERE {old}")
            con.execute(f"DELETE FROM computed_runs WHERE {old}")
            present = {str(r[0]) for r in con.execute(
                "SELECT r.run_key FROM computed_runs r JOIN runs_new n ON r.run_key = n.run_key").fetchall()}
            con.execute(f"INSERT INTO computed_runs ({RUN_COLUMNS}) SELECT {RUN_COLUMNS} FROM runs_new "
                        "WHERE run_key NOT IN (SELECT run_key FROM computed_runs)")
            rows = [(r.key, row) for r in runs if r.key not in present for row in r.rows]
            if rows:
                _insert(con, rows)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
    except duckdb.Error:  # saved meanwhile by another worker, a write conflict, a read-only store: not saved
        return False
    finally:
        con.unregister("runs_in")
        con.execute("DROP TABLE IF EXISTS runs_new")
        con.execute("DROP TABLE IF EXISTS runs_old")
    return True


def _insert(con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[str, Row]]) -> None:
    import pyarrow as pa

    table = pa.table({
        "run_key": [k for k, _ in rows], "unit": [r[0] for _, r in rows],
        "breakdown": pa.array([r[1] for _, r in rows], pa.string()), "indicator": [r[2] for _, r in rows],
        "numerator": pa.array([r[3] for _, r in rows], pa.int64()),
        "denominator": pa.array([r[4] for _, r in rows], pa.int64()),
        "total": pa.array([r[5] for _, r in rows], pa.float64())})
    con.register("tallies_in", table)
    try:
        con.execute("INSERT INTO computed_tallies SELECT * FROM tallies_in")
    finally:
        con.unregister("tallies_in")


def clear(store: Store) -> None:
    """Forget every saved run (after a restore, or when the definitions of figures change)."""
    store.con.execute("DELETE FROM computed_tallies")
    store.con.execute("DELETE FROM computed_runs")

