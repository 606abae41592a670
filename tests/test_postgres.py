"""The provincial server: the same store on PostgreSQL (Debian's server, started by the tests) as on a DuckDB file.

The demo's 766 index and indicators are computed on both engines and compared figure by figure; backups move a
store between engines with identical figures; older schemas upgrade without losing a row; several server
workers and CLI commands work on one PostgreSQL store at once.
"""

import json
import re
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import duckdb
import httpx
import pytest

from chiso.domain.formatting import vn_number
from chiso.domain.periods import parse_period
from chiso.engine.compile import DOSSIER_KINDS
from chiso.engine.compute import _compute, as_of
from chiso.engine.compute import run as _run
from chiso.engine.explain import explain
from chiso.engine.index import DEFAULT_INDEX, indicators_of
from chiso.engine.late import late_counts
from chiso.store.audit import record
from chiso.store.migrate import current_version, migrate, migrations
from chiso.store.postgres import ALIAS
from chiso.store.replica import TABLES, Replica
from chiso.store.store import Store
from chiso.store.workspace import Workspace
from tests.conftest import ENGINES, chiso
from tests.postgres_server import PostgresServer
from tests.web_server import ACCOUNTS, PERIOD, Server, start

PERIODS = ("2024-Q2", "2024-06", "2024")


def figures(env: dict[str, str]) -> dict[str, object]:
    """Every figure the CLI gives for the demo: the index of every unit, each indicator, the summary."""
    out: dict[str, object] = {}
    for period in PERIODS:
        done = chiso("index", "compute", "--period", period, "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        out[f"index {period}"] = json.loads(done.stdout)
    for indicator in ("ON_TIME", "ONLINE_RATE", "DOSSIER_SYNC"):
        done = chiso("indicator", "compute", indicator, "--period", "2024-Q2", "--format", "json", env=env)
        assert done.returncode == 0, done.stderr
        out[indicator] = json.loads(done.stdout)
    done = chiso("summary", env=env)
    assert done.returncode == 0, done.stderr
    out["summary"] = [line for line in done.stdout.splitlines() if "store" not in line.lower()]
    return out


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory, pg_server: PostgresServer) -> dict[str, dict[str, str]]:
    """The same demo province built on a DuckDB file and on a PostgreSQL database."""
    root = tmp_path_factory.mktemp("engines")
    envs = {"duckdb": {"CHISO_HOME": str(root / "d"), "CHISO_DB": str(root / "d" / "chiso.duckdb")},
            "postgres": {"CHISO_HOME": str(root / "p"), "CHISO_DB": pg_server.new_database()}}
    for env in envs.values():
        env["CHISO_SECRET_KEY"] = "same-key-for-both-engines"
        done = chiso("demo", "--dossiers", "30000", "--seed", "11", env=env)
        assert done.returncode == 0, done.stderr
    return envs


def test_demo_index_is_the_same_on_both_engines(both: dict[str, dict[str, str]]) -> None:
    duck, pg = figures(both["duckdb"]), figures(both["postgres"])
    assert duck["index 2024-Q2"], "no index computed"
    ranked = duck["index 2024-Q2"]
    assert isinstance(ranked, list) and len(ranked) >= 10, ranked
    for key in duck:
        assert pg[key] == duck[key], f"{key} differs between DuckDB and PostgreSQL"


def test_indicator_on_postgres_is_not_empty(both: dict[str, dict[str, str]]) -> None:
    done = chiso("indicator", "compute", "ON_TIME", "--period", "2024-Q2", "--format", "json",
                 env=both["postgres"])
    rows = json.loads(done.stdout)
    counts = [v for r in rows for v in r.values() if isinstance(v, int) and not isinstance(v, bool)]
    assert rows and max(counts) > 1000, rows[:3]  # thousands of dossiers counted, not an empty result


def _dossier_reads(pg: PostgresServer, database: str, table: str = "dossiers") -> tuple[int, int]:
    """Rows PostgreSQL has read by scanning the table (dossiers), and lookups by its indexes."""
    row = pg.psql("SELECT seq_tup_read, coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = "
                  f"'{table}'", database).strip().split("|")
    return int(row[0]), int(row[1])


