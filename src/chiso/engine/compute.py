"""Running compiled indicator queries on the store, for units × periods, with descendants included."""

import hashlib
import time
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from chiso.domain.catalogue import Indicator
from chiso.domain.errors import ChisoError
from chiso.domain.periods import Period
from chiso.engine import sql_cache
from chiso.engine.incremental import additive, brought_up
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


def statements_for(store: Store, indicators: Sequence[Indicator], by: str | None,
                   only: bool = False) -> list[Statements]:
    """The DuckDB statements of these indicators: from memory, from the on-disk cache, or compiled now.
    ``only``: of the units of ``chiso_only_units`` alone (``compile_indicators``)."""
    key = cache_key(indicators, by, (*store.settings.fingerprint(), *(("only units",) if only else ())))
    if key not in _CACHE:
        folder = store.path.parent / "cache"
        found = sql_cache.load(folder, key, indicators)
        if found is None:
            from chiso.engine.compile import compile_indicators  # Ibis is imported only when compiling

            compiled = compile_indicators(indicators, store.settings, by, store.settings.unit_column, only)
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
    families = {(ind.id, pid): run_family(shared[ind.id], p) for ind in indicators for pid, p in enumerate(periods)}
    moments = [p.status_moment(moment) for p in periods]
    keys = {k: f"{base}-{stamps[k[1]]}" for k, base in bases.items()}
    saved = tally_cache.load(store, list(keys.values()))

    def gaps() -> tuple[list[int], list[Indicator]]:
        """The periods with an indicator not saved, and the indicators not saved for one of them."""
        missing = sorted({pid for (_, pid), key in keys.items() if key not in saved})
        return missing, [i for i in indicators if any(keys[(i.id, pid)] not in saved for pid in missing)]

    missing, wanted = gaps()
    started = time.perf_counter()
    brought = _brought_up(store, [i for i in wanted if additive(i)], periods, missing, moment, by, families, stamps)
    quick = (time.perf_counter() - started) / max(len(brought), 1)
    saved.update({keys[k]: rows for k, rows in brought.items()})
    missing, wanted = gaps()
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
    tally_cache.save(store, [tally_cache.Saved(key, bases[k], stamps[k[1]], rows[key], seconds, families[k],
                                               moments[k[1]]) for key, k in pending.items()]
                     + [tally_cache.Saved(keys[k], bases[k], stamps[k[1]], found, quick, families[k], moments[k[1]])
                        for k, found in brought.items()])
    return out


SHARE = 0.5  # changes of more than this share of the units: the period is computed afresh, which is then quicker


def _brought_up(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period], pids: Sequence[int],
                moment: datetime | None, by: str | None, families: dict[tuple[str, int], str],
                stamps: Sequence[int]) -> dict[tuple[str, int], list[tally_cache.Row]]:
    """The rows, by (indicator, period index), of the ``indicators`` (each adding up over units) and periods
    ``pids`` that a saved run of older data can be brought up to date from, reading alone the dossiers of the
    units changed since, and of the units whose statuses may differ if that run took them at another moment
    (``engine.incremental``)."""
    out: dict[tuple[str, int], list[tally_cache.Row]] = {}
    older = tally_cache.older(store, {families[(i.id, pid)]: stamps[pid] for i in indicators for pid in pids})
    if not older:
        return out
    parent = {code: unit.parent for code, unit in Units(store).by_code.items()}
    # (indicators, units to read) -> each period's saved keys to start from: periods alike are computed together
    work: dict[tuple[tuple[str, ...], frozenset[str]], dict[int, dict[str, str]]] = {}
    for pid in pids:
        starts: dict[tuple[int, datetime], list[Indicator]] = {}
        for ind in indicators:
            found = older.get(families[(ind.id, pid)])
            if found is not None and found.moment is not None:
                starts.setdefault((found.stamp, found.moment), []).append(ind)
        at = periods[pid].status_moment(moment)
        for (stamp, then), chosen in starts.items():
            changed = store.changed_units(stamp, stamps[pid], periods[pid].end_before)
            if changed is not None and then != at and len(changed) <= SHARE * len(parent):
                changed |= _units_between(store, min(then, at), max(then, at), stamps[pid])
            if changed is not None and len(changed) <= SHARE * len(parent):
                work.setdefault((tuple(i.id for i in chosen), frozenset(changed)), {})[pid] = {
                    ind.id: older[families[(ind.id, pid)]].key for ind in chosen}
    by_id = {i.id: i for i in indicators}
    for (ids, touched), begun in work.items():
        old = tally_cache.load(store, [key for keys in begun.values() for key in keys.values()])
        if any(key not in old for keys in begun.values() for key in keys.values()):  # replaced meanwhile
            continue
        asked = list(begun)
        own = _compute(store, [by_id[i] for i in ids], [periods[p] for p in asked], moment, by, only=touched) \
            if touched else {}
        for local, pid in enumerate(asked):
            counts = {(unit, value): {i: (t.numerator, t.denominator, t.total or 0.0) for i, t in tallies.items()}
                      for (unit, at_, value), tallies in own.items() if at_ == local}
            now = brought_up({i: old[key] for i, key in begun[pid].items()}, counts, touched, parent,
                             {i for i in ids if by_id[i].kind == "average"})
            if now is not None:
                out.update({(ind, pid): rows for ind, rows in now.items()})
    return out


