"""The province among provinces: national tables imported as published, ranks with ties, rank changes, ranks in
a region (before and after the 2025 mergers), the gap to the province above, and the sentence reports quote."""

import csv
from pathlib import Path

import pytest

from chiso.domain.rankings import Entry, Regions, change_vi, index_code, province_key, ranked, sentence_vi, standing
from chiso.engine.rankings import own_province, places
from chiso.store.importing import ImportRejected, import_file
from chiso.store.store import Store
from tests.conftest import chiso

UNITS = "code,name,kind,parent_code\n52,UBND tỉnh Gia Lai,tỉnh,\nH21.03,Sở Tư pháp,sở,52\n"
REGIONS = Regions.load()


def test_province_names_as_tables_write_them() -> None:
    assert province_key("Tỉnh Gia Lai") == province_key("GIA LAI") == province_key("UBND tỉnh Gia Lai") == "gia lai"
    assert province_key("TP. Hồ Chí Minh") == province_key("Thành phố Hồ Chí Minh") == "ho chi minh"
    assert province_key("Bà Rịa - Vũng Tàu") == province_key("Bà Rịa–Vũng Tàu".replace("–", "-"))
    assert index_code("PAR INDEX") == index_code("Chỉ số cải cách hành chính") == "PAR_INDEX"
    assert index_code("Bộ chỉ số 766") == "766" and index_code("My own index") == "MY_OWN_INDEX"


def test_the_regions_file_holds_63_and_34_provinces() -> None:
    known = {(r[0], province_key(r[1])) for r in REGIONS.rows}
    assert len({k for s, k in known if s == 63}) == 63 and len({k for s, k in known if s == 34}) == 34
    assert sorted(REGIONS.members(63, "Tây Nguyên")) == ["dak lak", "dak nong", "gia lai", "kon tum", "lam dong"]
    assert REGIONS.of(34, "gia lai") == ["Bắc Trung Bộ và duyên hải miền Trung", "Tây Nguyên"]  # with Bình Định


def entries(*rows: tuple[str, float | None, int | None]) -> list[Entry]:
    return [Entry(name, province_key(name), score, rank) for name, score, rank in rows]


def test_ranks_from_scores_share_ties_and_published_ranks_win() -> None:
    table = entries(("Lâm Đồng", 90.0, None), ("Gia Lai", 85.0, None), ("Kon Tum", 85.0, None),
                    ("Đắk Lắk", 80.0, None))
    assert [(e.key, r) for e, r in ranked(table)] == [("lam dong", 1), ("gia lai", 2), ("kon tum", 2), ("dak lak", 4)]
    published = entries(("Lâm Đồng", 90.0, 2), ("Gia Lai", 85.0, 1))
    assert [(e.key, r) for e, r in ranked(published)] == [("gia lai", 1), ("lam dong", 2)]


def test_standing_rank_change_region_and_gap() -> None:
    before = entries(("Lâm Đồng", 0.70, None), ("Hà Nội", 0.69, None), ("Kon Tum", 0.68, None),
                     ("Gia Lai", 0.60, None), ("Đắk Lắk", 0.50, None))
    after = entries(("Lâm Đồng", 0.72, None), ("Hà Nội", 0.71, None), ("Gia Lai", 0.68, None),
                    ("Kon Tum", 0.68, None), ("Đắk Lắk", 0.55, None))
    s = standing("ICT", "2018", after, "gia lai", 63, REGIONS, ("2017", before))
    assert s is not None
    assert (s.rank, s.of, s.previous_rank, s.change) == (3, 5, 4, 1)  # tied with Kon Tum at 3
    assert [(r.region, r.rank, r.of, r.above) for r in s.regions] == [("Tây Nguyên", 2, 4, ["Lâm Đồng"])]
    assert s.above == "Hà Nội" and s.gap == pytest.approx(0.03)
    assert change_vi(s.change) == "tăng 1 bậc" and change_vi(-2) == "giảm 2 bậc"
    assert change_vi(0) == "giữ nguyên thứ hạng"
    text = sentence_vi(s, "Chỉ số ICT", "năm 2018", "năm 2017")
    assert text == ("Chỉ số ICT năm 2018 đạt 0,680 điểm, xếp thứ 3/5 tỉnh, thành phố (tăng 1 bậc so với năm 2017); "
                    "thứ 2/4 khu vực Tây Nguyên, sau Lâm Đồng")
    assert standing("ICT", "2018", after, "cao bang", 63, REGIONS) is None


def national_table(path: Path, rows: list[tuple[str, str, str]], headers: tuple[str, ...] = (
        "STT", "Tỉnh, thành phố", "Điểm", "Xếp hạng")) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC TỈNH, THÀNH PHỐ"])
        writer.writerow(headers)
        for i, row in enumerate(rows, start=1):
            writer.writerow([i, *row])
    return path