def _reads_after(pg: PostgresServer, database: str, table: str, before: tuple[int, int]) -> tuple[int, int]:
    """``_dossier_reads`` once a connection's statistics have arrived (when it ends), or after 10 s."""
    deadline = time.monotonic() + 10
    while (after := _dossier_reads(pg, database, table))[1] == before[1] and time.monotonic() < deadline:
        time.sleep(0.2)
    return after


def test_the_stamps_of_a_long_audit_log_are_read_off_its_key(pg_server: PostgresServer, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """A server reads the data stamp at every look at the store and the tally stamp for every period it computes:
    on a province's audit log of a year (here 60,000 entries after the demo's), PostgreSQL finds them off the log's
    key rather than sending every entry over the connection, and they are what the log says."""
    url = pg_server.new_database()
    database = url.rsplit("/", 1)[1]
    monkeypatch.setenv("CHISO_HOME", str(tmp_path))
    monkeypatch.setenv("CHISO_DB", url)
    assert chiso("demo", "--dossiers", "2000", "--seed", "3").returncode == 0
    pg_server.psql("INSERT INTO audit_log (id, logged_at, username, action, entity) SELECT nextval('audit_ids'), "
                   "now(), 'cb', CASE WHEN g % 10 = 1 THEN 'import.dossiers' ELSE 'target_value.add' END, 'x' || g "
                   "FROM generate_series(1, 60000) g; ANALYZE audit_log", database)
    time.sleep(1.0)  # the demo's own reads reach the statistics
    before = _dossier_reads(pg_server, database, "audit_log")
    with Store.open(Workspace.resolve(url)) as store:
        latest, tally, reach = store.data_stamp(), store.tally_stamp(), store.tally_stamp(datetime(2024, 6, 30))
        pushes, none, unchanged = store.only_pushes_since(latest - 20), store.only_pushes_since(latest), \
            store.unchanged_before(latest - 1)
    after = _reads_after(pg_server, database, "audit_log", before)
    assert after[1] > before[1], "no stamp was read by the log's key"
    with Store.open(Workspace.resolve(url)) as store:  # the same questions through the scanner, as before
        assert (latest,) == store.con.execute("SELECT max(id) FROM audit_log").fetchone()
        assert (tally,) == store.con.execute("SELECT max(id) FROM audit_log WHERE action = 'import.dossiers'"
                                             ).fetchone()
        assert tally < latest and reach <= tally
        assert pushes is False and none is True
        assert unchanged is None  # a change without its reach (an entered value): any period may change
    assert after[0] - before[0] < 1000, f"the stamps read {after[0] - before[0]} entries by scanning the log"


def test_a_page_finds_its_saved_tallies_by_their_key(pg_server: PostgresServer, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A page (or a warm-up) looking one indicator's period up in the tally cache reads that run's rows off the
    index of migration 0017, not every saved tally of every run over the connection."""
    url = pg_server.new_database()
    database = url.rsplit("/", 1)[1]
    monkeypatch.setenv("CHISO_HOME", str(tmp_path))
    monkeypatch.setenv("CHISO_DB", url)
    assert chiso("demo", "--dossiers", "2000", "--seed", "3").returncode == 0
    periods = [parse_period(f"{y}{p}") for y in (2024, 2025) for p in (  # two years of the periods pages show
        "-Q1", "-Q2", "-Q3", "-Q4", "-H1", "-H2", "", *(f"-{m:02d}" for m in range(1, 13)))]
    with Store.open(Workspace.resolve(url)) as store:
        moment = as_of(store)
        definition = store.catalogue().index(DEFAULT_INDEX, periods[0].end)
        indicators = [i for i in indicators_of(store, definition, periods[0]) if i.kind in DOSSIER_KINDS]
        expected = _run(store, indicators, periods, moment)  # computed, and saved
    pg_server.psql("ANALYZE computed_tallies", database)
    saved = int(pg_server.psql("SELECT count(*) FROM computed_tallies", database))
    time.sleep(1.0)
    before = _dossier_reads(pg_server, database, "computed_tallies")
    with Store.open(Workspace.resolve(url)) as store:
        found = _run(store, indicators[:1], periods[1:2], moment)
    after = _reads_after(pg_server, database, "computed_tallies", before)
    assert found and all(expected[(unit, 1, by)][indicators[0].id] == tallies[indicators[0].id]
                         for (unit, pid, by), tallies in found.items() if pid == 0)
    assert after[1] > before[1], "the saved run was not found by its key"
    assert after[0] - before[0] < saved // 2, f"read {after[0] - before[0]} of {saved} saved tallies by scanning"


def test_a_small_import_finds_its_dossiers_without_reading_the_table(pg_server: PostgresServer,
                                                                      tmp_path: Path) -> None:
    """An officer's import of a few dossiers (new ones, and corrections of stored ones with their stops) looks the
    stored rows up by the indexes of migration 0016, so its cost does not grow with the province's store; before,
    each of three statements read every dossier over the connection."""
    url = pg_server.new_database()
    database = url.rsplit("/", 1)[1]
    env = {"CHISO_HOME": str(tmp_path), "CHISO_DB": url}
    assert chiso("demo", "--dossiers", "4000", "--seed", "3", env=env).returncode == 0
    indexes = pg_server.psql("SELECT indexname FROM pg_indexes WHERE tablename IN ('dossiers', 'dossier_stops') "
                             "ORDER BY 1", database).split()
    assert indexes == ["dossier_stops_number", "dossiers_import_id", "dossiers_last_event_at", "dossiers_number"]
    stored = pg_server.psql("SELECT number, procedure_code, receiving_unit FROM dossiers ORDER BY number LIMIT 3",
                            database).split()
    lines = [f"{n},{p},{u},{u},2024-05-02 08:00,2024-05-03 09:00,online,2024-05-02 10:00->2024-05-02 15:00"
             for n, p, u in (r.split("|") for r in stored)]
    lines += [f"PG-NEW-{i},1.001193,H21.03,H21.03,2024-05-02 08:00,,direct," for i in range(5)]
    header = "number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel,supplements\n"
    path, one = tmp_path / "few.csv", tmp_path / "one.csv"
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    one.write_text(header + lines[1].replace("15:00", "16:00") + "\n", encoding="utf-8")  # one key: compared
    for file, said in ((path, ("3", "5")), (one, ("1",))):  # by DuckDB's scanner with COLLATE "C" (migration 17)
        time.sleep(1.0)  # the earlier scans reach the statistics
        before = _dossier_reads(pg_server, database)
        done = chiso("import", "dossiers", str(file), env=env)
        assert done.returncode == 0, done.stderr
        assert all(n in done.stdout for n in said)
        after = _reads_after(pg_server, database, "dossiers", before)
        assert after[1] > before[1], f"{file.name}: the import looked nothing up by index"
        # a table this small may be scanned for its stops (PostgreSQL's choice), never the dossiers table whole
        assert after[0] - before[0] < 4000, f"{file.name}: read {after[0] - before[0]} rows by scanning dossiers"
    stops = pg_server.psql(f"SELECT count(*) FROM dossier_stops WHERE number = '{stored[0].split('|')[0]}'", database)
    assert int(stops) == 1


def test_backup_restores_identical_figures_across_engines(both: dict[str, dict[str, str]], pg_server: PostgresServer,
                                                         tmp_path: Path) -> None:
    expected = figures(both["duckdb"])
    archive = tmp_path / "tinh.chiso-backup"
    done = chiso("backup", str(archive), env=both["duckdb"])
    assert done.returncode == 0, done.stderr
    into_pg = {**both["postgres"], "CHISO_DB": pg_server.new_database()}
    done = chiso("restore", str(archive), env=into_pg)
    assert done.returncode == 0, done.stderr
    assert figures(into_pg) == expected
    again = tmp_path / "from-pg.chiso-backup"
    assert chiso("backup", str(again), env=into_pg).returncode == 0
    into_duck = {**both["duckdb"], "CHISO_DB": str(tmp_path / "restored.duckdb")}
    done = chiso("restore", str(again), env=into_duck)
    assert done.returncode == 0, done.stderr
    assert figures(into_duck) == expected
    refused = chiso("restore", str(again), env=into_duck)  # the store holds data now
    assert refused.returncode == 1 and "already holds data" in refused.stderr


def test_a_damaged_or_foreign_backup_is_refused(both: dict[str, dict[str, str]], tmp_path: Path) -> None:
    archive = tmp_path / "b.chiso-backup"
    assert chiso("backup", str(archive), env=both["duckdb"]).returncode == 0
    damaged = tmp_path / "damaged.chiso-backup"
    with zipfile.ZipFile(archive) as src, zipfile.ZipFile(damaged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, data[:-200] + bytes(200) if item.filename == "dossiers.parquet" else data)
    target = {**both["duckdb"], "CHISO_DB": str(tmp_path / "new.duckdb")}
    done = chiso("restore", str(damaged), env=target)
    assert done.returncode == 1 and "checksum" in done.stderr, done.stderr
    foreign = tmp_path / "not-a-backup.zip"
    with zipfile.ZipFile(foreign, "w") as out:
        out.writestr("manifest.json", '{"format": "something else"}')
    done = chiso("restore", str(foreign), env=target)
    assert done.returncode == 1 and "not a chiso backup" in done.stderr
    check = Store.open(Workspace.resolve(str(tmp_path / "new.duckdb")))
    try:
        row = check.con.execute("SELECT count(*) FROM dossiers").fetchone()
        assert row == (0,), "a refused restore wrote rows"
    finally:
        check.close()


def test_an_older_schema_upgrades_keeping_every_row(engine: str, home: Path, tmp_path: Path) -> None:
    """A store made at each earlier schema version, with rows, then opened by this chiso: every row stays."""
    ws = Workspace.resolve()
    for old in [m.version for m in migrations()][:-1]:
        if ws.url is None:
            ws = Workspace.resolve(str(tmp_path / f"v{old}.duckdb"))
        else:
            with Store.open(ws, upgrade=False) as fresh:
                from chiso.store.postgres import drop_everything

                drop_everything(fresh.con)
        with Store.open(ws, upgrade=False) as early:
            migrate(early.con, target=old, postgres=early.engine == "postgres")
            assert current_version(early.con) == old
            early.con.execute("INSERT INTO units (code, name, name_key, kind, depth) VALUES "
                              "('52', 'UBND tỉnh Gia Lai', 'ubnd tinh gia lai', 'province', 0)")
            early.con.execute("INSERT INTO chiso_meta VALUES ('note', 'made at schema ' || ?)", [str(old)])
        with Store.open(ws) as upgraded:
            assert current_version(upgraded.con) == migrations()[-1].version
            assert upgraded.con.execute("SELECT code, name FROM units").fetchall() == [("52", "UBND tỉnh Gia Lai")]
            assert upgraded.meta("note") == f"made at schema {old}"


RELEASE = Path(__file__).resolve().parent / "data" / "release"  # made by scripts/release_store.py
GROWS = {"schema_migrations", "audit_log", "chiso_meta", "data_changes"}  # an upgrade and a restore add rows


@pytest.mark.parametrize("target", ENGINES)
def test_the_last_releases_own_store_upgrades_keeping_every_row_and_figure(target: str, pg_server: PostgresServer,
                                                                         tmp_path: Path) -> None:
    """A store the last release's code built and backed up (its revision in tests/data/release/REVISION), restored
    by this chiso at its own schema version and migrated: every row is kept, and every figure is the one that
    release computed from it."""
    db = str(tmp_path / "upgraded.duckdb") if target == "duckdb" else pg_server.new_database()
    env = {"CHISO_HOME": str(tmp_path / "data"), "CHISO_CONFIG": str(tmp_path / "config"), "CHISO_DB": db}
    archive = RELEASE / "store.zip"
    with zipfile.ZipFile(archive) as packed:
        manifest = json.loads(packed.read("manifest.json"))
    assert manifest["schema_version"] <= migrations()[-1].version
    done = chiso("restore", str(archive), env=env)
    assert done.returncode == 0, done.stderr
    with Store.open(Workspace.resolve(db)) as upgraded:
        assert current_version(upgraded.con) == migrations()[-1].version
        for table, rows in manifest["tables"].items():
            row = upgraded.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert row is not None
            assert (row[0] >= rows) if table in GROWS else (row[0] == rows), (table, row[0], rows)
    expected = json.loads((RELEASE / "figures.json").read_text(encoding="utf-8"))
    got = {key: value for key, value in figures(env).items() if key in expected}
    assert got.keys() == expected.keys()
    for key in expected:
        assert got[key] == expected[key], f"{key}: not the figure the release computed from its store"


@pytest.fixture(scope="module")
def pg_web(tmp_path_factory: pytest.TempPathFactory, pg_server: PostgresServer) -> Iterator[Server]:
    """`chiso serve --workers 2` on a PostgreSQL store."""
    yield from start(tmp_path_factory.mktemp("pgweb"), pg_server.new_database(), ("--workers", "2"))


def test_two_workers_serve_and_the_cli_writes_meanwhile(pg_web: Server, tmp_path: Path) -> None:
    clients = [pg_web.client(name) for name in ("admin", "bcd", "xem")]
    for client in clients:
        page = client.get("/unit/H21.03?period=2024-Q2")
        assert page.status_code == 200, page.text[:300]
    # while the server runs, the CLI imports a dossier (a DuckDB file would be locked by the server)
    export = tmp_path / "ho-so-moi.csv"
    export.write_text("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
                      "PG-NEW-0001,1.001193,H21.03,H21.03,2024-06-03 09:00,2024-06-04 10:00,online\n", encoding="utf-8")
    procedures = chiso("procedures", "list", "--format", "json", env=pg_web.env)
    assert procedures.returncode == 0, procedures.stderr
    code = json.loads(procedures.stdout)[0]["code"]
    export.write_text(export.read_text(encoding="utf-8").replace("1.001193", code), encoding="utf-8")
    done = chiso("import", "dossiers", str(export), env=pg_web.env)
    assert done.returncode == 0, done.stderr
    found = [c.get("/dossier/PG-NEW-0001").status_code for c in clients for _ in range(3)]
    assert found.count(200) == len(found), found  # every worker sees the new dossier (no stale cache)


def test_writers_on_several_processes_take_turns(pg_web: Server, tmp_path: Path) -> None:
    """Imports from several processes at once all land, each under its own import id."""
    files = []
    for i in range(3):
        path = tmp_path / f"units-{i}.csv"
        path.write_text(f"code,name,kind,parent_code\nX{i},UBND Xã Thử {i},xã,52\n", encoding="utf-8")
        files.append(path)
    results: list[subprocess.CompletedProcess[str]] = []
    threads = [threading.Thread(target=lambda p=p: results.append(chiso("import", "units", str(p), env=pg_web.env)))
               for p in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [r.returncode for r in results] == [0, 0, 0], [r.stderr for r in results]
    listed = chiso("units", "list", "--format", "json", env=pg_web.env)
    codes = {u["code"] for u in json.loads(listed.stdout)}
    assert {"X0", "X1", "X2"} <= codes


def test_several_workers_need_postgres(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "chiso", "--db", str(tmp_path / "x.duckdb"), "serve", "--workers",
                           "2"], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 1 and "PostgreSQL" in done.stderr


def test_login_and_pages_on_postgres(pg_web: Server) -> None:
    client = httpx.Client(base_url=pg_web.url, timeout=60)
    assert client.get("/login").status_code == 200
    officer = pg_web.client("sotuphap")
    assert officer.get("/unit/H21.03?period=2024-Q2").status_code == 200
    assert officer.get("/entry/import").status_code == 200
    assert officer.get(f"/unit/{ACCOUNTS['sotuphap'][1]}?period=2024-Q2").status_code == 200
    assert client.get("/unit/H21.03?period=2024-Q2").status_code == 303  # not logged in: to the login page


def test_failed_logins_count_against_the_client_behind_the_proxy(pg_web: Server) -> None:
    """Behind a reverse proxy on loopback (trusted by default), the client's own address is the one throttled."""
    client = httpx.Client(base_url=pg_web.url, timeout=60, headers={"X-Forwarded-For": "203.0.113.9"})
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    done = client.post("/login", data={"csrf": token.group(1), "username": "bcd", "password": "wrong-password-1",
                                       "next": "/"})
    assert done.status_code in (200, 400, 401)
    with Store.open(Workspace.resolve(pg_web.env["CHISO_DB"]), read_only=True) as store:
        rows = store.con.execute("SELECT ip FROM login_failures WHERE username = 'bcd'").fetchall()
    assert ("203.0.113.9",) in rows, rows


def test_every_worker_shows_every_job(pg_web: Server) -> None:
    """A web import handled by one worker is on the job page whichever worker answers (the jobs are in the store)."""
    officer = pg_web.client("sotuphap")
    token = re.search(r'name="csrf" value="([^"]+)"', officer.get("/entry/import").text)
    assert token is not None
    body = ("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
            "PG-JOB-0001,KHONG-CO,H21.03,H21.03,2024-06-03 09:00,2024-06-04 10:00,online\n")
    done = officer.post("/entry/import", data={"csrf": token.group(1), "kind": "dossiers"},
                        files={"file": ("viec-pg.csv", body.encode(), "text/csv")})
    assert done.status_code in (200, 303, 422), done.status_code
    seen = []
    for _ in range(8):  # a new connection each time: the workers share the listening socket
        page = pg_web.client("sotuphap").get("/jobs").text
        seen.append("viec-pg.csv" in page)
    assert all(seen), seen


def test_a_local_copy_gives_the_same_figures_and_refuses_writes(both: dict[str, dict[str, str]],
                                                               monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A server worker's local copy (store.replica) holds the store's dossier side at one data stamp: computed
    on it, every figure, drill-down and late count equals the same computed on PostgreSQL; a write through a
    reading cursor fails instead of being lost; after a change the next copy holds the new rows."""
    env = both["postgres"]
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    with Store.open(Workspace.resolve(env["CHISO_DB"])) as store:
        replica = Replica(store, 10**9)
        copy = replica.refresh(store.tally_stamp())
        assert copy is not None and copy.stamp == store.tally_stamp()
        local, live = store.fork(copy.search_path, copy.stamp), store.fork()
        assert copy.rows == live.con.execute("SELECT count(*) FROM dossiers").fetchone()[0]  # type: ignore[index]
        periods = [parse_period(p, date(2025, 12, 31)) for p in PERIODS]
        moment = as_of(live)
        definition = store.catalogue().index(DEFAULT_INDEX, periods[0].end)
        indicators = [i for i in indicators_of(store, definition, periods[0]) if i.kind != "reported"]
        assert _compute(local, indicators, periods, moment) == _compute(live, indicators, periods, moment)
        by_channel = [i for i in indicators if i.kind in DOSSIER_KINDS]
        assert (_compute(local, by_channel, periods[:1], moment, "channel")
                == _compute(live, by_channel, periods[:1], moment, "channel"))
        assert explain(local, "H21.03", periods[0], "ON_TIME") == explain(live, "H21.03", periods[0], "ON_TIME")
        assert moment is not None
        assert late_counts(local, moment) == late_counts(live, moment)
        assert local.tally_stamp(periods[0].end_before) == live.tally_stamp(periods[0].end_before)
        with pytest.raises(duckdb.Error, match="chiso_copy_"):
            local.con.execute("DELETE FROM dossiers WHERE number = 'none'")
        # a change: the copy stays at its stamp, the store moves on; the next copy has the new dossier
        code = live.con.execute("SELECT code FROM procedures ORDER BY code LIMIT 1").fetchone()[0]  # type: ignore[index]
        # and an update: a finished dossier with stops, imported again, finished later, another channel
        old = live.con.execute(
            "SELECT d.number, d.procedure_code, d.processing_unit, d.receiving_unit, strftime(d.received_at, "
            "'%Y-%m-%d %H:%M') FROM dossiers d JOIN dossier_stops s USING (number) WHERE d.finished_at IS NOT NULL "
            "ORDER BY d.number LIMIT 1").fetchone()
        assert old is not None
        export = tmp_path / "moi.csv"
        export.write_text("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
                          f"COPY-NEW-1,{code},H21.03,H21.03,2025-12-30 09:00,,online\n"
                          f"{old[0]},{old[1]},{old[2]},{old[3]},{old[4]},2025-12-29 10:00,direct\n", encoding="utf-8")
        done = chiso("import", "dossiers", str(export), env=env)
        assert done.returncode == 0, done.stderr
        assert local.tally_stamp() == copy.stamp < live.tally_stamp()
        newer = replica.refresh(live.tally_stamp())
        assert newer is not None and newer.stamp == live.tally_stamp() and newer.rows == copy.rows + 1
        assert newer.updates == 1, "brought up to date from the imported rows, not copied whole"
        again = store.fork(newer.search_path, newer.stamp)
        for table in TABLES:  # row for row the store's, the updated dossier and its dropped stops included
            for a, b in ((f"{newer.name}.main.{table}", f"{ALIAS}.public.{table}"),
                         (f"{ALIAS}.public.{table}", f"{newer.name}.main.{table}")):
                extra = live.con.execute(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})")
                assert extra.fetchone() == (0,), (table, a)
        changed = again.con.execute("SELECT import_id, finished_at FROM dossiers WHERE number = ?", [old[0]])
        assert changed.fetchone() == (newer.imports, datetime(2025, 12, 29, 10, 0)), done.stdout
        assert moment is not None
        assert late_counts(again, moment) == late_counts(store.fork(), moment)
        assert again.con.execute("SELECT count(*) FROM dossiers WHERE number = 'COPY-NEW-1'").fetchone() == (1,)
        assert replica.refresh(live.tally_stamp()) is newer  # current: not made again
        remade = replica.refresh(live.tally_stamp(), generation=1)  # settings changed: copied whole again
        assert remade is not None and remade is not newer and remade.updates == 0
        record(live, "test", "calendar.set", "2025-12-31", None, "off")  # not an import: copied whole
        whole = replica.refresh(live.tally_stamp(), generation=1)
        assert whole is not None and whole is not remade and whole.updates == 0
        replica.close()
        assert not list(replica.folder.glob("*.duckdb"))


def _health(server: Server) -> list[dict[str, object]]:
    """/health of whichever workers answer eight new connections (the workers share the listening socket)."""
    return [httpx.get(f"{server.url}/health", timeout=30).json() for _ in range(8)]


def _copies_current(server: Server, stamp: int = 0) -> bool:
    seen = _health(server)
    return all(isinstance(h["local_copy"], dict) and h["local_copy"].get("current")
               and int(str(h["local_copy"]["tally_stamp"])) >= stamp for h in seen)


def test_workers_read_their_local_copy_and_never_older_data(pg_web: Server) -> None:
    """Each worker reads figures from its local copy once it is made; a web import (written to PostgreSQL, not
    through the copy) is visible on every worker at once, and the copies are made again with it."""
    deadline = time.monotonic() + 120
    while not _copies_current(pg_web) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _copies_current(pg_web), [h["local_copy"] for h in _health(pg_web)]
    officer = pg_web.client("sotuphap")
    cli = chiso("index", "compute", "--period", PERIOD, "--unit", "H21.03", "--format", "json", env=pg_web.env)
    total = vn_number(json.loads(cli.stdout)[0]["total"], 2)  # PostgreSQL itself, now (other tests imported)
    pages = [pg_web.client("bcd").get(f"/unit/H21.03?period={PERIOD}") for _ in range(6)]
    assert all(p.status_code == 200 and f'id="unit-total">{total}<' in p.text for p in pages), total
    token = re.search(r'name="csrf" value="([^"]+)"', officer.get("/entry/import").text)
    assert token is not None
    procedures = chiso("procedures", "list", "--format", "json", env=pg_web.env)
    code = json.loads(procedures.stdout)[0]["code"]
    body = ("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"
            f"PG-COPY-0001,{code},H21.03,H21.03,2025-12-30 09:00,,online\n")
    done = officer.post("/entry/import", data={"csrf": token.group(1), "kind": "dossiers"},
                        files={"file": ("ho-so-sao.csv", body.encode(), "text/csv")})
    assert done.status_code == 200, done.text[:500]
    time.sleep(1.1)  # each worker looks for changes at most once a second
    found = [pg_web.client("bcd").get("/dossier/PG-COPY-0001").status_code for _ in range(6)]
    assert found == [200] * 6, found
    with Store.open(Workspace.resolve(pg_web.env["CHISO_DB"]), read_only=True) as store:
        stamp = store.tally_stamp()
    deadline = time.monotonic() + 120
    while not _copies_current(pg_web, stamp) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert _copies_current(pg_web, stamp), (stamp, [h["local_copy"] for h in _health(pg_web)], pg_web.log_tail())
    updated = [h["local_copy"]["updates"] for h in _health(pg_web)]  # type: ignore[index]
    assert all(int(str(u)) >= 1 for u in updated), ("brought up to date from the import's rows", updated)
    found = [pg_web.client("bcd").get("/dossier/PG-COPY-0001").status_code for _ in range(6)]
    assert found == [200] * 6, found
