"""Figures brought up to date after a change of a few units' dossiers (engine/incremental.py) equal the figures
computed afresh, and only those units' dossiers are read again."""

import random
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from chiso.demo.build import build_demo
from chiso.domain.catalogue import Indicator
from chiso.domain.periods import Period, parse_period
from chiso.engine import compute
from chiso.engine.compute import Key, Tally, as_of
from chiso.engine.incremental import Row, additive, brought_up
from chiso.store import tally_cache
from chiso.store.apologies import mark_sent
from chiso.store.importing import import_records
from chiso.store.store import Store
from chiso.store.workspace import Workspace

PARENT = {"P": None, "A": "P", "B": "P", "A1": "A", "A2": "A"}


def test_a_changed_units_own_part_is_taken_off_and_its_new_part_added_up_the_tree() -> None:
    old: dict[str, list[Row]] = {"X": [("P", None, "X", 10, 20, None), ("A", None, "X", 6, 12, None),
                                       ("A1", None, "X", 2, 5, None), ("A2", None, "X", 1, 3, None),
                                       ("B", None, "X", 4, 8, None)]}
    # A1's own dossiers now count 4 of 6 (were 2 of 5); A's own part (6-2-1, 12-5-3) is unchanged
    now = brought_up(old, {("A1", None): {"X": (4, 6, 0.0)}}, {"A1"}, PARENT)
    assert now is not None
    assert {r[0]: (r[3], r[4]) for r in now["X"]} == {"P": (12, 21), "A": (8, 13), "A1": (4, 6), "A2": (1, 3),
                                                       "B": (4, 8)}
    # A's own dossiers (it has children) now count 3 of 3 (were 6-2-1 of 12-5-3)
    now = brought_up(old, {("A", None): {"X": (3, 3, 0.0)}}, {"A"}, PARENT)
    assert now is not None
    assert {r[0]: (r[3], r[4]) for r in now["X"]} == {"P": (10, 19), "A": (6, 11), "A1": (2, 5), "A2": (1, 3),
                                                       "B": (4, 8)}
    # a new breakdown value appears for A2: its group and its ancestors' appear
    old = {"X": [("P", "online", "X", 3, 4, None), ("A", "online", "X", 3, 4, None),
                 ("A1", "online", "X", 3, 4, None)]}
    now = brought_up(old, {("A2", "postal"): {"X": (0, 1, 0.0)}, ("A2", "online"): {"X": (0, 0, 0.0)}}, {"A2"}, PARENT)
    assert now is not None
    assert {(r[0], r[1]): (r[3], r[4]) for r in now["X"]} == {
        ("P", "online"): (3, 4), ("A", "online"): (3, 4), ("A1", "online"): (3, 4), ("A2", "online"): (0, 0),
        ("P", "postal"): (0, 1), ("A", "postal"): (0, 1), ("A2", "postal"): (0, 1)}


def test_an_average_of_whole_numbers_adds_up_and_holds_no_sum_where_it_counts_nothing() -> None:
    old: dict[str, list[Row]] = {"D": [("P", None, "D", 0, 3, 12.0), ("B", None, "D", 0, 2, 10.0),
                                       ("A", None, "D", 0, 1, 2.0), ("A1", None, "D", 0, 1, 2.0)],
                                 "N": [("P", None, "N", 3, 5, None), ("B", None, "N", 2, 2, None),
                                       ("A", None, "N", 1, 3, None), ("A1", None, "N", 1, 3, None)]}
    # A1's dossiers now hold no value (one dossier still counted by N): its sum goes, its row stays
    now = brought_up(old, {("A1", None): {"D": (0, 0, 0.0), "N": (0, 1, 0.0)}}, {"A1"}, PARENT, {"D"})
    assert now is not None
    assert {r[0]: r[3:] for r in now["D"]} == {"P": (0, 2, 10.0), "B": (0, 2, 10.0), "A": (0, 0, None),
                                               "A1": (0, 0, None)}


