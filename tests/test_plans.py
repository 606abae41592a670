"""Plans and campaigns through the CLI, on the hand-made province of test_index_e2e (June 2024).

D1 received 5 dossiers in June, 1 online (A): online rate 20 %. Up to 15/06 it had received 3, 1 online: 33.3 %.
D2 handled 1 dossier, early: on-time rate 100 %.
"""

import json
from pathlib import Path

import pytest

from tests.conftest import chiso
from tests.test_index_e2e import DOSSIERS, PROCEDURES, UNITS

HEAD = ("plan,target_code,name,unit_code,indicator,target_value,direction,deadline,baseline,actual,milestone,"
        "document,start")
PLAN = f"""{HEAD}
KH1,CT01,Tỷ lệ hồ sơ trực tuyến,D1,ONLINE_RATE,50,,2024-06-30,,,,12/KH-UBND,2024-06-01
KH1,CT02,Tỷ lệ hồ sơ đúng hạn,D2,ON_TIME,95,cao hơn,2024-06-30,,,,,
KH1,CT03,Tỷ lệ người dân trưởng thành sử dụng smartphone,P,,80,higher,2024-06-30,,82,,,
KH1,CT04,Thủ tục được cắt giảm thời gian,P,,10,higher,2024-06-30,,30,,,
KH1,CT05,Tỷ lệ hồ sơ trễ hạn,P,,5,lower,2024-06-30,,10,,,
KH1,CT06,Tỷ lệ văn bản ký số,P,,100,higher,2024-06-30,,,,,
CD1,TT,Tỷ lệ hồ sơ trực tuyến,D1,ONLINE_RATE,10,,2024-06-15,,,50,629/KH-UBND,2024-06-01
CD1,TT,Tỷ lệ hồ sơ trực tuyến,D1,ONLINE_RATE,30,,2024-06-30,,,100,,
"""


@pytest.fixture()
def province(home: Path, tmp_path: Path) -> Path:
    for kind, text in (("units", UNITS), ("procedures", PROCEDURES), ("dossiers", DOSSIERS)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        assert chiso("import", kind, str(path)).returncode == 0
    path = tmp_path / "plan.csv"
    path.write_text(PLAN, encoding="utf-8")
    done = chiso("plan", "import", str(path))
    assert done.returncode == 0, done.stderr
    return tmp_path


def status(*args: str) -> dict[str, object]:
    done = chiso(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert isinstance(data, list)
    result = data[0]
    assert isinstance(result, dict)
    return result


def test_plan_status_bands_and_reported_values_with_evidence(province: Path) -> None:
    evidence = province / "bien-ban.pdf"
    evidence.write_bytes(b"%PDF-1.4 minh chung")
    done = chiso("report-value", "CT06", "--unit", "P", "--value", "75", "--date", "2024-06-20",
                 "--evidence", str(evidence), "--comment", "Số liệu Văn phòng UBND", "--by", "chuyên viên A")
    assert done.returncode == 0, done.stderr
    data = status("plan", "status", "KH1", "--at", "2024-06-30")
    targets = {t["target_code"]: t for t in data["targets"]}  # type: ignore[attr-defined]
    assert targets["CT01"]["actual"] == 20.0 and targets["CT01"]["band"] == "under_50"
    assert targets["CT02"]["band"] == "met"  # 100 % against 95 %
    assert targets["CT03"]["band"] == "met" and targets["CT04"]["band"] == "exceeded"
    assert targets["CT05"]["band"] == "from_50_to_70"  # 10 % late against at most 5 %: exactly 50 %
    assert targets["CT06"]["actual"] == 75.0 and targets["CT06"]["band"] == "above_70"
    assert data["summary"] == {
        "bands": {"exceeded": 1, "met": 2, "above_70": 1, "from_50_to_70": 1, "under_50": 1, "no_data": 0},
        "text": "3/6 chỉ tiêu hoàn thành và vượt; 1 đạt trên 70%; 1 đạt 50–70%; 1 dưới 50%"}
    assert "thiếu 30,0 điểm phần trăm" in str(targets["CT01"]["gap"])


def test_report_value_is_checked(province: Path) -> None:
    done = chiso("report-value", "CT01", "--unit", "D1", "--value", "40", "--date", "2024-06-20")
    assert done.returncode != 0 and "computed from dossiers" in done.stderr
    done = chiso("report-value", "NOPE", "--unit", "P", "--value", "1", "--date", "2024-06-20")
    assert done.returncode != 0 and "'NOPE'" in done.stderr


def test_campaign_milestones(province: Path) -> None:
    data = status("campaign", "status", "CD1", "--at", "2024-06-30")
    states = {m["milestone"]: m["state"] for m in data["milestones"]}  # type: ignore[attr-defined]
    assert states == {"50": "reached", "100": "missed"}  # 33.3 % ≥ 10 % by 15/06; 20 % < 30 % by 30/06
    early = status("campaign", "status", "CD1", "--at", "2024-06-10")
    assert {m["milestone"] for m in early["milestones"]} == {"50", "100"}  # type: ignore[attr-defined]


def test_bad_plan_rows_are_all_reported(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "units.csv"
    path.write_text(UNITS, encoding="utf-8")
    assert chiso("import", "units", str(path)).returncode == 0
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEAD}\nK,A,x,D1,NOPE,50,,2024-06-30,,,,,\nK,B,x,D1,,50,sideways,2024-06-30,,,,,\n"
                   "K,C,x,ZZ,,50,,2024-06-31,,,,,\n", encoding="utf-8")
    done = chiso("plan", "import", str(bad))
    assert done.returncode == 1
    for text in ("line 2", "'NOPE'", "line 3", "'sideways'", "line 4", "'ZZ'", "'2024-06-31'"):
        assert text in done.stderr, text
