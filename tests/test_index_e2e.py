"""The 766 index end to end, through the CLI, on a small hand-made province whose figures are worked out below.

Province P with departments D1 and D2; one procedure limited to 3 working days (fee, offered online).
June 2024 has no holiday; statuses are taken at 30/06/2024 23:59:59.

D1 handles 6 dossiers in June (5 received in June, G carried over from May):
  A  received Mon 03/06 09:00, due end of Thu 06/06, finished 05/06   → early   (online, every flag set)
  B  received 03/06, finished Thu 06/06 15:00                          → on time (synced)
  C  received 03/06, finished Mon 10/06                                → late
  D  received Mon 24/06, due Thu 27/06, still open on 30/06            → open, overdue (synced)
  E  received Thu 27/06, due Tue 02/07, still open                     → open, within time
  G  received Tue 28/05, due Fri 31/05, finished Tue 04/06             → late (electronic result)
D2 handles 1: F received Mon 10/06, finished 11/06 → early, synced, electronic result, rated "complaint".

D1, worked by hand:
  ON_TIME 3/6 (A, B, E) × 20                              = 10.00
  DOSSIER_SYNC (received in June) 3/5 (A, B, D) × 6        =  3.60
  ORIGINAL_RESULT_AVAILABLE 2/6 (A, G) × 6                 =  2.00
  SO_HOA_GIAY_TO_GIAI_QUYET 1/6 × 4 = 0.667                =  0.67
  REUSED_DIGITIZED_DATA 1/6 = 16.7 % < 80 %: 0.1667/0.8 × 2 =  0.42
  SYNCED_WITH_DVCQG_PERSONAL_STORAGE 1/6 × 4               =  0.67
  CITIZEN_DATA_CONNECTED_DOSSIER 1/6 × 2                   =  0.33
  DOSSIER_RECEIVING_SATISFACTION (6 − 3 overdue − 0) / 6 = 50 % < 90 %: 0.5/0.9 × 6 = 3.33
  PETITION_* 0/0 → full                                     = 6 + 6
  province-level, reported for P and copied: PUBLISH 3/4 × 6 = 4.50, UPDATE 4/4 = 4, CONTENT 4/4 = 2,
  CERTIFIED_COPY 0/0 = 2, FORMALITY 1/2 × 2 = 1.00; ONLINE_SERVICE 9.50 and PAYMENT 7.25 reported for D1.
  Groups 14.10 + 10.00 + 9.50 + 7.25 + 7.09 + 15.33 = 63.27.
D2: ON_TIME 1/1 = 20; SYNC 1/1 = 6; RESULT 1/1 = 6; the other dossier metrics 0; satisfaction (1 − 0 − 1)/1 = 0;
  petitions 12; province-level as D1. Nothing reported for D2, so the groups are provisional:
  ONLINE_SERVICE: procedures offered online 1/1 ≥ 80 % → 6; online rate 0 × sync 1 → 0: 6.00 (tạm tính);
  PAYMENT: paid online 0/0 → 0; fee procedures with an online payment 0/1 → 0; fee procedures 1/1 × 2.5: 2.50.
  Groups 16.50 + 20.00 + 6.00 + 2.50 + 9.00 + 12.00 = 66.00. Ranks: D2 1st, D1 2nd.
"""

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import chiso

UNITS = "code,name,kind,parent_code\nP,UBND tỉnh Thử,tỉnh,\nD1,Sở Một,sở,P\nD2,Sở Hai,sở,P\n"
PROCEDURES = ("code,name,sector,level,time_limit,fee,online_level\n"
              "1.000100,Cấp phép thử,Thử,tỉnh,3 ngày làm việc,có,toàn trình\n")