def test_a_group_that_may_have_lost_its_last_dossier_is_computed_afresh() -> None:
    old: dict[str, list[Row]] = {"X": [("P", None, "X", 1, 1, None), ("B", None, "X", 1, 1, None)]}
    assert brought_up(old, {}, {"B"}, PARENT) is None  # B has no dossier now: no row, not a row of zeros
    assert brought_up(old, {("B", None): {"X": (0, 0, 0.0)}}, {"B"}, PARENT) is not None  # it has, counted in none
    same = brought_up(old, {}, {"Z"}, PARENT)  # a unit outside the tree counts in no unit's figures
    assert same is not None and sorted(same["X"]) == sorted(old["X"])


@pytest.fixture()
def demo(store: Store) -> Iterator[Store]:
    build_demo(store, seed=11, dossiers=2500)
    yield store


def _figures(store: Store, indicators: list[Indicator], periods: list[Period], by: str | None
             ) -> dict[Key, dict[str, Tally]]:
    chosen = [i for i in indicators if by is None or i.kind != "feedback_ratio"]  # feedback has no breakdown
    return compute.run(store, chosen, periods, as_of(store), by)


def test_figures_brought_up_to_date_equal_figures_computed_afresh(demo: Store, monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    store = demo
    indicators = [i for i in store.catalogue().latest() if i.kind in ("dossier_ratio", "count", "average",
                                                                         "procedure_ratio", "feedback_ratio")]
    kinds = {i.id: additive(i) for i in indicators}
    assert kinds["ON_TIME"] and kinds["OVERDUE_OPEN"] and kinds["AVG_PROCESSING_DAYS"]  # counts, whole days
    assert not kinds["DOSSIER_RECEIVING_SATISFACTION"] and not kinds["ONLINE_PROCEDURES_OFFERED"]  # clamped, distinct
    # the data end on 31/12/2025: a dossier received later moves the moment the statuses of 2026 are taken at
    periods = [parse_period(p) for p in ("2025-Q4", "2025-12", "2025-11", "2025", "2025-Q3", "2026-01", "2026-Q1")]
    read: list[set[str]] = []  # the units each incremental computation read
    real = compute._compute

    def spy(*args: object, **kwargs: object) -> dict[Key, dict[str, Tally]]:
        only = kwargs.get("only")
        if only is not None:
            read.append(set(only))  # type: ignore[call-overload]
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compute, "_compute", spy)
    rng = random.Random(3)
    units = [str(r[0]) for r in store.con.execute(
        "SELECT DISTINCT processing_unit FROM dossiers ORDER BY 1").fetchall()]
    root = str(store.con.execute("SELECT code FROM units WHERE parent_code IS NULL").fetchone()[0])  # type: ignore[index]
    procedures = [str(r[0]) for r in store.con.execute(
        "SELECT code FROM procedures WHERE limit_value IS NOT NULL ORDER BY code").fetchall()]
    for round_ in range(5):
        for by in (None, "channel", "status"):
            _figures(store, indicators, periods, by)  # saved: what the next round starts from
        latest = as_of(store)
        assert latest is not None
        chosen = [*rng.sample(units, 2), root]  # the province's own dossiers too: a unit with children
        numbers = [str(r[0]) for r in store.con.execute(
            "SELECT number FROM dossiers WHERE processing_unit IN (?, ?) ORDER BY received_at DESC, number LIMIT 40",
            chosen[:2]).fetchall()]
        records: list[dict[str, object]] = []
        for number in rng.sample(numbers, min(6, len(numbers))):  # new versions: another unit, channel, end
            received = latest - timedelta(days=rng.randrange(20, 90), hours=rng.randrange(0, 8))
            finished = received + timedelta(days=rng.randrange(0, 15))
            records.append({"number": number, "procedure": rng.choice(procedures), "processing_unit": chosen[1],
                            "receiving_unit": chosen[1], "received_at": f"{received:%Y-%m-%d %H:%M}",
                            "finished_at": f"{finished:%Y-%m-%d %H:%M}" if finished < latest else "",
                            "channel": rng.choice(["online", "direct", "postal"])})
        for i in range(8):  # new dossiers, some open, none after the latest event
            received = latest - timedelta(days=rng.randrange(1, 100), hours=rng.randrange(0, 8))
            records.append({"number": f"INC-{round_}-{i}", "procedure": rng.choice(procedures),
                            "processing_unit": chosen[i % 3], "receiving_unit": chosen[i % 3],
                            "received_at": f"{received:%Y-%m-%d %H:%M}", "channel": rng.choice(["online", "direct"])})
        later = round_ % 2 == 1  # a dossier received after every event held: statuses are taken later
        if later:
            records.append({"number": f"INC-{round_}-late", "procedure": rng.choice(procedures),
                            "processing_unit": chosen[0], "receiving_unit": chosen[0],
                            "received_at": f"{latest + timedelta(days=rng.randrange(2, 9)):%Y-%m-%d %H:%M}",
                            "channel": "online"})
        import_records(store, "dossiers", records, "api:test", "token:test", None)
        if round_ == 2:  # an apology letter: one dossier of one unit
            mark_sent(store, numbers[0], latest.date(), 3, latest.date(), "test", "test")
        assert (as_of(store) != latest) == later
        brought = {}
        for by in (None, "channel", "status"):
            read.clear()
            brought[by] = _figures(store, indicators, periods, by)
            assert read, f"round {round_}, by {by}: nothing was brought up to date"
            if not later:
                assert all(only <= set(chosen) for only in read), "only the changed units' dossiers are read"
            else:  # and those of units with a dossier due, or ending, between the two moments
                assert all(len(only) < len(units) for only in read)
        read.clear()
        tally_cache.clear(store)
        for by in (None, "channel", "status"):
            assert brought[by] == _figures(store, indicators, periods, by), f"round {round_}, by {by}"
        assert not read


