"""Every value the code refuses (``InvalidValue``) can be said in Vietnamese (``domain.error_text``)."""

import ast
import itertools
from pathlib import Path

import pytest

from chiso.domain.error_text import expected_vi, invalid_vi, what_vi
from chiso.domain.errors import InvalidValue
from chiso.domain.periods import parse_period

SRC = Path(__file__).resolve().parents[1] / "src" / "chiso"
HOLE = "7"  # what a formatted value is replaced by in a sample


def _constants(tree: ast.Module) -> dict[str, str]:
    out = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            if isinstance(value, str):
                out[node.targets[0].id] = value
    return out


def _samples(node: ast.expr, constants: dict[str, str]) -> list[str] | None:
    """The texts an argument can take, holes for formatted values; None: not text known here (a variable, a
    list of codes joined, a message passed on)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name):
        return [constants[node.id]] if node.id in constants else None
    if isinstance(node, ast.JoinedStr):
        pieces: list[list[str]] = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                pieces.append([str(value.value)])
            elif isinstance(value, ast.FormattedValue) and isinstance(value.value, ast.IfExp) and all(
                    isinstance(b, ast.Constant) for b in (value.value.body, value.value.orelse)):
                pieces.append([str(value.value.body.value), str(value.value.orelse.value)])  # type: ignore[attr-defined]
            else:
                pieces.append([HOLE])
        return ["".join(p) for p in itertools.product(*pieces)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _samples(node.left, constants), _samples(node.right, constants)
        return [a + b for a in (left or [HOLE]) for b in (right or [HOLE])] if left or right else None
    return None


def _calls() -> list[tuple[str, int, list[str] | None, list[str] | None]]:
    found: list[tuple[str, int, list[str] | None, list[str] | None]] = []
    for path in sorted(SRC.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants = _constants(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "InvalidValue":
                found.append((f"{path.relative_to(SRC)}:{node.lineno}", len(found), _samples(node.args[0], constants),
                              _samples(node.args[2], constants)))
    return found


def _only_holes(text: str) -> bool:
    return not text.replace(HOLE, "").strip(" :,()'\"")


def test_every_refused_value_reads_in_vietnamese() -> None:
    calls = _calls()
    assert len(calls) > 80, "the scan found the calls"
    missing = []
    for where, _, whats, expecteds in calls:
        for what in whats or []:
            parts = [p for p in what.split(": ") if not _only_holes(p)]
            if parts and what_vi(what) is None:
                missing.append(f"{where}: what {what!r}")
        for expected in expecteds or []:
            if not _only_holes(expected) and expected_vi(expected) is None:
                missing.append(f"{where}: expected {expected!r}")
    assert not missing, "no Vietnamese for:\n" + "\n".join(missing)


@pytest.mark.parametrize(("text", "said"), [
    ("2024-Q5", "kỳ: '2024-Q5' không hợp lệ; cần: kỳ như Quý II/2024"),
    ("0001-Q1", "kỳ: '0001-Q1' không hợp lệ; cần: một kỳ trong các năm 1900-2100"),
    ("2024-06-30..2024-01-01", "không hợp lệ; cần: một khoảng có ngày cuối không trước ngày đầu"),
])
def test_a_bad_period_is_said_in_vietnamese(text: str, said: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_period(text)
    assert said in invalid_vi(caught.value), invalid_vi(caught.value)
    assert "is not valid" in str(caught.value), "the English message stays for scripts and logs"


def test_codes_and_locations_stay_as_they_are() -> None:
    exc = InvalidValue("indicator ON_TIME (catalogue.toml): filter 'x = 1'", "x", "a column: channel, sector")
    assert invalid_vi(exc) == ("chỉ số ON_TIME (catalogue.toml): bộ lọc 'x = 1': 'x' không hợp lệ; "
                               "cần: một cột: channel, sector")
    assert expected_vi("department | commune") == "một trong: department | commune"
    assert what_vi("catalogue.toml [indicators.X]: numerator") is None


# Where a person meets the error on a page or a job's note: uploads, imports, entered values, the web itself.
SEEN_ON_PAGES = ["store/reader.py", "store/isolated.py", "store/importing.py", "store/kinds", "store/target_values.py",
                 "reports/page_pdf.py", "web"]


def test_every_error_a_page_shows_has_its_vietnamese_sentence() -> None:
    files = sorted(p for where in SEEN_ON_PAGES for p in ([SRC / where] if where.endswith(".py")
                                                          else (SRC / where).rglob("*.py")))
    calls, missing = 0, []
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "ChisoError":
                calls += 1
                passed_on = any(isinstance(a, ast.Starred) for a in node.args)  # (english, vietnamese) from a pipe
                if not passed_on and not any(k.arg == "vi" for k in node.keywords):
                    missing.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert calls > 30, "the scan found the calls"
    assert not missing, "ChisoError without vi= where a page shows it:\n" + "\n".join(missing)


def test_said_gives_the_readers_language() -> None:
    from chiso.domain.error_text import said
    from chiso.domain.errors import ChisoError
    exc = ChisoError("upload.csv: the file is empty", vi="upload.csv: tệp rỗng")
    assert (said(exc, "vi"), said(exc, "en")) == ("upload.csv: tệp rỗng", "upload.csv: the file is empty")
    assert said(ChisoError("only English"), "vi") == "only English"
    with pytest.raises(InvalidValue) as caught:
        parse_period("Quý V/2024")
    assert said(caught.value, "vi").startswith("kỳ: 'Quý V/2024' không hợp lệ"), said(caught.value, "vi")
    assert said(caught.value, "en").startswith("period: 'Quý V/2024' is not valid")