FLAGS = "synced_to_portal,electronic_result,digitized_input,reused_data,personal_store_used,citizen_data_used"
HEAD = "number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel,fee,paid_online"
DOSSIERS = f"""{HEAD},{FLAGS},rating
A,1.000100,D1,D1,2024-06-03 09:00,2024-06-05 10:00,online,1,1,1,1,1,1,1,1,
B,1.000100,D1,D1,2024-06-03 09:00,2024-06-06 15:00,direct,0,0,1,0,0,0,0,0,
C,1.000100,D1,D1,2024-06-03 09:00,2024-06-10 10:00,direct,0,0,0,0,0,0,0,0,
D,1.000100,D1,D1,2024-06-24 09:00,,direct,0,0,1,0,0,0,0,0,
E,1.000100,D1,D1,2024-06-27 10:00,,direct,0,0,0,0,0,0,0,0,
G,1.000100,D1,D1,2024-05-28 09:00,2024-06-04 10:00,direct,0,0,1,1,0,0,0,0,
F,1.000100,D2,D2,2024-06-10 09:00,2024-06-11 10:00,direct,0,0,1,1,0,0,0,0,khiếu nại
"""
REPORTED = """indicator,unit,period,numerator,denominator,value,source
PUBLISH_ON_TIME,P,2024-06,3,4,,test
PUBLIC_UPDATE_ON_TIME,P,2024-06,4,4,,test
PUBLIC_CONTENT_FULL,P,2024-06,4,4,,test
ELECTRONIC_CERTIFIED_COPY,P,2024-06,0,0,,test
CITIZEN_DATA_CONNECTED_FORMALITY,P,2024-06,1,2,,test
ONLINE_SERVICE,D1,2024-06,,,"9,50",test
PAYMENT,D1,2024-06,,,7.25,test
"""
AT = "2024-06-30T23:59:59"


@pytest.fixture()
def province(home: Path, tmp_path: Path) -> Path:
    for kind, text in (("units", UNITS), ("procedures", PROCEDURES), ("dossiers", DOSSIERS),
                       ("reported", REPORTED)):
        path = tmp_path / f"{kind}.csv"
        path.write_text(text, encoding="utf-8")
        done = chiso("import", kind, str(path))
        assert done.returncode == 0, done.stderr
    return home


def run_json(*args: str) -> object:
    done = chiso(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_unit_figures_match_the_hand_computation(province: Path) -> None:
    data = run_json("index", "compute", "--period", "2024-06", "--unit", "D1", "--at", AT)
    assert isinstance(data, list)
    d1 = data[0]
    metrics = {m["code"]: (m["numerator"], m["denominator"], m["score"]) for m in d1["metrics"]}
    assert metrics["ON_TIME"] == (3, 6, 10.0)
    assert metrics["DOSSIER_SYNC"] == (3, 5, 3.6)
    assert metrics["ORIGINAL_RESULT_AVAILABLE"] == (2, 6, 2.0)
    assert metrics["SO_HOA_GIAY_TO_GIAI_QUYET"][2] == 0.67
    assert metrics["REUSED_DIGITIZED_DATA"][2] == 0.42
    assert metrics["DOSSIER_RECEIVING_SATISFACTION"] == (3, 6, 3.33)
    assert metrics["PUBLISH_ON_TIME"] == (3, 4, 4.5)  # reported for the province, copied to D1
    groups = {g["code"]: (g["score"], g["source"]) for g in d1["groups"]}
    assert groups == {"TRANSPARENCY": (14.1, "computed"), "PROGRESS": (10.0, "computed"),
                      "ONLINE_SERVICE": (9.5, "reported"), "PAYMENT": (7.25, "reported"),
                      "DIGITISATION": (7.09, "computed"), "SATISFACTION": (15.33, "computed")}
    assert d1["total"] == 63.27 and d1["rank"] == 2 and d1["of"] == 2 and not d1["provisional"]


def test_ranking_and_provisional_groups(province: Path) -> None:
    rows = run_json("index", "compute", "--period", "2024-06", "--level", "department", "--at", AT)
    assert isinstance(rows, list)
    by_code = {r["unit_code"]: r for r in rows}
    assert by_code["D2"]["total"] == 66.0 and by_code["D2"]["rank"] == 1
    assert by_code["D2"]["ONLINE_SERVICE"] == 6.0 and by_code["D2"]["PAYMENT"] == 2.5
    assert by_code["D2"]["provisional"] is True and by_code["D1"]["provisional"] is False
    assert by_code["D1"]["rank"] == 2


def test_explain_lists_the_dossiers_that_cost_points(province: Path, tmp_path: Path) -> None:
    out = tmp_path / "late.csv"
    done = chiso("index", "explain", "--unit", "D1", "--period", "2024-06", "--metric", "ON_TIME", "--at", AT,
                 "--output", str(out))
    assert done.returncode == 0, done.stderr
    assert "status in ('early', 'on_time', 'open_within')" in done.stdout
    assert "3 / 6" in done.stdout and "ON_TIME version 766-2022" in done.stdout
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["number"] for r in rows) == ["C", "D", "G"]
    assert {r["number"]: r["status"] for r in rows} == {"C": "late", "D": "open_overdue", "G": "late"}


