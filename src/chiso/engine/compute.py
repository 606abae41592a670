"""Running compiled indicator queries on the store, for units × periods, with descendants included."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import pyarrow as pa

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError
from chiso.domain.periods import Period
from chiso.engine.compile import Compiled, compile_indicators
from chiso.engine.summary import latest_event
from chiso.engine.units import Units
from chiso.store.store import Store

_CACHE: dict[tuple[object, ...], list[Compiled]] = {}
Key = tuple[str, int, str | None]  # unit, period index, breakdown value


@dataclass(frozen=True)
class Tally:
    """An indicator's counts for one unit and period."""

    indicator: Indicator
    numerator: int
    denominator: int
    total: float | None = None  # sum of values, for averages

    @property
    def value(self) -> float | None:
        kind = self.indicator.kind
        if kind == "count":
            return float(self.numerator)
        if not self.denominator:
            return None
        if kind == "average":
            return (self.total or 0.0) / self.denominator
        return 100.0 * self.numerator / self.denominator


def compiled_for(store: Store, indicators: Sequence[Indicator], by: str | None) -> list[Compiled]:
    key = (tuple(indicators), by, store.settings.fingerprint())
    if key not in _CACHE:
        _CACHE[key] = compile_indicators(indicators, store.settings, by, store.settings.unit_column)
    return _CACHE[key]


_SQL: dict[int, tuple[list[tuple[str, str]], str]] = {}


def compiled_sql(compiled: Compiled) -> tuple[list[tuple[str, str]], str]:
    """DuckDB statements of a compiled query (stages, result), compiled once."""
    key = id(compiled)
    if key not in _SQL:
        _SQL[key] = (compiled.stage_sql("duckdb"), compiled.sql("duckdb"))
    return _SQL[key]


def as_of(store: Store, at: datetime | None = None) -> datetime | None:
    """The moment the data describe: ``at`` if given, else the latest event in the store."""
    return at if at is not None else latest_event(store)


def unit_tree(store: Store) -> list[tuple[str, str]]:
    """(unit, ancestor) for every unit, itself included."""
    units = Units(store)
    return [(code, ancestor) for code in units.by_code for ancestor in units.ancestors(code)]


def prepare(store: Store, periods: Sequence[Period], moment: datetime | None) -> None:
    """Load the run-time helper tables ``chiso_periods`` and ``chiso_unit_tree``."""
    con = store.con
    periods_table = pa.table({
        "pid": pa.array(range(len(periods)), pa.int32()),
        "p_start": pa.array([p.start_at for p in periods], pa.timestamp("us")),
        "p_end": pa.array([p.end_before for p in periods], pa.timestamp("us")),
        "p_at": pa.array([p.status_moment(moment) for p in periods], pa.timestamp("us")),
    })
    tree = unit_tree(store)
    tree_table = pa.table({"unit": [u for u, _ in tree], "ancestor": [a for _, a in tree]})
    for name, table in (("chiso_periods", periods_table), ("chiso_unit_tree", tree_table)):
        con.register(f"{name}_in", table)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_in")
        con.unregister(f"{name}_in")


def run(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period], moment: datetime | None,
        by: str | None = None) -> dict[Key, dict[str, Tally]]:
    """Tallies of every computed indicator for every unit (with descendants) and period."""
    if not periods:
        raise ChisoError("no period to compute")
    prepare(store, periods, moment)
    out: dict[Key, dict[str, Tally]] = {}
    for compiled in compiled_for(store, indicators, by):
        stages, final = compiled_sql(compiled)
        for name, sql in stages:
            store.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")
        result = store.con.execute(final).fetch_arrow_table().to_pydict()
        rows = len(result["unit"])
        for i in range(rows):
            key = (str(result["unit"][i]), int(result["pid"][i]), None if by is None else str(result[by][i]))
            bucket = out.setdefault(key, {})
            for ind in compiled.indicators:
                den = int(result[f"{ind.id}__den"][i] or 0)
                if ind.kind == "average":
                    total = result[f"{ind.id}__sum"][i]
                    bucket[ind.id] = Tally(ind, 0, den, float(total) if total is not None else None)
                    continue
                num = int(result[f"{ind.id}__num"][i] or 0)
                num -= sum(int(result[f"{ind.id}__sub{k}"][i] or 0) for k in range(len(ind.subtract)))
                bucket[ind.id] = Tally(ind, max(num, 0), den)
    return out
