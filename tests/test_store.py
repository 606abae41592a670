"""Migrations keep data across upgrades; calendar changes recompute due moments; the demo is deterministic."""

import hashlib
from pathlib import Path

import duckdb

from chiso.demo.build import build_demo
from chiso.store.migrate import current_version, migrate, migrations
from chiso.store.store import Store
from chiso.store.workspace import Workspace

# A released migration must never change: add a new numbered file instead (and its line in migrations.lock).
RELEASED = {1: "0001_initial", 2: "0002_reported_values", 3: "0003_plans", 4: "0004_accounts",
            5: "0005_published_scores", 6: "0006_login_failures_ip", 7: "0007_computed_tallies", 8: "0008_jobs",
            9: "0009_tasks", 10: "0010_national_rankings",
            11: "0011_achievements", 12: "0012_scorecards",
            13: "0013_api_tokens", 14: "0014_alerts",
            15: "0015_apology_letters", 16: "0016_postgres_lookup_indexes", 17: "0017_postgres_key_collation",
            18: "0018_incremental_figures"}


def test_released_migrations_are_unchanged() -> None:
    known = {m.version: m.name for m in migrations()}
    for version, name in RELEASED.items():
        assert f"{version:04d}_{known[version]}" == name
    digests = [f"{m.version:04d}:{hashlib.sha256(m.sql.encode()).hexdigest()}" for m in migrations()]
    lock = Path(__file__).with_name("migrations.lock")
    assert lock.read_text().split() == digests, "a released migration changed, or a new one is not locked"


def test_every_version_upgrades_with_its_data(tmp_path: Path) -> None:
    for start in range(1, len(migrations()) + 1):
        con = duckdb.connect(str(tmp_path / f"v{start}.duckdb"))
        migrate(con, target=start)
        con.execute("INSERT INTO units (code, name, name_key, kind) VALUES ('52', 'Tỉnh', 'tỉnh', 'province')")
        migrate(con)
        assert current_version(con) == migrations()[-1].version
        assert con.execute("SELECT name FROM units").fetchall() == [("Tỉnh",)]
        con.close()


def test_local_day_off_recomputes_due(home: Path, tmp_path: Path) -> None:
    ws = Workspace.resolve()
    with Store.open(ws) as store:
        build_demo(store, seed=7, dossiers=3000)
        before = store.con.execute("SELECT count(*) FROM dossiers WHERE due_at_computed >= '2025-03-10'").fetchone()
        ws.config.mkdir(parents=True, exist_ok=True)
    ws.local_calendar_file.write_text("day,kind,name,source\n2025-03-10,off,Ngày lễ địa phương,QĐ tỉnh\n",
                                      encoding="utf-8")
    with Store.open(ws) as store:
        off = store.con.execute("SELECT count(*) FROM dossiers WHERE CAST(due_at_computed AS DATE) = '2025-03-10'"
                                ).fetchone()
        assert off == (0,)
        after = store.con.execute("SELECT count(*) FROM dossiers WHERE due_at_computed >= '2025-03-10'").fetchone()
        assert after == before


def test_demo_is_deterministic_and_labelled(home: Path, tmp_path: Path) -> None:
    results = []
    for name in ("a", "b"):
        with Store.open(Workspace(home, tmp_path / f"{name}.duckdb", home / "config")) as store:
            build_demo(store, seed=11, dossiers=5000)
            results.append(store.con.execute(
                "SELECT number, procedure_code, receiving_unit, received_at, finished_at, channel, due_at_computed "
                "FROM dossiers ORDER BY number").fetchall())
            assert "SYNTHETIC" in (store.meta("demo") or "")
            kinds = dict(store.con.execute("SELECT kind, count(*) FROM units GROUP BY kind").fetchall())
            assert kinds == {"province": 1, "department": 20, "commune": 135}
            assert store.con.execute("SELECT count(*) FROM procedures").fetchone() == (323,)
    assert results[0] == results[1] and len(results[0]) == 5000
