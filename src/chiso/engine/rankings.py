"""The province among provinces: its standing in every national table imported (`chiso import rankings`)."""

from dataclasses import dataclass
from datetime import date

from chiso.domain.periods import Period
from chiso.domain.rankings import INDEX_VI, Entry, Regions, Standing, province_key, set_of, standing
from chiso.engine.units import Units
from chiso.store.store import Store


@dataclass(frozen=True)
class Table:
    index: str
    period: Period
    source: str | None
    entries: tuple[Entry, ...]

    @property
    def name(self) -> str:
        return INDEX_VI.get(self.index, self.index)


def tables(store: Store) -> list[Table]:
    """Every national table in the store, by index, oldest period first."""
    rows = store.con.execute("SELECT index_code, period_label, period_start, period_end, province, province_key, "
                             "score, rank, source FROM national_scores ORDER BY index_code, period_end, "
                             "period_label, province_key").fetchall()
    grouped: dict[tuple[str, str], tuple[date, date, str | None, list[Entry]]] = {}
    for index, label, start, end, province, key, score, rank, source in rows:
        found = grouped.setdefault((str(index), str(label)), (start, end, source, []))
        found[3].append(Entry(str(province), str(key), None if score is None else float(score),
                              None if rank is None else int(rank)))
    return [Table(index, Period(label, start, end), source, tuple(entries))
            for (index, label), (start, end, source, entries) in grouped.items()]


def own_province(store: Store) -> str:
    """The province's key: its root unit's name without "UBND tỉnh"."""
    return province_key(Units(store).root().name)


@dataclass(frozen=True)
class Place:
    """The province in one table, with the table and the table it is compared with."""

    table: Table
    standing: Standing
    previous: Table | None


def places(store: Store, until: date | None = None) -> list[Place]:
    """The province's standing in every table (ending by ``until``), each against the previous table of the same
    index and period length (the year before, the quarter before)."""
    own, regions = own_province(store), Regions.load(store.config)
    found = [t for t in tables(store) if until is None or t.period.end <= until]
    out = []
    for t in found:
        days = (t.period.end - t.period.start).days
        earlier = [p for p in found if p.index == t.index and p.period.end < t.period.start
                   and abs((p.period.end - p.period.start).days - days) <= 3]
        previous = earlier[-1] if earlier else None
        place = standing(t.index, t.period.label, t.entries, own, set_of(t.period.end), regions,
                         None if previous is None else (previous.period.label, previous.entries))
        if place is not None:
            out.append(Place(t, place, previous))
    return out


def latest_places(store: Store, until: date | None = None) -> list[Place]:
    """Per index, the province's standing in its latest table (ending by ``until``)."""
    latest: dict[str, Place] = {}
    for place in places(store, until):
        latest[place.table.index] = place
    return sorted(latest.values(), key=lambda p: list(INDEX_VI).index(p.table.index)
                  if p.table.index in INDEX_VI else len(INDEX_VI))
