"""Hostile input survived (issue 12): workbook bombs, settings that once broke the configuration file."""

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from chiso.store.accounts import MAX_ADDRESS_FAILURES, MAX_FAILURES, LoginThrottled, add_user, login
from chiso.store.config_edit import set_setting
from chiso.store.store import Store
from chiso.store.workspace import Workspace
from tests.conftest import chiso


def _workbook_with(path: Path, part: str, content: bytes) -> None:
    """A valid workbook whose ``part`` is replaced by ``content`` (compressed as Excel does)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Mã hồ sơ", "Mã TTHC", "Đơn vị tiếp nhận", "Ngày nhận"])
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        for name in names:
            dst.writestr(name, content if name == part else src.read(name))
        if part not in names:
            dst.writestr(part, content)


def test_workbook_bombs_are_refused_before_reading(home: Path, tmp_path: Path) -> None:
    item = b"<si><t>" + b"a" * 76 + b"</t></si>"
    strings = (b'<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               + item * 300_000 + b"</sst>")
    shared = tmp_path / "shared.xlsx"
    _workbook_with(shared, "xl/sharedStrings.xml", strings)
    assert shared.stat().st_size < 1_000_000 < len(strings)  # a small file that unpacks large
    config = home / "config"
    config.mkdir(parents=True)
    (config / "settings.toml").write_text("[import]\nmax_shared_strings_mb = 10\n", encoding="utf-8")
    done = chiso("import", "dossiers", str(shared))
    assert done.returncode == 1 and "import.max_shared_strings_mb" in done.stderr and "Traceback" not in done.stderr
    bomb = tmp_path / "bomb.xlsx"
    _workbook_with(bomb, "xl/media/padding.bin", b"\0" * 60_000_000)
    done = chiso("import", "dossiers", str(bomb))
    assert done.returncode == 1 and "zip bomb" in done.stderr
    (config / "settings.toml").write_text("[import]\nmax_unpacked_mb = 20\n", encoding="utf-8")
    done = chiso("import", "dossiers", str(bomb))
    assert done.returncode == 1 and "import.max_unpacked_mb" in done.stderr
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    done = chiso("import", "dossiers", str(broken))
    assert done.returncode == 1 and "not an Excel workbook" in done.stderr


def test_a_setting_with_control_characters_keeps_the_file_valid(home: Path) -> None:
    ws = Workspace.resolve()
    _before, after = set_setting(ws, "report.signer_name", 'Nguyễn\rVăn "A"\n\\ B')
    assert after == 'Nguyễn\rVăn "A"\n\\ B'
    assert ws.settings().values["report.signer_name"] == 'Nguyễn\rVăn "A"\n\\ B'
    done = chiso("settings", "--format", "json")
    assert done.returncode == 0, done.stderr


def test_nobody_elsewhere_can_lock_an_account_out(store: Store) -> None:
    add_user(store, "admin", "admin", None, "admin-password-1", "test")
    for _ in range(MAX_FAILURES):
        assert login(store, "admin", "wrong", ip="203.0.113.66") is None
    with pytest.raises(LoginThrottled):
        login(store, "admin", "admin-password-1", ip="203.0.113.66")  # that address is locked for that name
    assert login(store, "admin", "admin-password-1", ip="198.51.100.1") is not None  # the admin still logs in
    for n in range(MAX_ADDRESS_FAILURES):  # one address trying many names
        assert login(store, f"guess{n}", "wrong", ip="203.0.113.77") is None
    with pytest.raises(LoginThrottled):
        login(store, "admin", "admin-password-1", ip="203.0.113.77")


def test_a_full_disk_is_said_plainly(home: Path, tmp_path: Path) -> None:
    source = tmp_path / "figures.csv"
    source.write_text("unit_code,metric_code,numerator,denominator\nA,ON_TIME,5,10\n", encoding="utf-8")
    done = chiso("index", "score", "--input", str(source), "--output", "/dev/full")  # every write: ENOSPC
    assert done.returncode == 1 and "No space left on device" in done.stderr and "Traceback" not in done.stderr


def test_guesses_sent_together_cannot_overrun_the_address_budget(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Passwords are checked outside the sessions' lock, so that logins run side by side; at most LOGIN_SLOTS
    checks per address run at once, so 3 × the budget of guesses sent together stop near the budget."""
    import re
    from concurrent.futures import ThreadPoolExecutor

    from starlette.testclient import TestClient

    from chiso.web.app import create_app
    from chiso.web.core import LOGIN_SLOTS

    monkeypatch.setenv("CHISO_HOME", str(tmp_path))
    workspace = Workspace(tmp_path, tmp_path / "guess.duckdb", tmp_path / "config")
    app = create_app(workspace, warm=False)
    client = TestClient(app)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None

    def guess(n: int) -> int:
        return client.post("/login", data={"csrf": token.group(1), "username": f"guess{n}", "password": "x"},
                           follow_redirects=False).status_code

    with ThreadPoolExecutor(16) as pool:
        codes = list(pool.map(guess, range(3 * MAX_ADDRESS_FAILURES)))
    assert set(codes) <= {401, 429} and codes.count(429) > 0
    with Store.open(workspace) as store:
        failures = store.con.execute("SELECT count(*) FROM login_failures").fetchone()
    assert failures is not None and MAX_ADDRESS_FAILURES <= failures[0] < MAX_ADDRESS_FAILURES + LOGIN_SLOTS
