"""Saved figures brought up to date after a change of a few units' dossiers, from those units' dossiers alone.

A saved run holds, for one indicator and period, every unit's tallies with its descendants (``engine.compute``).
When dossiers of a few units change (a pushed batch, an officer's import, an apology letter), the figures of the
other units' own dossiers are as they were. For a tally that adds up over units, a unit's own part is its saved
tally less its children's, so the new tallies are the saved ones plus, for each changed unit and each of its
ancestors, the change of that unit's own part: only the changed units' dossiers are read again.

This holds only for figures that add up: counts of dossiers with nothing subtracted (a difference clamped at zero
does not add up), and averages of whole numbers (a sum of decimals added in another order may differ in its last
digit; a sum of whole numbers may not). A group
(unit and breakdown value) that may have lost its last dossier cannot be told from one that keeps dossiers
counted in no figure; the caller then computes the period afresh.
"""

from collections import defaultdict
from collections.abc import Collection, Mapping

from chiso.domain.catalogue import Indicator
from chiso.engine.relations import WHOLE_NUMBER_COLUMNS

ADDITIVE_KINDS = ("dossier_ratio", "count")
Row = tuple[str, str | None, str, int, int, float | None]  # unit, breakdown, indicator, num, den, total
Group = tuple[str, str | None]  # unit, breakdown value
Counts = tuple[int, int, float]  # numerator, denominator, sum of values (averages; else 0)


def additive(indicator: Indicator) -> bool:
    """Whether an indicator's tallies add up over units (see the module's note)."""
    if indicator.kind == "average":
        return indicator.value in WHOLE_NUMBER_COLUMNS
    return indicator.kind in ADDITIVE_KINDS and not indicator.subtract


def brought_up(old: Mapping[str, list[Row]], own: Mapping[Group, Mapping[str, Counts]], changed: Collection[str],
               parent: Mapping[str, str | None], averages: Collection[str] = ()) -> dict[str, list[Row]] | None:
    """Each indicator's rows now, from ``old`` (its saved rows before the change), ``own`` (the tallies of each
    changed unit's own dossiers now, by group and indicator) and ``changed`` (the units whose dossiers changed);
    ``parent``: every unit's parent; ``averages``: the indicators that are averages (their rows hold a sum of
    values, none when they count no value). None when the rows cannot be told from these."""
    children: dict[str, list[str]] = defaultdict(list)
    for unit, above in parent.items():
        if above is not None:
            children[above].append(unit)

    def ancestors(unit: str) -> list[str]:
        chain: list[str] = []
        node: str | None = unit
        while node is not None and node in parent:
            chain.append(node)
            node = parent[node]
        return chain

    units = [u for u in sorted(changed) if u in parent]  # others count in no unit's figures
    reached = {a for u in units for a in ancestors(u)}
    present = {(a, b) for (u, b) in own if u in parent for a in ancestors(u)}  # groups with dossiers now
    tables: dict[str, dict[Group, Counts]] = {}
    for indicator, rows in old.items():
        before: dict[Group, Counts] = {(unit, b): (num, den, total or 0.0) for unit, b, _, num, den, total in rows}
        now = tables[indicator] = dict(before)
        for unit in units:
            values = {b for (u, b) in before if u == unit or u in children[unit]}
            values |= {b for (u, b) in own if u == unit}
            for value in values:
                was = before.get((unit, value), ZERO)
                for child in children[unit]:
                    part = before.get((child, value), ZERO)
                    was = (was[0] - part[0], was[1] - part[1], was[2] - part[2])
                is_ = own.get((unit, value), {}).get(indicator, ZERO)
                change = (is_[0] - was[0], is_[1] - was[1], is_[2] - was[2])
                if change == ZERO:
                    continue
                for above in ancestors(unit):
                    held = now.get((above, value), ZERO)
                    now[(above, value)] = (held[0] + change[0], held[1] + change[1], held[2] + change[2])
        if any(num < 0 or den < 0 for num, den, _ in now.values()):
            return None
    # Every indicator of a run is tallied over the same groups: a group with a dossier counted by any of them
    # has dossiers, and is a row (of zeros, maybe) of each.
    present |= {group for now in tables.values() for group, counts in now.items() if counts[:2] != (0, 0)}
    groups = {group for now in tables.values() for group in now}
    if any(group[0] in reached and group not in present for group in groups):
        return None  # perhaps no dossier left in this group: a fresh computation would leave it out
    return {indicator: [_row(unit, b, indicator, now.get((unit, b), ZERO), indicator in averages)
                        for unit, b in sorted(present | groups, key=lambda g: (g[0], g[1] or ""))]
            for indicator, now in tables.items()}


ZERO: Counts = (0, 0, 0.0)


def _row(unit: str, value: str | None, indicator: str, counts: Counts, average: bool) -> Row:
    num, den, total = counts
    return unit, value, indicator, num, den, (total if den else None) if average else None
