"""Shared fixtures: a data folder per test and stores built through the real import pipeline."""

import os
import subprocess
import sys
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from chiso.domain.calendar import WorkCalendar
from chiso.domain.holiday_sources import build_calendar
from chiso.store.store import Store
from chiso.store.workspace import Workspace

if TYPE_CHECKING:
    from tests.postgres_server import PostgresServer


@cache
def calendar() -> WorkCalendar:
    return build_calendar(2015, 2035)


@pytest.fixture()
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CHISO_HOME", str(tmp_path / "data"))
    monkeypatch.delenv("CHISO_DB", raising=False)
    monkeypatch.delenv("CHISO_CONFIG", raising=False)
    monkeypatch.delenv("CHISO_SECRET_KEY", raising=False)
    return tmp_path / "data"


ENGINES = ("duckdb", "postgres")


@pytest.fixture(scope="session")
def pg_server() -> Iterator["PostgresServer"]:
    """One throw-away PostgreSQL server for the whole run (a new database per test)."""
    from tests.postgres_server import postgres_server

    with postgres_server() as server:
        yield server


@pytest.fixture()
def pg_url(home: Path, pg_server: "PostgresServer", monkeypatch: pytest.MonkeyPatch) -> str:
    """A new PostgreSQL database, made this test's store (CHISO_DB), for the CLI in subprocesses too."""
    url = pg_server.new_database()
    monkeypatch.setenv("CHISO_DB", url)
    return url


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest, home: Path) -> str:
    """Each store test runs on the embedded DuckDB file and on PostgreSQL."""
    if request.param == "postgres":
        request.getfixturevalue("pg_url")
    return str(request.param)


@pytest.fixture()
def store(home: Path, engine: str) -> Iterator[Store]:
    with Store.open(Workspace.resolve()) as s:
        assert s.engine == engine
        yield s


def chiso(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run([sys.executable, "-m", "chiso", *args], capture_output=True, text=True, env=full_env,
                          check=False)


UNITS_CSV = """code,name,kind,parent_code
52,UBND tỉnh Gia Lai,tỉnh,
H21.03,Sở Tư pháp,sở,52
21583,UBND Phường Quy Nhơn,phường,52
21601,UBND Phường Hoà Bình,xã,52
"""
PROCEDURES_CSV = """code,name,sector,level,time_limit,cutoff,fee,online_level
1.001193,Đăng ký khai sinh,Hộ tịch,xã,3 ngày làm việc,,no,toàn trình
2.000884,Chứng thực chữ ký,Chứng thực,xã,8 giờ làm việc,15:00,yes,một phần
1.000001,Thủ tục theo ngày,Đất đai,tỉnh,15 ngày,,yes,none
1.000002,Thủ tục theo tháng,Đất đai,tỉnh,1 tháng,,no,none
1.000003,Thủ tục theo giờ,Hộ tịch,xã,24 giờ,,no,none
"""


@pytest.fixture()
def catalogue_store(store: Store, tmp_path: Path) -> Store:
    from chiso.store.importing import import_file

    (tmp_path / "units.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp_path / "procedures.csv").write_text(PROCEDURES_CSV, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    import_file(store, "procedures", tmp_path / "procedures.csv")
    return store