def test_any_other_change_reads_every_unit(demo: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    """Units, procedures, feedback and the like record no units: the figures are computed afresh."""
    store = demo
    period = [parse_period("2025-Q4")]
    indicators = [i for i in store.catalogue().latest() if additive(i)]
    _figures(store, indicators, period, None)
    latest = store.tally_stamp()
    store.con.execute("UPDATE procedures SET limit_value = limit_value + 1 WHERE code = (SELECT min(code) FROM "
                      "procedures WHERE limit_value IS NOT NULL)")
    from chiso.store.audit import record

    record(store, "test", "import.procedures", "procedures.csv", None, None)
    assert store.changed_units(latest, store.tally_stamp(), period[0].end_before) is None
    calls: list[object] = []
    real = compute._compute

    def spy(*args: object, **kwargs: object) -> dict[Key, dict[str, Tally]]:
        calls.append(kwargs.get("only"))
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compute, "_compute", spy)
    _figures(store, indicators, period, None)
    assert calls == [None]


def test_the_units_a_change_touched_are_recorded(home: Path) -> None:
    with Store.open(Workspace.resolve()) as store:
        build_demo(store, seed=2, dossiers=300)
        before = store.tally_stamp()
        row = store.con.execute("SELECT number, processing_unit, procedure_code, received_at FROM dossiers "
                                "ORDER BY number LIMIT 1").fetchone()
        assert row is not None
        other = store.con.execute("SELECT min(code) FROM units WHERE code <> ? AND parent_code IS NOT NULL",
                                  [row[1]]).fetchone()
        assert other is not None
        import_records(store, "dossiers", [{"number": row[0], "procedure": row[2], "processing_unit": other[0],
                                            "receiving_unit": other[0], "received_at": f"{row[3]:%Y-%m-%d %H:%M}"}],
                       "api:test", "token:test", None)
        assert store.changed_units(before, store.tally_stamp(), parse_period("2025").end_before) == {
            str(row[1]), str(other[0])}, "the unit it left and the unit it moved to"
        assert store.changed_units(before, store.tally_stamp(), row[3]) == set(), "a period ending before it"
