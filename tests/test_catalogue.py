"""The catalogue as data: versions, a province's own files, filter errors, and committed SQL per dialect."""

import os
from datetime import date
from pathlib import Path

import pytest

from chiso.domain.catalogue import load_catalogue
from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import parse_period
from chiso.domain.settings import Settings
from chiso.engine.compile import compile_indicators
from tests.conftest import chiso

SNAPSHOTS = Path(__file__).with_name("snapshots")
DIALECTS = ("duckdb", "postgres", "pyspark")
EVERYDAY = ("ON_TIME", "ONLINE_RATE", "PAYMENT_DOSSIER_ONLINE", "DIGITISATION_RATE", "ELECTRONIC_RESULT_RATE",
            "AVG_PROCESSING_DAYS", "OVERDUE_OPEN", "PETITION_PROCESSING_ON_TIME")


def index_indicators() -> list[object]:
    catalogue = load_catalogue()
    definition = catalogue.index("766", date(2025, 1, 1))
    chosen = dict.fromkeys(m.indicator for m in definition.metrics)
    return [i for code in chosen if (i := catalogue.indicator(code, date(2025, 1, 1))).kind != "reported"]


def cases() -> dict[str, list[object]]:
    catalogue = load_catalogue()
    return {"index_766": index_indicators(),
            "everyday": [catalogue.indicator(code, date(2025, 1, 1)) for code in EVERYDAY]}


@pytest.mark.parametrize("dialect", DIALECTS)
@pytest.mark.parametrize("case", ["index_766", "everyday"])
def test_sql_snapshots_per_dialect(case: str, dialect: str) -> None:
    """The same definitions compile for every engine; a change in the SQL must be reviewed and committed.

    Regenerate with CHISO_UPDATE_SNAPSHOTS=1 pytest tests/test_catalogue.py
    """
    compiled = compile_indicators(cases()[case], Settings())  # type: ignore[arg-type]
    text = "\n".join(f"-- source: {c.source}\n{c.script(dialect)}" for c in compiled)
    path = SNAPSHOTS / dialect / f"{case}.sql"
    if os.environ.get("CHISO_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing snapshot {path}; run with CHISO_UPDATE_SNAPSHOTS=1"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs from the compiled SQL"


def test_no_duckdb_only_functions_in_other_dialects() -> None:
    for dialect in ("postgres", "pyspark"):
        text = (SNAPSHOTS / dialect / "index_766.sql").read_text(encoding="utf-8")
        for duckdb_only in ("EXCLUDE", "FILTER(WHERE" if dialect == "pyspark" else "\x00", "strftime", "epoch("):
            assert duckdb_only not in text, (dialect, duckdb_only)


def test_version_in_force_follows_the_period(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "on-time-2026.toml").write_text("""
[[indicator]]
id = "ON_TIME"
version = "local-2026"
valid_from = 2026-01-01
name_vi = "Tỷ lệ đúng hạn (cách tính mới)"
name_en = "On time (new rule)"
kind = "dossier_ratio"
numerator = "status in ('early', 'on_time')"
""", encoding="utf-8")
    catalogue = load_catalogue([folder])
    assert catalogue.indicator("ON_TIME", parse_period("2025-Q4").end).version == "766-2022"
    assert catalogue.indicator("ON_TIME", parse_period("2026-Q1").end).version == "local-2026"


def test_bad_catalogue_entries_name_the_file_and_value(tmp_path: Path) -> None:
    folder = tmp_path / "catalogue"
    folder.mkdir()
    (folder / "bad.toml").write_text('[[indicator]]\nid = "X"\nname_vi = "x"\nname_en = "x"\n'
                                     'valid_from = 2024-01-01\nkind = "ratio"\n', encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"bad.toml: indicator X: kind: 'ratio'"):
        load_catalogue([folder])
    with pytest.raises(ChisoError, match="no version of indicator ON_TIME is in force"):
        load_catalogue().indicator("ON_TIME", date(2020, 1, 1))


def test_bad_filter_names_the_indicator_and_the_column() -> None:
    from chiso.domain.catalogue import parse_indicator

    bad = parse_indicator({"id": "MINE", "name_vi": "x", "name_en": "x", "valid_from": date(2024, 1, 1),
                           "kind": "dossier_ratio", "numerator": "chanel == 'online'"}, "mine.toml")
    with pytest.raises(InvalidValue, match=r"indicator MINE \(mine.toml\).*'chanel'.*channel"):
        compile_indicators([bad], Settings())
    unsafe = parse_indicator({"id": "EVIL", "name_vi": "x", "name_en": "x", "valid_from": date(2024, 1, 1),
                              "kind": "dossier_ratio", "numerator": "__import__('os').system('true')"}, "evil.toml")
    with pytest.raises(InvalidValue, match="EVIL"):
        compile_indicators([unsafe], Settings())


def test_a_province_adds_an_indicator_by_dropping_a_file(home: Path, tmp_path: Path) -> None:
    from tests.test_index_e2e import AT, DOSSIERS, PROCEDURES, UNITS

    for kind, text in (("units", UNITS), ("procedures", PROCEDURES), ("dossiers", DOSSIERS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert chiso("import", kind, str(path)).returncode == 0
    folder = home / "config" / "catalogue"
    folder.mkdir(parents=True)
    (folder / "local.toml").write_text("""
[[indicator]]
id = "LOCAL_SYNCED_LATE"
version = "1"
valid_from = 2024-01-01
name_vi = "Hồ sơ trễ hạn đã đồng bộ"
name_en = "Late dossiers that were synchronised"
unit = "count"
direction = "lower"
kind = "count"
numerator = "status in ('late', 'open_overdue') and synced_to_portal"
""", encoding="utf-8")
    listed = chiso("indicator", "list", "--format", "csv")
    assert "LOCAL_SYNCED_LATE" in listed.stdout and "local.toml" in listed.stdout
    done = chiso("indicator", "compute", "LOCAL_SYNCED_LATE", "--period", "2024-06", "--unit", "D1", "--at", AT,
                 "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].split(",")[3] == "2"  # D (open overdue) and G (late) were synchronised
