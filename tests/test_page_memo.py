"""The web server's memory of computed figures: a dossier import forgets only what it can change."""

from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from chiso.demo.build import build_demo
from chiso.domain.periods import parse_period
from chiso.store.audit import record
from chiso.store.importing import import_file
from chiso.store.store import Store
from chiso.store.workspace import Workspace
from chiso.web import data
from chiso.web.core import Memo, Web


def test_a_memo_keeps_dated_results_up_to_the_moment_asked() -> None:
    memo = Memo()
    early, late = datetime(2024, 4, 1), datetime(2026, 1, 1)
    memo.get(("a",), lambda: 1, until=early)
    memo.get(("b",), lambda: 2, until=late)
    memo.get(("c",), lambda: 3)
    memo.bump(datetime(2025, 12, 1))
    assert memo.get(("a",), lambda: -1, until=early) == 1  # ends before the change: kept
    assert memo.get(("b",), lambda: -2, until=late) == -2  # ends after it: computed again
    assert memo.get(("c",), lambda: -3) == -3  # undated: never kept
    memo.bump(None)
    assert memo.get(("a",), lambda: -1, until=early) == -1


def test_a_result_computed_across_a_change_is_not_kept() -> None:
    memo = Memo()

    def make() -> int:
        memo.bump(None)  # the data change while it is computed
        return 1

    assert memo.get(("a",), make) == 1  # given to the one who asked
    assert memo.get(("a",), lambda: 2) == 2  # but not kept


def _web(home: Path) -> Web:
    with Store.open(Workspace.resolve()) as store:
        build_demo(store, seed=5, dossiers=3000)
    return Web(Workspace.resolve())


def _import_one(web: Web, folder: Path, number: str, received: str, finished: str) -> Store:
    """An import of one dossier of Sở Tư pháp, taken in by the web as a person's change; the store written."""
    store = web.store(live=True)
    procedure = store.con.execute("SELECT code FROM procedures WHERE limit_value IS NOT NULL LIMIT 1").fetchone()
    assert procedure is not None
    path = folder / f"{number}.csv"
    path.write_text("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
                    f"{number},{procedure[0]},H21.03,H21.03,{received},{finished},online\n", encoding="utf-8")
    import_file(store, "dossiers", path)
    web.changed()
    return store


def _fresh(web: Web, period_label: str) -> dict[str, Decimal | None]:
    run = data.index_run(web, parse_period(period_label))
    return {code: run.total(code, 0) for code in web.units().by_code}


@pytest.mark.usefixtures("engine")
def test_an_import_keeps_the_figures_of_earlier_periods_and_recomputes_the_later(home: Path, tmp_path: Path) -> None:
    web = _web(home)
    early, late = parse_period("2024-Q1"), parse_period("2025-Q4")
    kept = data.index_run(web, early)
    dropped = data.index_run(web, late)
    store = _import_one(web, tmp_path, "NEW-1", "2025-12-01 09:00", "2026-02-20 10:00")
    assert data.index_run(web, early) is kept
    assert data.index_run(web, late) is not dropped
    other = Web(Workspace.resolve())  # computed from scratch: the same figures
    assert _fresh(web, "2024-Q1") == _fresh(other, "2024-Q1")
    assert _fresh(web, "2025-Q4") == _fresh(other, "2025-Q4")
    other.root.close()
    record(store, "test", "setting.set", "x", None, None)  # any other change: every figure is computed again
    web.changed()
    assert data.index_run(web, early) is not kept
    record(store, "test", "user.add", "someone", None, None)  # accounts change no figure
    again = data.index_run(web, early)
    web.changed()
    assert data.index_run(web, early) is again
    web.root.close()


def test_an_import_of_recent_dossiers_recomputes_only_its_months_of_the_year(home: Path, tmp_path: Path) -> None:
    """The trend by month of a year is kept month by month: an import reaching December computes December again
    (and the year's series is put together anew), November and before are read as they were, and the series
    equals one computed from scratch."""
    web = _web(home)
    months, before = data.months_run(web, parse_period("2025-12"))
    november = web.memo.get(("month", months[10]), lambda: None)
    assert november is not None and len(before.periods) == 12
    _import_one(web, tmp_path, "DEC-1", "2025-12-10 09:00", "2026-03-20 10:00")
    assert web.memo.holds(("month", months[10])) and not web.memo.holds(("month", months[11]))
    _, after = data.months_run(web, parse_period("2025-Q4"))
    assert after is not before
    assert web.memo.get(("month", months[10]), lambda: None) is november  # read, not computed again
    other = Web(Workspace.resolve())  # computed from scratch: the same series
    _, fresh = data.months_run(other, parse_period("2025-12"))
    codes = list(web.units().by_code)
    assert [[after.total(c, m) for m in range(12)] for c in codes] == \
        [[fresh.total(c, m) for m in range(12)] for c in codes]
    assert after.total("H21.03", 11) != before.total("H21.03", 11) or after.tallies[("H21.03", 11)] != \
        before.tallies[("H21.03", 11)], "December of the importing unit changed"
    other.root.close()
    web.root.close()


