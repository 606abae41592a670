"""Holding units to their results: the composite of parts with the province's weights, a part without data
left out, candidates for commendation or a reminder, and each unit's scorecard equal to the engine's figures."""

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso.domain.accountability import composite, parse_weights, verdict
from chiso.domain.errors import InvalidValue
from chiso.domain.periods import parse_period
from chiso.engine.accountability import cards
from chiso.engine.compute import as_of, run
from chiso.engine.index import compute_index
from chiso.engine.tasks import period_counts
from chiso.store.store import Store
from chiso.store.workspace import Workspace
from tests.conftest import chiso

WEIGHTS = parse_weights("index_766=40; targets_met=20; tasks_on_time=30; apology_sent=10")


def test_the_composite_shares_a_missing_parts_weight() -> None:
    full = composite({"index_766": 80, "targets_met": 50, "tasks_on_time": 100, "apology_sent": 0}, WEIGHTS)
    assert full.score == pytest.approx(0.4 * 80 + 0.2 * 50 + 0.3 * 100) and full.left_out == ()
    partial = composite({"index_766": 80, "targets_met": None, "tasks_on_time": 50, "apology_sent": 100}, WEIGHTS)
    assert partial.left_out == ("targets_met",)
    assert partial.used == pytest.approx({"index_766": 50.0, "tasks_on_time": 37.5, "apology_sent": 12.5})
    assert partial.score == pytest.approx(0.5 * 80 + 0.375 * 50 + 0.125 * 100)
    assert composite({p: None for p in WEIGHTS}, WEIGHTS).score is None
    assert [verdict(s, 85, 60) for s in (90, 85, 70, 59.9, None)] == ["commend", "commend", None, "remind", None]


@pytest.mark.parametrize("text", ["index_766=40; speed=10", "index_766=-1", "index_766=abc", "index_766=0", ""])
def test_weights_that_cannot_be_read_are_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_weights(text)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("accountability")
    env = {"CHISO_HOME": str(root / "data"), "CHISO_CONFIG": str(root / "config")}
    (root / "config").mkdir()
    assert chiso("demo", "--dossiers", "6000", "--seed", "4", env=env).returncode == 0
    yield env


def _open(env: dict[str, str]) -> Store:
    home = Path(env["CHISO_HOME"])
    return Store.open(Workspace(home, home / "chiso.duckdb", Path(env["CHISO_CONFIG"])), read_only=True)


def test_each_card_holds_the_engines_figures(demo: dict[str, str]) -> None:
    period = parse_period("2024")
    with _open(demo) as store:
        found = cards(store, period, "department")
        index = compute_index(store, [period])
        kept = compute_index(store, [period, period.previous(), period.same_last_year()])  # as the pages keep it
        assert cards(store, period, "department", index=kept) == found
        wanted = [store.catalogue().indicator(i, period.end) for i in ("OVERDUE_OPEN", "APOLOGY_SENT")]
        tallies = run(store, wanted, [period], as_of(store))
        tasks = period_counts(store, period, as_of(store))
    assert len(found) == 20 and [c.rank for c in found] == sorted(c.rank for c in found if c.rank is not None)
    for card in found:
        assert card.total_766 == pytest.approx(float(index.score(card.code).total))
        apology = tallies[(card.code, 0, None)]["APOLOGY_SENT"]
        assert (card.late, card.apologies) == (apology.denominator, apology.numerator)
        assert card.overdue == tallies[(card.code, 0, None)]["OVERDUE_OPEN"].numerator
        assert card.tasks == tasks.get(card.code)
        parts = card.parts
        expected = composite(parts, WEIGHTS)
        assert card.result.score == pytest.approx(expected.score)
        assert card.verdict == verdict(card.result.score, 85, 60)
    best = found[0]
    assert all((c.result.score or 0) <= (best.result.score or 0) for c in found)


def test_weights_and_thresholds_are_settings(demo: dict[str, str]) -> None:
    env = {**demo}
    (Path(env["CHISO_CONFIG"]) / "settings.toml").write_text(
        '[accountability]\nweights = "index_766=1"\ncommend_from = 60\nremind_below = 50\n', encoding="utf-8")
    try:
        done = chiso("accountability", "--period", "2024", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        rows = json.loads(done.stdout)
        for row in rows:
            assert row["result"] == pytest.approx(row["index_766"], abs=0.01), "one part: the result is the 766 total"
            assert row["verdict"] == ("commend" if row["result"] >= 60 else "remind" if row["result"] < 50 else None)
        assert set(rows[0]) >= {"rank", "unit_code", "unit_name", "result", "index_766", "targets_met",
                                "tasks_on_time", "apology_sent", "overdue_dossiers", "verdict"}
        bad = chiso("accountability", "--period", "2024", "--level", "district", env=env)
        assert bad.returncode != 0 and "--level" in bad.stderr
    finally:
        os.remove(Path(env["CHISO_CONFIG"]) / "settings.toml")
