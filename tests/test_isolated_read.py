"""Uploads are read in a watched process of their own: limits end the reading, a crash ends only the reader."""

import dataclasses
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from chiso.domain.errors import ChisoError
from chiso.store.importing import import_file
from chiso.store.isolated import ReadLimits, stage_isolated
from chiso.store.store import Store
from chiso.store.watched import NICE, Watch, run_watched

HEAD = "number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n"


def dossiers(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "ho-so.csv"
    body = "".join(f"HS-{i:07d},1.001193,H21.03,H21.03,2024-06-03 09:00,2024-06-04 10:00,online\n"
                   for i in range(rows))
    path.write_text(HEAD + body, encoding="utf-8")
    return path


def count(store: Store) -> int:
    row = store.con.execute("SELECT count(*) FROM dossiers").fetchone()
    return int(row[0]) if row else -1


def test_an_isolated_import_writes_what_an_ordinary_one_does(catalogue_store: Store, tmp_path: Path) -> None:
    result = import_file(catalogue_store, "dossiers", dossiers(tmp_path, 500), isolated=True)
    assert result.written and result.counts.inserted == 500 and count(catalogue_store) == 500
    steps: list[str] = []
    staged = stage_isolated(catalogue_store, dossiers(tmp_path, 20), set(), steps.append)
    assert staged.rows == 20 and "number" in staged.headers


@pytest.mark.parametrize(("change", "message"), [
    ({"rows": 99}, "more than import.max_rows"),
    ({"columns": 3}, "more than import.max_columns"),
    ({"cells": 500}, "more than import.max_cells"),
    ({"memory_mb": 20}, "more than import.max_memory_mb"),
    ({"seconds": 0.001}, "longer than import.max_seconds"),  # less than a start
])
def test_each_limit_ends_the_reading_with_a_sentence_and_nothing_written(
        catalogue_store: Store, tmp_path: Path, change: dict[str, Any], message: str) -> None:
    limits = dataclasses.replace(ReadLimits.of(catalogue_store), **change)
    with pytest.raises(ChisoError, match=message):
        stage_isolated(catalogue_store, dossiers(tmp_path, 100), set(), lambda _s: None, limits)
    assert count(catalogue_store) == 0


def test_a_crash_while_reading_ends_only_the_reader(catalogue_store: Store, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CHISO_FAULT", "reading")
    with pytest.raises(ChisoError, match="SIGSEGV"):
        import_file(catalogue_store, "dossiers", dossiers(tmp_path, 10), isolated=True)
    monkeypatch.delenv("CHISO_FAULT")
    assert count(catalogue_store) == 0
    assert import_file(catalogue_store, "dossiers", dossiers(tmp_path, 10), isolated=True).written  # goes on


def test_a_hostile_workbook_is_refused_by_the_reader(catalogue_store: Store, tmp_path: Path) -> None:
    path = tmp_path / "not-a-workbook.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    with pytest.raises(ChisoError):
        import_file(catalogue_store, "dossiers", path, isolated=True)
    assert count(catalogue_store) == 0


def _priorities(_tell: Callable[[str], None]) -> tuple[int, int]:
    """In a watched child: its niceness, and that of a program it starts (as the report writer starts LibreOffice)."""
    started = subprocess.run([sys.executable, "-c", "import os; print(os.nice(0))"], capture_output=True, text=True,
                             check=True)
    return os.nice(0), int(started.stdout)


def test_a_watched_child_and_what_it_starts_work_at_a_lower_priority_than_the_server() -> None:
    watch = Watch(60, 2048, "import", ("reading the file", "đọc tệp"), ("the reading process", "tiến trình đọc tệp"),
                  ("the file could not be read", "không đọc được tệp"))
    lower = min(os.nice(0) + NICE, 19)
    assert lower > os.nice(0), "the tests run at the lowest priority already"
    assert run_watched(_priorities, (), watch, lambda _s: None) == (lower, lower)