def test_pushed_batches_are_coalesced(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A stream of pushes: the late monitor's results are forgotten at most every server.refresh_seconds (the
    first push after a quiet spell at once); the figures once the pushes pause for refresh_seconds, or at the
    latest server.figures_refresh_seconds after the first push they miss, never more often. A push recognised
    in the audit log (``import.dossiers`` from ``api:…``) is coalesced, any other change is not."""
    import time

    from chiso.store.importing import import_records

    web = _web(home)
    monkeypatch.setitem(web.root.settings.values, "server.refresh_seconds", 2)  # far above what a step takes
    monkeypatch.setitem(web.root.settings.values, "server.figures_refresh_seconds", 6)
    period = parse_period("2025-Q4")
    store = web.store(live=True)
    procedure = store.con.execute("SELECT code FROM procedures WHERE limit_value IS NOT NULL LIMIT 1").fetchone()
    assert procedure is not None

    def push(i: int) -> None:
        import_records(store, "dossiers", [{"number": f"PUSH-{i}", "procedure": procedure[0],
                                            "processing_unit": "H21.03", "receiving_unit": "H21.03",
                                            "received_at": "2025-12-01 09:00", "channel": "online"}],
                       "api:test", "token:test", None)
        web.changed_soon()

    def pushing_until(moment: float) -> None:  # a batch every 0.4 s: the pushes never pause
        while time.monotonic() < moment:
            time.sleep(0.4)
            push(int(time.monotonic() * 1000))

    data.index_run(web, period)  # compiled once, so that the steps below take far less than the intervals
    figures, late = data.index_run(web, period), data.late(web)
    began = time.monotonic()
    push(0)
    assert data.late(web) is not late, "after a quiet spell the late monitor takes a push in at once"
    late = data.late(web)
    assert data.index_run(web, period) is figures, "the figures wait for the pushes to pause"
    push(1)
    assert data.late(web) is late, "coalesced: the late monitor follows within refresh_seconds"
    pushing_until(began + 3)
    assert data.late(web) is not late, "the late monitor follows within refresh_seconds"
    pushing_until(began + 4.5)
    assert data.index_run(web, period) is figures, "pushes keep coming: the figures wait"
    pushing_until(began + 7)
    assert data.index_run(web, period) is not figures, "at the latest figures_refresh_seconds after the first push"
    figures = data.index_run(web, period)
    push(2)  # the last of the stream; the figures took pushes in less than figures_refresh_seconds ago
    time.sleep(2.5)
    assert data.index_run(web, period) is figures, "paused, but the figures were taken in too recently"
    time.sleep(began + 13.5 - time.monotonic())
    assert data.index_run(web, period) is not figures, "then the figures take in the last pushes"
    assert store.only_pushes_since(0) is False
    before = store.data_stamp()
    push(3)
    assert store.only_pushes_since(before)
    record(store, "test", "setting.set", "x", None, None)
    assert not store.only_pushes_since(before), "any other change is taken in at once (check_fresh)"
    web.root.close()


def test_a_shadow_version_is_served_once_computed() -> None:
    """Stale while revalidating: after ``bump_shadow`` pages read the results they had while the background
    computes the new ones; ``promote`` serves those; dated results the change keeps are in both."""
    import threading

    from chiso.web.core import _background

    memo = Memo()
    early, late = datetime(2024, 4, 1), datetime(2026, 1, 1)
    memo.get(("old",), lambda: 1, until=early)
    memo.get(("new",), lambda: 2, until=late)
    memo.bump_shadow(datetime(2025, 12, 1))
    assert memo.get(("new",), lambda: -2, until=late) == 2, "a page still reads what it had"
    seen: list[int] = []

    def warm() -> None:
        _background()
        seen.append(memo.get(("new",), lambda: 20, until=late))
        seen.append(memo.get(("old",), lambda: -1, until=early))

    thread = threading.Thread(target=warm)
    thread.start()
    thread.join()
    assert seen == [20, 1], "the background computes into the shadow, keeping what the change leaves"
    assert memo.get(("new",), lambda: -2, until=late) == 2
    memo.promote()
    assert memo.get(("new",), lambda: -2, until=late) == 20 and memo.get(("old",), lambda: -1, until=early) == 1
    memo.bump_shadow(None)
    memo.bump(None)  # a person's change: no shadow, everything computed again
    assert memo.shadow is None and memo.get(("new",), lambda: 3, until=late) == 3