@pytest.fixture()
def ranking_store(store: Store, tmp_path: Path) -> Store:
    (tmp_path / "units.csv").write_text(UNITS, encoding="utf-8")
    import_file(store, "units", tmp_path / "units.csv")
    for year, rows in (("2022", [("Tỉnh Lâm Đồng", "88,10", "1"), ("Tỉnh Kon Tum", "86,00", "2"),
                                 ("Tỉnh Gia Lai", "84,50", "3")]),
                       ("2023", [("Tỉnh Lâm Đồng", "89,00", "1"), ("Tỉnh Gia Lai", "87,25", "2"),
                                 ("Tỉnh Kon Tum", "87,25", "2")])):
        result = import_file(store, "rankings", national_table(tmp_path / f"par{year}.csv", rows),
                             fixed={"index": "PAR INDEX", "period": year})
        assert result.counts.inserted == 3 and not result.rejects
    return store


def test_two_imported_tables_give_the_rank_and_its_change(ranking_store: Store) -> None:
    assert own_province(ranking_store) == "gia lai"
    found = places(ranking_store)
    assert [(p.table.index, p.table.period.label, p.standing.rank, p.standing.change) for p in found] == [
        ("PAR_INDEX", "2022", 3, None), ("PAR_INDEX", "2023", 2, 1)]
    latest = found[-1].standing
    assert [(r.region, r.rank, r.of) for r in latest.regions] == [("Tây Nguyên", 2, 3)]
    assert latest.score == 87.25 and latest.above == "Lâm Đồng" and latest.gap == pytest.approx(1.75)


@pytest.mark.parametrize(("rows", "reason"), [
    ([("Tỉnh Không Có", "80", "1")], "unknown province"),
    ([("Tỉnh Gia Lai", "80", "1"), ("GIA LAI", "81", "2")], "more than once"),
    ([("Tỉnh Gia Lai", "80", "0")], "a rank is 1 or more"),
    ([("Tỉnh Gia Lai", "", "")], "give a score or a rank"),
    ([("Tỉnh Gia Lai", "nan", "1")], "not a number"),
])
def test_a_bad_table_is_refused_and_nothing_is_written(ranking_store: Store, tmp_path: Path,
                                                       rows: list[tuple[str, str, str]], reason: str) -> None:
    before = len(places(ranking_store))
    with pytest.raises(ImportRejected) as caught:
        import_file(ranking_store, "rankings", national_table(tmp_path / "bad.csv", rows),
                    fixed={"index": "SIPAS", "period": "2024"})
    assert any(reason in r.reason for r in caught.value.result.rejects), caught.value.result.rejects
    assert len(places(ranking_store)) == before


def test_rankings_through_the_cli(home: Path, tmp_path: Path) -> None:
    assert chiso("init", "--province", "Gia Lai").returncode == 0
    rows = [(f"Tỉnh {name}", f"{90 - i:.2f}".replace(".", ","), "") for i, name in enumerate(
        ["Lâm Đồng", "Gia Lai", "Kon Tum", "Đắk Lắk"])]
    path = national_table(tmp_path / "dti.csv", rows, ("STT", "Tỉnh, thành phố", "Điểm", "Xếp hạng"))
    done = chiso("rankings", "import", str(path), "--index", "DTI", "--period", "2024")
    assert done.returncode == 0, done.stderr
    shown = chiso("rankings", "show")
    assert shown.returncode == 0 and "xếp thứ 2/4 tỉnh, thành phố" in " ".join(shown.stdout.split())
    listed = chiso("rankings", "show", "--format", "json").stdout
    assert '"rank": 2' in listed and '"of": 4' in listed
    wrong = chiso("import", "tasks", str(path), "--index", "DTI")
    assert wrong.returncode != 0 and "--index applies to rankings only" in wrong.stderr


def test_the_review_report_states_the_rank_among_provinces(home: Path, tmp_path: Path) -> None:
    import docx

    assert chiso("demo", "--dossiers", "3000", "--seed", "3").returncode == 0
    for year, order in (("2023", ["Lâm Đồng", "Kon Tum", "Gia Lai"]), ("2024", ["Lâm Đồng", "Gia Lai", "Kon Tum"])):
        rows = [(f"Tỉnh {name}", f"{90 - i:.2f}".replace(".", ","), str(i + 1)) for i, name in enumerate(order)]
        path = national_table(tmp_path / f"par{year}.csv", rows)
        assert chiso("import", "rankings", str(path), "--index", "PAR INDEX", "--period", year).returncode == 0
    done = chiso("report", "review", "--period", "2025-Q2", "--format", "docx", "--output", str(tmp_path / "r.docx"))
    assert done.returncode == 0, done.stderr
    text = " ".join(p.text for p in docx.Document(str(tmp_path / "r.docx")).paragraphs)
    assert ("Theo kết quả công bố, chỉ số cải cách hành chính (PAR INDEX) năm 2024 của tỉnh đạt 89,00 điểm, xếp thứ "
            "2/3 tỉnh, thành phố (tăng 1 bậc so với năm 2023); thứ 2/3 khu vực Tây Nguyên, sau Lâm Đồng.") in text
