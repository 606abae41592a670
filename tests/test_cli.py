"""The CLI as users run it: output, one-line errors, the README documents every command and setting."""

import ast
import json
import re
from pathlib import Path
from typing import Any

from chiso.domain.settings import setting_table
from chiso.domain.text import name_key
from tests.conftest import PROCEDURES_CSV, UNITS_CSV, chiso

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_calendar_due_prints_iso_first_line(home: Path) -> None:
    out = chiso("calendar", "due", "2025-01-24T10:00", "3 ngày làm việc", "--explain")
    assert out.returncode == 0
    lines = out.stdout.splitlines()
    assert lines[0] == "2025-02-05T23:59:59"
    assert any("Tết" in line for line in lines)


def test_calendar_days_lists_sources(home: Path) -> None:
    out = chiso("calendar", "days", "2024")
    assert "2024-05-04" in out.stdout and "làm bù" in out.stdout and "deadlines.md" in out.stdout


def test_user_mistakes_are_one_line_without_traceback(home: Path, tmp_path: Path) -> None:
    for args in (["calendar", "due", "24/01/2025", "3 ngày"], ["calendar", "due", "2025-01-24T10:00", "3 bananas"],
                 ["import", "dossiers", str(tmp_path / "missing.csv")]):
        out = chiso(*args)
        assert out.returncode == 1, args
        assert "Traceback" not in out.stderr
        assert out.stderr.strip().count("\n") == 0 and out.stderr.startswith("lỗi / error:")


def test_import_rejects_exit_1_and_list_units_province_first(home: Path, tmp_path: Path) -> None:
    (tmp_path / "u.csv").write_text(UNITS_CSV, encoding="utf-8")
    (tmp_path / "p.csv").write_text(PROCEDURES_CSV, encoding="utf-8")
    assert chiso("import", "units", str(tmp_path / "u.csv")).returncode == 0
    assert chiso("import", "procedures", str(tmp_path / "p.csv")).returncode == 0
    units = json.loads(chiso("units", "list", "--format", "json").stdout)
    assert units[0]["kind"] == "province" and len(units) == 4
    procs = chiso("procedures", "list", "--format", "csv").stdout
    assert "1.001193,Đăng ký khai sinh" in procs and "3 ngày làm việc" in procs
    (tmp_path / "bad.csv").write_text("number,procedure,receiving_unit,received_at,channel\n"
                                      "A,1.001193,52,2025-13-01,1\n", encoding="utf-8")
    out = chiso("import", "dossiers", str(tmp_path / "bad.csv"))
    assert out.returncode == 1 and "line 2" in out.stderr and "nothing was written" in out.stderr
    assert (tmp_path / "bad.csv.rejected.csv").exists()


def _commands() -> list[tuple[str, list[str]]]:
    """Every command of the real CLI with its long options, read from the Typer app itself."""
    import typer.main

    from chiso.cli.app import app

    found: list[tuple[str, list[str]]] = []

    def walk(command: Any, path: str) -> None:
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk(sub, f"{path} {name}")
            return
        options = [o for p in command.params if p.param_type_name == "option" for o in p.opts if o.startswith("--")]
        found.append((path, options))

    walk(typer.main.get_command(app), "chiso")
    return found


def test_readme_documents_every_command_option_and_setting() -> None:
    for text in ("make run", "make test", "make bench", "CHISO_DB", "CHISO_HOME", "CHISO_SECRET_KEY", "CHISO_CONFIG"):
        assert text in README, text
    commands = _commands()
    assert len(commands) >= 18
    for command, options in commands:
        assert f"`{command}" in README, f"command {command!r} is not documented in README.md"
        section = README[README.index(f"`{command}"):]
        line = section[:section.index("\n")]
        for option in options:
            if option not in ("--format", "--help"):
                assert option in line, f"{command}: option {option} is not documented on its README line"
    for info in setting_table():
        assert info.key in README, f"setting {info.key} is not documented in README.md"


def test_tone_placement_is_unified() -> None:
    assert name_key("Phường Hoà Bình") == name_key("phường hòa bình")
    assert name_key("Thuỷ") == name_key("Thủy")
    assert name_key("Hòa") != name_key("Hóa")


LAYERS = {"domain": set(), "store": {"domain"}, "engine": {"domain", "store"},
          "demo": {"domain", "store", "engine"}, "reports": {"domain", "store", "engine"},
          "notify": {"domain", "store", "engine"},
          "web": {"domain", "store", "engine", "reports", "notify"},
          "cli": {"domain", "store", "engine", "demo", "reports", "web", "notify"}}


def test_layers_import_only_lower_layers() -> None:
    for layer, allowed in LAYERS.items():
        for path in (ROOT / "src" / "chiso" / layer).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                    [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
                for name in names:
                    if name.startswith("chiso."):
                        target = name.split(".")[1]
                        assert target == layer or target in allowed, f"{path.name} imports {name}"


def test_every_command_the_readme_lists_exists() -> None:
    """The other direction: a command documented in the CLI reference but gone from the CLI fails here."""
    paths = {path for path, _ in _commands()}
    listed = re.findall(r"^\| `(chiso [^`]*)`", README, flags=re.MULTILINE)
    assert len(listed) >= 20
    for text in listed:
        words = []
        for token in text.split():
            if token.startswith(("-", "[", "<")) or "\\|" in token or not token.islower() or "." in token:
                break
            words.append(token)
        command = " ".join(words)
        assert any(p == command or p.startswith(command + " ") for p in paths), f"README lists {command!r}"
