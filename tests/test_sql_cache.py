"""Compiled SQL is cached on disk per definition and settings; a damaged cache file is ignored."""

from pathlib import Path

from chiso.demo.build import build_demo
from chiso.domain.periods import parse_period
from chiso.engine import compute
from chiso.engine.compute import as_of, run
from chiso.store import tally_cache
from chiso.store.audit import record
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
    tally_cache.clear(store)  # else the tallies themselves are read back, with no query to run
    assert run(store, indicators, periods, as_of(store)) == first  # read back from disk
    files[0].write_text("{not json", encoding="utf-8")
    compute._CACHE.clear()
    tally_cache.clear(store)
    assert run(store, indicators, periods, as_of(store)) == first  # recompiled, and the file rewritten
    assert files[0].read_text(encoding="utf-8").startswith("[")
    other = [store.catalogue().indicator("DIGITISATION_RATE", parse_period("2024").end)]
    run(store, other, periods, as_of(store))
    assert len(list(Path(store.path.parent / "cache").glob("sql-*.json"))) == 2


def saved_runs(store: Store) -> int:
    row = store.con.execute("SELECT count(*) FROM computed_runs").fetchone()
    return int(row[0]) if row else 0


def test_computed_tallies_are_shared_and_never_outlive_their_data(store: Store) -> None:
    """Each indicator's run of each period is saved in the store and read back as computed, also when asked for
    alone or beside other indicators; after any change, it is computed again."""
    build_demo(store, seed=9, dossiers=3000)
    indicators = [store.catalogue().indicator(i, parse_period("2024").end) for i in ("ON_TIME", "ONLINE_RATE")]
    periods = [parse_period("2024-Q1"), parse_period("2024-Q2")]
    tally_cache.clear(store)
    first = run(store, indicators, periods, as_of(store))
    assert saved_runs(store) == 4 and any(t.denominator for tallies in first.values() for t in tallies.values())
    store.con.execute("UPDATE computed_tallies SET numerator = numerator + 1000000")  # marks what is read back
    again = run(store, indicators, periods, as_of(store))
    assert {k: {i: t.numerator - 1000000 for i, t in v.items()} for k, v in again.items()} == \
        {k: {i: t.numerator for i, t in v.items()} for k, v in first.items()}
    alone = run(store, indicators[1:], periods, as_of(store))  # one of the two: read back, not computed
    assert alone and all(set(v) == {"ONLINE_RATE"} and all(t.numerator >= 1000000 for t in v.values())
                         for v in alone.values())
    wider = [*indicators, store.catalogue().indicator("DIGITISATION_RATE", parse_period("2024").end)]
    mixed = run(store, wider, periods, as_of(store))  # the two read back, the third computed and saved
    assert all(t.numerator >= 1000000 for v in mixed.values() for i, t in v.items() if i != "DIGITISATION_RATE")
    assert any(i == "DIGITISATION_RATE" for v in mixed.values() for i in v) and saved_runs(store) == 6
    store.con.execute("DELETE FROM computed_runs WHERE run_key LIKE '%' AND run_key NOT IN "
                      "(SELECT run_key FROM computed_tallies WHERE indicator <> 'DIGITISATION_RATE')")
    store.con.execute("DELETE FROM computed_tallies WHERE indicator = 'DIGITISATION_RATE'")
    record(store, "test", "import.dossiers", "x", None, None)  # any change chiso makes is audited
    fresh = run(store, indicators, periods, as_of(store))
    assert fresh == first, "tallies of older data were read"
    assert saved_runs(store) == 4  # the runs of older data were removed when the new ones were saved
    store.read_only = True
    tally_cache.clear(store)
    assert run(store, indicators, periods, as_of(store)) == first and saved_runs(store) == 0


def test_changes_to_what_tallies_are_not_made_of_keep_them(store: Store) -> None:
    """Accounts, entered values, plans and published figures change the data stamp (pages are made again) but
    not the tally stamp: the saved tallies stay valid. Every other change, e.g. a calendar edit, does not."""
    build_demo(store, seed=9, dossiers=3000)
    indicators = [store.catalogue().indicator("ON_TIME", parse_period("2024").end)]
    periods = [parse_period("2024-Q1")]
    tally_cache.clear(store)
    run(store, indicators, periods, as_of(store))
    store.con.execute("UPDATE computed_tallies SET numerator = numerator + 1000000")  # marks what is read back
    tallies, data = store.tally_stamp(), store.data_stamp()
    for action in ("user.add", "target_value.add", "import.reported", "import.plan", "import.published"):
        record(store, "test", action, "x", None, None)
    assert store.data_stamp() > data and store.tally_stamp() == tallies
    kept = run(store, indicators, periods, as_of(store))
    assert all(t.numerator >= 1000000 for v in kept.values() for t in v.values())
    record(store, "test", "calendar.set", "2024-02-01", None, None)
    assert store.tally_stamp() > tallies
    again = run(store, indicators, periods, as_of(store))
    assert all(t.numerator < 1000000 for v in again.values() for t in v.values())


def test_a_dossier_import_leaves_the_figures_of_earlier_periods_as_saved(store: Store, tmp_path: Path) -> None:
    """Periods ending before the earliest receipt an import writes keep their saved tallies; later ones change
    (brought up to date from theirs, engine/incremental.py, or computed again)."""
    from chiso.store.importing import import_file

    build_demo(store, seed=9, dossiers=3000)
    indicators = [store.catalogue().indicator("ON_TIME", parse_period("2025").end)]
    early, late = parse_period("2024-Q1"), parse_period("2025-Q4")
    tally_cache.clear(store)
    run(store, indicators, [early], as_of(store))
    store.con.execute("UPDATE computed_tallies SET numerator = numerator + 1000000")  # marks what is read back
    before = {(unit, 1, b): v for (unit, _, b), v in run(store, indicators, [late], as_of(store)).items()}
    procedure = store.con.execute("SELECT code FROM procedures WHERE limit_value IS NOT NULL LIMIT 1").fetchone()
    assert procedure is not None
    path = tmp_path / "moi.csv"
    path.write_text("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
                    f"NEW-1,{procedure[0]},H21.03,H21.03,2025-12-01 09:00,2025-12-02 10:00,online\n", encoding="utf-8")
    import_file(store, "dossiers", path)
    after = run(store, indicators, [early, late], store_moment := as_of(store))
    assert store_moment is not None
    marked = {k: t.numerator for k, v in after.items() for t in v.values()}
    assert all(n >= 1000000 for (unit, pid, _), n in marked.items() if pid == 0), "2024-Q1 was computed again"
    assert all(n < 1000000 for (unit, pid, _), n in marked.items() if pid == 1), "2025-Q4 kept older figures"
    province = [k for k in after if k[0] == "52" and k[1] == 1]
    assert province and after[province[0]]["ON_TIME"].denominator == before[province[0]]["ON_TIME"].denominator + 1
