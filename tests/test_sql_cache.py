"""Compiled SQL is cached on disk per definition and settings; a damaged cache file is ignored."""

from pathlib import Path

from chiso.demo.build import build_demo
from chiso.domain.periods import parse_period
from chiso.engine import compute
from chiso.engine.compute import as_of, run
from chiso.store.store import Store


def test_cached_statements_give_the_same_counts(store: Store) -> None:
    build_demo(store, seed=9, dossiers=3000)
    indicators = [store.catalogue().indicator(i, parse_period("2024").end) for i in ("ON_TIME", "ONLINE_RATE")]
    periods = [parse_period("2024-Q1"), parse_period("2024-Q2")]
    compute._CACHE.clear()
    first = run(store, indicators, periods, as_of(store))
    files = list((store.path.parent / "cache").glob("sql-*.json"))
    assert len(files) == 1 and "chiso_periods" in files[0].read_text(encoding="utf-8")
    compute._CACHE.clear()
    assert run(store, indicators, periods, as_of(store)) == first  # read back from disk
    files[0].write_text("{not json", encoding="utf-8")
    compute._CACHE.clear()
    assert run(store, indicators, periods, as_of(store)) == first  # recompiled, and the file rewritten
    assert files[0].read_text(encoding="utf-8").startswith("[")
    other = [store.catalogue().indicator("DIGITISATION_RATE", parse_period("2024").end)]
    run(store, other, periods, as_of(store))
    assert len(list(Path(store.path.parent / "cache").glob("sql-*.json"))) == 2
