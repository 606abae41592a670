"""Scorecards as data: a criteria tree built in the test, self-assessment, appraisal, levels by the "every
criterion of this level and below" rule, groups by thresholds, the distribution sentence, computed criteria equal
to the engine's figures, and a round through the CLI."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import parse_period
from chiso.domain.scorecards import NOT_RANKED, distribution, distribution_vi, parse_scorecard
from chiso.engine.accountability import targets_met
from chiso.engine.compute import as_of, run
from chiso.engine.index import compute_index
from chiso.engine.scorecards import placed, unit_results, weakest
from chiso.store.importing import import_file
from chiso.store.scorecards import definition, definitions, enter
from chiso.store.store import Store
from tests.conftest import chiso

LEVELS = """
[scorecard]
id = "TEST_LEVELS"
name_vi = "Mức độ thử"
rule = "levels"
[[level]]
code = "I"
label = "Mức I"
[[level]]
code = "II"
label = "Mức II"
[[level]]
code = "III"
label = "Mức III"
[[criterion]]
code = "A"
name_vi = "Khu vực A"
[[criterion]]
code = "A1"
parent = "A"
level = "I"
max = 2
name_vi = "Tiêu chí mức I"
[[criterion]]
code = "A2"
parent = "A"
level = "II"
max = 3
name_vi = "Tiêu chí mức II"
[[criterion]]
code = "B1"
level = "III"
max = 5
name_vi = "Tiêu chí mức III"
"""


def test_levels_need_every_criterion_of_the_level_and_below() -> None:
    card = parse_scorecard(LEVELS, "test")
    assert [c.code for c in card.leaves] == ["A1", "A2", "B1"] and card.maximum == 10
    assert card.subtotal("A", {"A1": 2, "A2": 1}) == 3 and card.ceiling("A") == 5
    assert card.place({"A1": 2, "A2": 3, "B1": 5}) == "Mức III"
    assert card.place({"A1": 2, "A2": 3, "B1": 4}) == "Mức II"
    assert card.place({"A1": 2, "A2": 2, "B1": 5}) == "Mức I", "level III met but not II: only I is reached"
    assert card.place({"A1": 1, "A2": 3, "B1": 5}) == NOT_RANKED
    assert card.place({}) is None
    found = distribution(card, ["Mức I", "Mức I", "Mức II", NOT_RANKED, None])
    assert distribution_vi("Cấp sở", found, pending=1) == ("Cấp sở: 2 đơn vị mức I (50%), 1 đơn vị mức II (25%), "
                                                           "1 đơn vị không xếp hạng (25%); 1 đơn vị chưa có kết quả")


def test_groups_by_thresholds_of_the_percentage() -> None:
    groups = '[[group]]\nminimum = 90\nlabel = "Nhóm A"\n[[group]]\nminimum = 80\nlabel = "Nhóm B"\n'
    card = parse_scorecard(LEVELS.replace('rule = "levels"', 'rule = "groups"') + groups, "test")
    assert card.place({"A1": 2, "A2": 3, "B1": 4}) == "Nhóm A"  # 90 %
    assert card.place({"A1": 2, "A2": 3, "B1": 3.9}) == "Nhóm B"
    assert card.place({"A1": 1}) == NOT_RANKED


@pytest.mark.parametrize(("change", "what"), [
    (('rule = "levels"', 'rule = "stars"'), "rule"),
    (('max = 2', 'max = -2'), "max"),
    (('parent = "A"\nlevel = "I"', 'parent = "Z"\nlevel = "I"'), "parent"),
    (('level = "III"', 'level = "IX"'), "level"),
    (('id = "TEST_LEVELS"', 'id = ""'), "id"),
])
def test_a_scorecard_file_that_cannot_be_right_is_refused(change: tuple[str, str], what: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_scorecard(LEVELS.replace(*change), "test")
    assert what in caught.value.what


def test_the_shipped_scorecards() -> None:
    cards = definitions(None)
    assert set(cards) >= {"PAR_INDEX_UNITS", "DTI", "EGOV_LEVELS", "SIPAS"}
    assert cards["DTI"].maximum == 1000 and cards["DTI"].ceiling("A") == 500 and cards["DTI"].ceiling("B") == 500
    assert [lv.label for lv in cards["EGOV_LEVELS"].levels] == ["Mức I", "Mức II", "Mức III", "Mức IV"]
    assert cards["PAR_INDEX_UNITS"].maximum == 100 and len(cards["PAR_INDEX_UNITS"].children(None)) == 8


UNITS = "code,name,kind,parent_code\n52,UBND tỉnh Gia Lai,tỉnh,\nH21.03,Sở Tư pháp,sở,52\nH21.04,Sở Tài chính,sở,52\n"


@pytest.fixture()
def round_store(store: Store, tmp_path: Path) -> Iterator[Store]:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    config = tmp_path / "config"
    (config / "scorecards").mkdir(parents=True)
    (config / "scorecards" / "levels.toml").write_text(LEVELS, encoding="utf-8")
    store.config = config
    yield store


def test_self_assessment_appraisal_and_levels(round_store: Store) -> None:
    card = definition(round_store, "TEST_LEVELS")
    for criterion, points in (("A1", 2), ("A2", 3), ("B1", 5)):
        enter(round_store, card.id, 2024, "H21.03", criterion, "self", points, "sotuphap", "Đã có quyết định")
    enter(round_store, card.id, 2024, "H21.04", "A1", "self", 2, "sotaichinh")
    with pytest.raises(ChisoError):
        enter(round_store, card.id, 2024, "H21.03", "B1", "appraisal", 2, "vp")  # an appraisal needs its reason
    with pytest.raises(InvalidValue):
        enter(round_store, card.id, 2024, "H21.03", "B1", "self", 6, "sotuphap")  # above the maximum
    with pytest.raises(ChisoError):
        enter(round_store, card.id, 2024, "H21.03", "A", "self", 1, "sotuphap")  # scored through its children
    results = {r.code: r for r in unit_results(round_store, card, 2024, "department")}
    assert results["H21.03"].place == "Mức III" and results["H21.04"].place == "Mức I"
    enter(round_store, card.id, 2024, "H21.03", "B1", "appraisal", 2, "vp", "Thiếu tài liệu kiểm chứng")
    results = {r.code: r for r in unit_results(round_store, card, 2024, "department")}
    line = results["H21.03"].lines["B1"]
    assert (line.own and line.own.points, line.appraisal and line.appraisal.points, line.final, line.source) == (
        5, 2, 2, "appraisal")
    assert results["H21.03"].place == "Mức II" and results["H21.03"].total == 7
    assert [r.code for r in unit_results(round_store, card, 2024, "department")] == ["H21.03", "H21.04"]
    assert placed(card, list(results.values())).counts == {"Mức I": 1, "Mức II": 1, "Mức III": 0, NOT_RANKED: 0}
    assert weakest(card, list(results.values()))[0] == ("B1", 40.0)  # appraised 2 of 5; the others full
    enter(round_store, card.id, 2023, "H21.03", "A1", "self", 1, "sotuphap")
    assert {r.code: r for r in unit_results(round_store, card, 2024, "department")}["H21.03"].last_year == 1
    actions = [r[0] for r in round_store.con.execute(
        "SELECT DISTINCT action FROM audit_log WHERE action LIKE 'scorecard.%' ORDER BY 1").fetchall()]
    assert actions == ["scorecard.appraisal", "scorecard.self"]


def test_computed_criteria_equal_the_engines_figures(home: Path, tmp_path: Path) -> None:
    from chiso.store.workspace import Workspace

    assert chiso("demo", "--dossiers", "3000", "--seed", "2").returncode == 0
    with Store.open(Workspace.resolve(), read_only=True) as store:
        card = definition(store, "PAR_INDEX_UNITS")
        results = unit_results(store, card, 2024, "department")
        period = parse_period("2024")
        indicators = [store.catalogue().indicator(i, period.end) for i in ("TASK_ON_TIME", "ONLINE_RATE")]
        tallies = run(store, indicators, [period], as_of(store))
        index = compute_index(store, [period])
        met = targets_met(store, period, [r.code for r in results])
    for result in results:
        for code, indicator, maximum in (("1.3", "TASK_ON_TIME", 3), ("3.2", "ONLINE_RATE", 4)):
            tally = tallies.get((result.code, 0, None), {}).get(indicator)
            line = result.lines[code]
            assert line.source == "computed"
            if tally is not None and tally.value is not None:
                assert line.final == pytest.approx(round(maximum * tally.value / 100, 2))
        assert result.lines["3.1"].final == pytest.approx(round(6 * float(index.score(result.code).total) / 100, 2))
        got = met.get(result.code)
        assert result.lines["1.2"].final == (None if got is None else pytest.approx(round(3 * got / 100, 2)))
        assert result.place is None, "computed criteria alone place no unit"
    with Store.open(Workspace.resolve()) as store:
        for criterion in ("I.1", "I.2"):
            enter(store, "EGOV_LEVELS", 2024, "H21.03", criterion, "self", 1, "sotuphap")
    done = chiso("report", "review", "--period", "2024", "--format", "docx", "--output", str(tmp_path / "r.docx"))
    assert done.returncode == 0, done.stderr
    import docx

    text = " ".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert "Mức độ chính quyền điện tử năm 2024: sở, ban, ngành: 1 đơn vị mức I (100%); 19 đơn vị chưa có kết quả" \
        in text


def test_a_round_through_the_cli(home: Path) -> None:
    assert chiso("init", "--province", "Gia Lai").returncode == 0
    for criterion, points in (("I.1", 1), ("I.2", 1), ("II.1", 1), ("II.2", 0)):
        done = chiso("scorecard", "score", "EGOV_LEVELS", "--year", "2024", "--unit", "Sở Tư pháp",
                     "--criterion", criterion, "--points", str(points), "--by", "sotuphap")
        assert done.returncode == 0, done.stderr
    refused = chiso("scorecard", "score", "EGOV_LEVELS", "--year", "2024", "--unit", "H21.03", "--criterion",
                    "II.2", "--points", "1", "--appraisal")
    assert refused.returncode != 0 and "reason" in refused.stderr
    assert chiso("scorecard", "score", "EGOV_LEVELS", "--year", "2024", "--unit", "H21.03", "--criterion", "II.2",
                 "--points", "1", "--appraisal", "--explanation", "Đã bổ sung danh mục DVC").returncode == 0
    shown = chiso("scorecard", "results", "EGOV_LEVELS", "--year", "2024")
    assert shown.returncode == 0 and "1 đơn vị mức II (100%)" in " ".join(shown.stdout.split()), shown.stdout
    unit = chiso("scorecard", "unit", "EGOV_LEVELS", "--year", "2024", "--unit", "H21.03", "--format", "json")
    assert '"source": "appraisal"' in unit.stdout
    assert chiso("scorecard", "results", "NONE", "--year", "2024").returncode != 0


def test_a_survey_or_a_rounds_sheet_is_imported_in_bulk(round_store: Store, tmp_path: Path) -> None:
    from chiso.store.importing import ImportRejected

    sheet = tmp_path / "sipas.csv"
    sheet.write_text("KẾT QUẢ KHẢO SÁT SIPAS NĂM 2024\nBộ tiêu chí,Năm,Đơn vị,Tiêu chí,Tỷ lệ hài lòng (%)\n"
                     + "".join(f"SIPAS,2024,Sở Tư pháp,{c},{v}\n" for c, v in zip("12345", (90, 85, 88, 92, 80),
                                                                                  strict=True)), encoding="utf-8")
    assert import_file(round_store, "scores", sheet).counts.inserted == 5
    result = unit_results(round_store, definition(round_store, "SIPAS"), 2024, unit="H21.03")[0]
    assert result.total == 435 and result.percent == 87.0, "the mean of the five areas"
    for row, reason in (("SIPAS,2024,Sở Tư pháp,9,90", "not a criterion"),
                        ("SIPAS,2024,Sở Tư pháp,1,101", "above the criterion's maximum"),
                        ("NONE,2024,Sở Tư pháp,1,10", "unknown scorecard"),
                        ("TEST_LEVELS,2024,Sở Tư pháp,A,1", "not a criterion")):
        bad = tmp_path / "bad.csv"
        bad.write_text("Bộ tiêu chí,Năm,Đơn vị,Tiêu chí,Điểm\n" + row + "\n", encoding="utf-8")
        with pytest.raises(ImportRejected) as caught:
            import_file(round_store, "scores", bad)
        assert any(reason in r.reason for r in caught.value.result.rejects), (row, caught.value.result.rejects)
    appraisal = tmp_path / "appraisal.csv"
    appraisal.write_text("Bộ tiêu chí,Năm,Đơn vị,Tiêu chí,Điểm,Bước\nSIPAS,2024,H21.03,1,70,thẩm định\n",
                         encoding="utf-8")
    with pytest.raises(ImportRejected) as caught:
        import_file(round_store, "scores", appraisal)
    assert any("appraisal needs its reason" in r.reason for r in caught.value.result.rejects)


def test_a_new_version_assesses_the_years_from_its_start(round_store: Store) -> None:
    newer = LEVELS.replace('name_vi = "Mức độ thử"', 'name_vi = "Mức độ thử"\nversion = "2025"\nvalid_from = 2025')
    newer = newer.replace('max = 5\nname_vi = "Tiêu chí mức III"', 'max = 8\nname_vi = "Tiêu chí mức III (mới)"')
    assert round_store.config is not None
    (round_store.config / "scorecards" / "levels-2025.toml").write_text(newer, encoding="utf-8")
    assert definition(round_store, "TEST_LEVELS", 2024).criterion("B1").maximum == 5
    assert definition(round_store, "TEST_LEVELS", 2025).criterion("B1").maximum == 8
    enter(round_store, "TEST_LEVELS", 2025, "H21.03", "B1", "self", 7, "sotuphap")
    with pytest.raises(InvalidValue):
        enter(round_store, "TEST_LEVELS", 2024, "H21.03", "B1", "self", 7, "sotuphap")  # 5 at most in 2024