def test_explain_of_the_province_includes_descendants(province: Path) -> None:
    done = chiso("index", "explain", "--unit", "P", "--period", "2024-06", "--metric",
                 "DOSSIER_RECEIVING_SATISFACTION", "--at", AT)
    assert done.returncode == 0, done.stderr
    assert "3 / 7" in done.stdout  # 7 handled − 3 overdue − 1 complaint
    assert "4 item(s)" in done.stdout


def test_whatif_gains_and_plan(province: Path) -> None:
    data = run_json("index", "whatif", "--unit", "D1", "--period", "2024-06", "--dossiers", "2", "--at", AT)
    assert isinstance(data, list)
    levers = {lv["metric"]: lv for lv in data[0]["levers"]}
    # ON_TIME: 3/6 → 5/6 gives 16.67 − 10.00 = 6.67; 20/6 = 3.33 points per dossier, the best lever.
    assert levers["ON_TIME"]["gain_if_n"] == 6.67
    assert data[0]["plan"][0]["action"].endswith("(ON_TIME)")
    assert data[0]["plan"][0]["points"] == 6.67
    province_plan = run_json("index", "whatif", "--unit", "P", "--period", "2024-06", "--at", AT)
    assert isinstance(province_plan, list)
    assert any(p["unit_code"] == "D1" for p in province_plan[0]["units_to_push"])


def test_indicator_compute_breakdown(province: Path) -> None:
    rows = run_json("indicator", "compute", "ONLINE_RATE", "--period", "2024-06", "--unit", "D1", "--by", "channel",
                    "--at", AT)
    assert isinstance(rows, list)
    assert {r["channel"]: (r["numerator"], r["denominator"]) for r in rows} == {"online": (1, 1), "direct": (0, 4)}


def test_errors_name_the_bad_value(province: Path) -> None:
    done = chiso("index", "compute", "--period", "2024-Q5")
    assert done.returncode == 1 and "'2024-Q5'" in done.stderr and "2024-Q2" in done.stderr
    done = chiso("index", "explain", "--unit", "NOPE", "--period", "2024-06", "--metric", "ON_TIME")
    assert done.returncode == 1 and "'NOPE'" in done.stderr
    done = chiso("index", "explain", "--unit", "D1", "--period", "2024-06", "--metric", "BOGUS")
    assert done.returncode == 1 and "'BOGUS'" in done.stderr


SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")


def keys_of(value: object) -> Iterator[str]:
    """Every key of every object in a JSON value, nested ones included."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield str(key)
            yield from keys_of(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from keys_of(inner)


MACHINE_COMMANDS = [
    ("index", "compute", "--period", "2024-06", "--level", "department"),
    ("index", "compute", "--period", "2024-06", "--unit", "D1"),
    ("index", "whatif", "--unit", "P", "--period", "2024-06"),
    ("indicator", "compute", "ONLINE_RATE", "--period", "2024-06", "--level", "department"),
    ("indicator", "compute", "ONLINE_RATE", "--period", "2024-06", "--unit", "D1", "--by", "channel"),
    ("units", "list"), ("indicator", "list"), ("settings",),
]


@pytest.mark.parametrize("command", MACHINE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_machine_output_keys_are_english_snake_case(province: Path, command: tuple[str, ...]) -> None:
    """JSON and CSV keys are what scripts read: English snake_case, never a label (the index's group codes, stable
    identifiers of the catalogue, are the only other keys)."""
    groups = {"TRANSPARENCY", "PROGRESS", "ONLINE_SERVICE", "PAYMENT", "DIGITISATION", "SATISFACTION"}
    data = run_json(*command, "--at", AT) if command[0] in ("index", "indicator") and command[1] != "list" \
        else run_json(*command)
    keys = set(keys_of(data))
    assert keys, command
    assert {k for k in keys if not SNAKE.match(k)} <= groups, command
    if "compute" in command or command[0] == "units":
        done = chiso(*command, *(("--at", AT) if command[0] != "units" else ()), "--format", "csv")
        assert done.returncode == 0, done.stderr
        header = next(csv.reader(done.stdout.splitlines()))
        assert {k for k in header if not SNAKE.match(k)} <= groups, header
    table = chiso(*command, *(("--at", AT) if command[0] in ("index", "indicator") and command[1] != "list" else ()))
    assert table.returncode == 0, table.stderr
    if command[:2] == ("index", "compute") and "--unit" not in command:
        assert "Hạng" in table.stdout and "Tổng điểm" in table.stdout and "rank" not in table.stdout