_BETWEEN: dict[tuple[str, int, datetime, datetime], set[str]] = {}  # (store, data stamp, first, last) -> units


def _units_between(store: Store, first: datetime, last: datetime, stamp: int) -> set[str]:
    """The units of the dossiers whose status may differ when taken at ``first`` or at ``last``: a due moment, an
    end (finished, returned, refused …) or a supplement request's start or end between them. Kept for the data
    of tally stamp ``stamp``: every period whose statuses are taken at the latest event asks the same."""
    key = (store.url or str(store.path), stamp, first, last)
    if key not in _BETWEEN:
        if len(_BETWEEN) > 64:
            _BETWEEN.clear()
        _BETWEEN[key] = _read_units_between(store, first, last)
    return set(_BETWEEN[key])


def _read_units_between(store: Store, first: datetime, last: datetime) -> set[str]:
    span = f"BETWEEN {_stamp(first)} AND {_stamp(last)}"
    moments = " OR ".join(f"{c} {span}" for c in ("due_at", "due_at_computed", "finished_at", "returned_at",
                                                   "state_at"))
    rows = store.con.execute(
        "SELECT DISTINCT u FROM (SELECT unnest([processing_unit, receiving_unit]) AS u FROM dossiers WHERE "
        f"{moments} UNION ALL SELECT unnest([d.processing_unit, d.receiving_unit]) FROM dossier_stops s "
        f"JOIN dossiers d ON d.number = s.number WHERE s.start_at {span} OR s.end_at {span}) WHERE u IS NOT NULL"
    ).fetchall()
    return {str(r[0]) for r in rows}


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


def run_family(shared: tuple[str, str | None], period: Period) -> str:
    """``run_key`` but the moment statuses are taken at: a period's runs at any moment share it (an incremental
    update starts from the newest, see ``engine.incremental``)."""
    parts = (*shared, period.start_at.isoformat(), period.end_before.isoformat(), "statuses at any moment")
    return hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:32]


def _compute(store: Store, indicators: Sequence[Indicator], periods: Sequence[Period], moment: datetime | None,
             by: str | None = None, only: Collection[str] | None = None) -> dict[Key, dict[str, Tally]]:
    """Tallies of every unit with its descendants; ``only``: each of these units' own, from their dossiers alone
    (an incremental update, see ``engine.incremental``)."""
    prepare(store, periods, moment)
    if only is not None:
        known = Units(store).by_code
        pairs = ", ".join(f"({_quote(u)})" for u in sorted(only) if u in known) or "(NULL)"
        store.con.execute("CREATE OR REPLACE TEMP TABLE chiso_only_units AS SELECT CAST(unit AS VARCHAR) AS unit "
                          f"FROM (VALUES {pairs}) v(unit) WHERE unit IS NOT NULL")
        store.con.execute("CREATE OR REPLACE TEMP TABLE chiso_unit_tree AS SELECT unit, unit AS ancestor "
                          "FROM chiso_only_units")
    out: dict[Key, dict[str, Tally]] = {}
    for compiled in statements_for(store, indicators, by, only is not None):
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
