"""Running compiled indicator queries on the store, for units × periods, with descendants included."""

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError
from chiso.domain.periods import Period
from chiso.engine import sql_cache
from chiso.engine.sql_cache import Statements, cache_key, to_statements
from chiso.engine.summary import latest_event
from chiso.engine.units import Units
from chiso.store import tally_cache
from chiso.store.store import Store

_CACHE: dict[str, list[Statements]] = {}
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


def statements_for(store: Store, indicators: Sequence[Indicator], by: str | None) -> list[Statements]:
    """The DuckDB statements of these indicators: from memory, from the on-disk cache, or compiled now."""
    key = cache_key(indicators, by, store.settings.fingerprint())
    if key not in _CACHE:
        folder = store.path.parent / "cache"
        found = sql_cache.load(folder, key, indicators)
        if found is None:
            from chiso.engine.compile import compile_indicators  # Ibis is imported only when compiling

            compiled = compile_indicators(indicators, store.settings, by, store.settings.unit_column)
            found = [to_statements(c) for c in compiled]
            sql_cache.save(folder, key, found)
        _CACHE[key] = found
    return _CACHE[key]


def as_of(store: Store, at: datetime | None = None) -> datetime | None:
    """The moment the data describe: ``at`` if given, else the latest event in the store."""
    return at if at is not None else latest_event(store)


def unit_tree(store: Store) -> list[tuple[str, str]]:
    """(unit, ancestor) for every unit, itself included."""
    units = Units(store)
    return [(code, ancestor) for code in units.by_code for ancestor in units.ancestors(code)]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _stamp(moment: datetime) -> str:
    return f"TIMESTAMP '{moment:%Y-%m-%d %H:%M:%S.%f}'"


def prepare(store: Store, periods: Sequence[Period], moment: datetime | None) -> None:
    """Load the run-time helper tables ``chiso_periods`` and ``chiso_unit_tree``.

    Written as SQL literals: small tables, and no pyarrow table (whose constructor imports pandas, ~0.7 s).
    """
    rows = ", ".join(f"({i}, {_stamp(p.start_at)}, {_stamp(p.end_before)}, {_stamp(p.status_moment(moment))})"
                     for i, p in enumerate(periods))
    store.con.execute("CREATE OR REPLACE TEMP TABLE chiso_periods AS SELECT CAST(pid AS INTEGER) AS pid, p_start, "
                      f"p_end, p_at FROM (VALUES {rows}) v(pid, p_start, p_end, p_at)")
    tree = ", ".join(f"({_quote(u)}, {_quote(a)})" for u, a in unit_tree(store))
    store.con.execute("CREATE OR REPLACE TEMP TABLE chiso_unit_tree AS SELECT unit, ancestor FROM "
                      f"(VALUES {tree}) v(unit, ancestor)")


