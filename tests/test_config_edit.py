"""Settings and local calendar days changed through chiso are checked before they are written."""

from datetime import date
from pathlib import Path

import pytest

from chiso.domain.errors import InvalidValue
from chiso.store.config_edit import set_calendar_day, set_setting
from chiso.store.workspace import Workspace


def test_set_setting_keeps_other_keys_and_checks_values(home: Path) -> None:
    ws = Workspace.resolve()
    assert set_setting(ws, "plan.band_high", "75") == ("70", "75")
    old, new = set_setting(ws, "index.bands", "90=Xuất sắc; 0=Khác")
    assert old.startswith("80=Nhóm A") and new == "90=Xuất sắc; 0=Khác"
    settings = ws.settings()
    assert settings.values["plan.band_high"] == 75 and settings.values["index.bands"] == "90=Xuất sắc; 0=Khác"
    with pytest.raises(InvalidValue, match=r"plan\.band_high"):
        set_setting(ws, "plan.band_high", "bảy mươi")
    with pytest.raises(InvalidValue, match="nope"):
        set_setting(ws, "nope.key", "1")
    with pytest.raises(InvalidValue):
        set_setting(ws, "plan.acceleration", "0.5")  # below 1: refused by the settings' own check
    assert ws.settings().values["plan.acceleration"] == 1.5, "a refused value is not written"
    assert set_setting(ws, "report.signer_name", 'Nguyễn "Văn" A\\B')[1] == 'Nguyễn "Văn" A\\B'
    assert ws.settings().values["report.signer_name"] == 'Nguyễn "Văn" A\\B', "quotes survive the TOML round trip"


def test_set_calendar_day_replaces_the_line_for_that_day(home: Path) -> None:
    ws = Workspace.resolve()
    assert set_calendar_day(ws, date(2025, 9, 1), "off", "Nghỉ địa phương", "QĐ 12/QĐ-UBND") is None
    old = set_calendar_day(ws, date(2025, 9, 1), "work", "Làm bù", "QĐ 13/QĐ-UBND")
    assert old == "2025-09-01,off,Nghỉ địa phương"
    calendar = ws.calendar(ws.settings())
    assert calendar.is_workday(date(2025, 9, 1))
    text = ws.local_calendar_file.read_text(encoding="utf-8")
    assert text.count("2025-09-01") == 1 and text.startswith("day,kind,name,source")
    with pytest.raises(InvalidValue):
        set_calendar_day(ws, date(2025, 9, 2), "holiday", "x", "y")
    with pytest.raises(InvalidValue):
        set_calendar_day(ws, date(2025, 9, 2), "off", "", "y")


def test_a_yes_no_setting_is_written_as_a_toml_boolean(tmp_path: Path) -> None:
    from chiso.domain.settings import Settings

    workspace = Workspace(tmp_path, tmp_path / "store.duckdb", tmp_path / "config")
    assert set_setting(workspace, "tasks.extension_counts_on_time", "không") == ("True", "False")
    assert Settings.load(workspace.settings_file).extension_counts_on_time is False
    assert set_setting(workspace, "tasks.extension_counts_on_time", "có")[1] == "True"
    with pytest.raises(InvalidValue):
        set_setting(workspace, "tasks.extension_counts_on_time", "1.5")
    assert Settings.load(workspace.settings_file).extension_counts_on_time is True