def run(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period], moment: datetime | None,
        by: str | None = None) -> dict[Key, dict[str, Tally]]:
    """Tallies of every computed indicator for every unit (with descendants) and period.

    Each indicator's tallies of each period are first looked up in the store's tally cache (computed by any
    process from the same data, definition and settings, alone or beside other indicators); only the periods
    with an indicator missing are computed, for the indicators missing, together, then saved.
    """
    if not periods:
        raise ChisoError("no period to compute")
    if any(i.kind in COUNTED_IN_PYTHON for i in indicators):  # small registers: not kept in the tally cache
        rest = [i for i in indicators if i.kind not in COUNTED_IN_PYTHON]
        merged = run(store, rest, periods, moment, by) if rest else {}
        if by is None:
            for kind, counter in COUNTED_IN_PYTHON.items():
                chosen = [i for i in indicators if i.kind == kind]
                for found, tallies in (counter(store, chosen, periods, moment) if chosen else {}).items():
                    merged.setdefault(found, {}).update(tallies)
        return merged
    stamps = [store.tally_stamp(p.end_before) for p in periods]
    shared = {ind.id: run_key_shared(store, [ind], by) for ind in indicators}
    bases = {(ind.id, pid): run_key(shared[ind.id], p, moment) for ind in indicators for pid, p in enumerate(periods)}
    keys = {k: f"{base}-{stamps[k[1]]}" for k, base in bases.items()}
    saved = tally_cache.load(store, list(keys.values()))
    missing = sorted({pid for (_, pid), key in keys.items() if key not in saved})
    wanted = [i for i in indicators if any(keys[(i.id, pid)] not in saved for pid in missing)]
    started = time.perf_counter()
    computed = _compute(store, wanted, [periods[i] for i in missing], moment, by) if missing else {}
    seconds = (time.perf_counter() - started) / max(len(missing) * len(wanted), 1)
    by_id = {i.id: i for i in indicators}
    out: dict[Key, dict[str, Tally]] = {}
    for (ind, pid), key in keys.items():
        for unit, breakdown, _, num, den, total in saved.get(key, []):
            out.setdefault((unit, pid, breakdown), {})[ind] = Tally(by_id[ind], num, den, total)
    pending = {keys[(i.id, pid)]: (i.id, pid) for i in wanted for pid in missing if keys[(i.id, pid)] not in saved}
    rows: dict[str, list[tally_cache.Row]] = {key: [] for key in pending}
    for (unit, local, breakdown), tallies in computed.items():
        pid = missing[local]
        for ind, t in tallies.items():
            key = keys[(ind, pid)]
            if key in rows:
                out.setdefault((unit, pid, breakdown), {})[ind] = t
                rows[key].append((unit, breakdown, ind, t.numerator, t.denominator, t.total))
    tally_cache.save(store, [tally_cache.Saved(key, bases[k], stamps[k[1]], rows[key], seconds)
                             for key, k in pending.items()])
    return out


def _task_tallies(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period],
                  moment: datetime | None) -> dict[Key, dict[str, Tally]]:
    """Task indicators (kind task_ratio) of every unit with tasks, statuses at each period's end (or ``moment``)."""
    from chiso.engine.tasks import period_counts

    out: dict[Key, dict[str, Tally]] = {}
    for pid, period in enumerate(periods):
        for unit, counts in period_counts(store, period, moment).items():
            out[(unit, pid, None)] = {i.id: Tally(i, counts.measure(i.numerator), counts.measure(i.denominator))
                                      for i in indicators}
    return out


def _dialogue_tallies(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period],
                      moment: datetime | None) -> dict[Key, dict[str, Tally]]:
    """Dialogue indicators (kind dialogue_ratio): recommendations answered of those received at the period's
    dialogue conferences, per unit with its ancestors."""
    from chiso.engine.achievements import dialogue_counts

    out: dict[Key, dict[str, Tally]] = {}
    for pid, period in enumerate(periods):
        for unit, (answered, received) in dialogue_counts(store, period).items():
            out[(unit, pid, None)] = {i.id: Tally(i, answered, received) for i in indicators}
    return out


# Indicator kinds counted in Python from small registers rather than compiled to SQL: kind -> tallies of
# (store, indicators of that kind, periods, moment)
COUNTED_IN_PYTHON: dict[str, Callable[[Store, Sequence[Indicator], Sequence[Period], datetime | None],
                                      dict[Key, dict[str, Tally]]]] = {
    "task_ratio": _task_tallies, "dialogue_ratio": _dialogue_tallies}


def run_key_shared(store: Store, indicators: Sequence[Indicator], by: str | None) -> tuple[str, str | None]:
    """What every period's tallies of a run depend on: definitions, settings, breakdown, calendar."""
    return cache_key(indicators, by, store.settings.fingerprint()), store.meta("calendar_fingerprint")


def run_key(shared: tuple[str, str | None], period: Period, moment: datetime | None) -> str:
    """What a period's tallies depend on, but the data: ``run_key_shared``, the period and the moment statuses
    are taken at (the run reads nothing else: see ``prepare``)."""
    parts = (*shared, period.start_at.isoformat(), period.end_before.isoformat(),
             period.status_moment(moment).isoformat())
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def _compute(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period], moment: datetime | None,
             by: str | None = None) -> dict[Key, dict[str, Tally]]:
    prepare(store, periods, moment)
    out: dict[Key, dict[str, Tally]] = {}
    for compiled in statements_for(store, indicators, by):
        for name, sql in compiled.stages:
            store.con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {sql}")
        result = store.con.execute(compiled.final).to_arrow_table().to_pydict()
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
