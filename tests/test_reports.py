"""Review reports on a small demo province: Word layout, Excel sheets, PDF pages, figures equal the engine's."""

import re
import shutil
import subprocess
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.shared import Length
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook
from PIL import Image

from chiso.demo.build import build_demo
from chiso.domain.formatting import vn_number
from chiso.domain.letterhead import date_line, place_of, province_of
from chiso.domain.periods import label_vi, parse_period
from chiso.engine.compute import as_of, run
from chiso.engine.index import compute_index, ranking
from chiso.engine.plans import plan_status
from chiso.engine.units import Units
from chiso.store.store import Store
from chiso.store.workspace import Workspace
from tests.conftest import chiso

PERIOD = "2024-Q2"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    root = tmp_path_factory.mktemp("report-demo")
    env = {"CHISO_HOME": str(root / "data"), "CHISO_CONFIG": str(root / "config")}
    (root / "config").mkdir()
    (root / "config" / "settings.toml").write_text(
        '[report]\nsigner_name = "Nguyễn Văn Thử"\narchive = "VT, KGVX"\n', encoding="utf-8")
    with Store.open(_workspace(env)) as store:
        build_demo(store, seed=5, dossiers=40_000)
    yield env


def _workspace(env: dict[str, str]) -> Workspace:
    home = Path(env["CHISO_HOME"])
    return Workspace(home, home / "chiso.duckdb", Path(env["CHISO_CONFIG"]))


def _open(env: dict[str, str]) -> Store:
    return Store.open(_workspace(env), read_only=True)


def _review(env: dict[str, str], out: Path, *args: str) -> list[Path]:
    done = chiso("report", "review", "--period", PERIOD, "--date", "2024-07-05", "--output", str(out), *args,
                 env=env)
    assert done.returncode == 0, done.stderr
    paths = [Path(line.split(" — ")[0]) for line in done.stdout.splitlines()]
    assert paths and all(p.exists() and p.stat().st_size > 1_000 for p in paths)
    return paths


@pytest.fixture(scope="module")
def files(demo: dict[str, str], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One command writes the Word report, the Excel workbook that goes with it, and the PDF."""
    paths = _review(demo, tmp_path_factory.mktemp("reports"), "--format", "docx,xlsx,pdf")
    return {p.suffix: p for p in paths}


def _text(document: docx.document.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def test_word_report_layout_and_figures(demo: dict[str, str], files: dict[str, Path]) -> None:
    path = files[".docx"]
    document = docx.Document(str(path))
    first = document.sections[0]
    assert (round(Length(first.page_width or 0).cm, 1), round(Length(first.page_height or 0).cm, 1)) == (21.0, 29.7)
    margins = [round(Length(m or 0).cm, 2) for m in (first.top_margin, first.bottom_margin, first.left_margin,
                                                     first.right_margin)]
    assert margins == [2.0, 2.0, 3.0, 1.5]
    assert first.different_first_page_header_footer, "no page number on the first page"
    assert 'w:instr="PAGE"' in first.header._element.xml
    assert all((s.page_width or 0) > (s.page_height or 0) for s in document.sections[1:]), "annexes are landscape"
    text = _text(document)
    for needed in ("ỦY BAN NHÂN DÂN", "TỈNH GIA LAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                   "Độc lập - Tự do - Hạnh phúc", "Gia Lai, ngày 05 tháng 7 năm 2024", "/BC-UBND", "BÁO CÁO",
                   "quý II năm 2024", "Nơi nhận:", "- Lưu: VT, KGVX.", "KT. CHỦ TỊCH", "Nguyễn Văn Thử",
                   "DỮ LIỆU MÔ PHỎNG"):
        assert needed in text, needed
    headings = [p.text for p in document.paragraphs if p.text[:4] in ("I. K", "II. ", "III.")]
    assert headings == ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                        "III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM KỲ TỚI"]
    with zipfile.ZipFile(path) as z:
        assert len([n for n in z.namelist() if n.startswith("word/media/")]) >= 3, "charts are embedded"
    with _open(demo) as store:
        p = parse_period(PERIOD)
        result = compute_index(store, [p, p.previous(), p.same_last_year()])
        province = Units(store).get("52").code
        total = result.score(province).total
        assert f"Toàn tỉnh đạt {vn_number(float(total), 2)}/100 điểm" in text
        departments = [u.code for u in result.units.of_level("department")]
        best = ranking(result, departments, store)[0]
        assert f"{best.name} ({vn_number(float(best.total), 2)} điểm)" in text
        plan = plan_status(store, "KH-CDS-2024", at=p.end)
        assert plan.sentence in text
        on_time = store.catalogue().indicator("ON_TIME", p.end)
        by_status = {k[2]: t["ON_TIME"].denominator
                     for k, t in run(store, [on_time], [p], as_of(store), by="status").items() if k[0] == province}
        received = run(store, [store.catalogue().indicator("ONLINE_RATE", p.end)], [p], as_of(store))
        finished = by_status.get("early", 0) + by_status.get("on_time", 0) + by_status.get("late", 0)
        still = by_status.get("open_within", 0) + by_status.get("open_overdue", 0)
        assert (f"tiếp nhận {vn_number(received[(province, 0, None)]['ONLINE_RATE'].denominator)} hồ sơ" in text)
        assert (f"đã giải quyết {vn_number(finished)} hồ sơ (trước hạn {vn_number(by_status.get('early', 0))}, "
                f"đúng hạn {vn_number(by_status.get('on_time', 0))}, trễ hạn {vn_number(by_status.get('late', 0))})"
                in text), "received, finished and open apart, as the province reports them"
        assert (f"đang giải quyết {vn_number(still)} hồ sơ (trong hạn {vn_number(by_status.get('open_within', 0))}, "
                f"quá hạn {vn_number(by_status.get('open_overdue', 0))})") in text


def test_the_tasks_in_sections_i_ii_iii_and_their_annex(demo: dict[str, str], files: dict[str, Path]) -> None:
    from chiso.engine.tasks import period_counts, sentence_vi

    text = _text(docx.Document(str(files[".docx"])))
    with _open(demo) as store:
        p = parse_period(PERIOD)
        counts = period_counts(store, p)["52"]
    assert sentence_vi(counts, "Ủy ban nhân dân tỉnh") in text, "section I states the engine's task counts"
    assert f"Còn {vn_number(counts.by_status['overdue'])} nhiệm vụ quá hạn chưa hoàn thành" in text
    if counts.by_status["overdue"]:
        assert f"Khẩn trương hoàn thành {vn_number(counts.by_status['overdue'])} nhiệm vụ đã quá hạn:" in text
    wb = load_workbook(files[".xlsx"])
    sheet = next(wb[n] for n in wb.sheetnames if n.endswith("Nhiệm vụ"))
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["STT", "Cơ quan chủ trì", "Nhiệm vụ theo dõi"]
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1] and r[1] != "Tổng cộng"]
    assert sum(int(str(r[2])) for r in rows) == counts.total, "the annex's units add up to the province's tasks"
    sources = {r[0]: r for r in wb["Nguồn số liệu"].iter_rows(min_row=4, values_only=True)}
    assert sources["I.tasks"][8:10] == (counts.due_on_time, counts.due)


def test_the_units_results_annex_equals_the_scorecards(demo: dict[str, str], files: dict[str, Path]) -> None:
    from chiso.engine.accountability import cards

    wb = load_workbook(files[".xlsx"])
    sheet = next(wb[n] for n in wb.sheetnames if n.endswith("Kết quả đơn vị"))
    rows = [r for r in sheet.iter_rows(min_row=4, values_only=True) if r[1]]
    with _open(demo) as store:
        expected = cards(store, parse_period(PERIOD), "department")
    assert [(r[1], round(float(str(r[2])), 2) if r[2] is not None else None) for r in rows] == [
        (c.name, None if c.result.score is None else round(c.result.score, 2)) for c in expected]


def test_excel_workbook_sheets_and_sources(demo: dict[str, str], files: dict[str, Path]) -> None:
    path = files[".xlsx"]
    wb = load_workbook(path)
    assert wb.sheetnames[0].startswith("PLI Xếp hạng sở") and wb.sheetnames[-1] == "Nguồn số liệu"
    ranking_sheet = wb[wb.sheetnames[0]]
    assert ranking_sheet.freeze_panes == "C4"
    assert [c.value for c in ranking_sheet[3]][:3] == ["Hạng", "Đơn vị", "Tổng điểm"]
    assert ranking_sheet.cell(4, 3).number_format == "#,##0.00"
    assert isinstance(ranking_sheet.cell(4, 3).value, float), "numbers are stored as numbers, not text"
    with _open(demo) as store:
        p = parse_period(PERIOD)
        result = compute_index(store, [p])
        departments = [u.code for u in result.units.of_level("department")]
        expected = [(r.name, float(r.total)) for r in ranking(result, departments, store, None, None)]
    got = [(row[1], row[2]) for row in ranking_sheet.iter_rows(min_row=4, values_only=True)]
    assert got == expected
    overdue = next(wb[n] for n in wb.sheetnames if "quá hạn" in n)
    last = overdue.max_row
    assert overdue.cell(last, 2).value == "Tổng cộng"
    assert str(overdue.cell(last, 6).value).startswith("=SUM(F4:F")
    sources = wb["Nguồn số liệu"]
    rows = list(sources.iter_rows(min_row=4, values_only=True))
    on_time = next(r for r in rows if r[0] == "I.2.ON_TIME")
    assert on_time[4] == "ON_TIME" and on_time[5] and on_time[6] and isinstance(on_time[9], int)
    numerator, denominator = on_time[8], on_time[9]
    assert isinstance(numerator, int) and isinstance(denominator, int)
    assert on_time[2] == vn_number(100 * numerator / denominator, 1) + "%"


def test_pdf_pages_render_with_vietnamese_text(demo: dict[str, str], files: dict[str, Path], tmp_path: Path) -> None:
    for tool in ("soffice", "pdftoppm", "pdftotext", "pdffonts"):
        assert shutil.which(tool), f"{tool} is missing: `make test` installs libreoffice and poppler-utils"
    path = files[".pdf"]
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "2", str(path), str(tmp_path / "page")],
                   check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 2
    for page in pages:
        with Image.open(page) as image:
            width, height = image.size
            assert height > width, "the report pages are A4 portrait"
            darkest = image.convert("L").getextrema()[0]
            assert isinstance(darkest, int) and darkest < 100, "the page has dark (text) pixels"
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    for needed in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Gia Lai, ngày 05 tháng 7",
                   "KẾT QUẢ ĐẠT ĐƯỢC", "TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN", "PHỤ LỤC I", "Nơi nhận:"):
        assert needed in text, needed
    with _open(demo) as store:
        total = compute_index(store, [parse_period(PERIOD)]).score("52").total
    assert f"{vn_number(float(total), 2)}/100" in text
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    assert "LiberationSerif" in fonts or "TimesNewRoman" in fonts, fonts


def test_unit_report_states_its_rank(demo: dict[str, str], tmp_path: Path) -> None:
    with _open(demo) as store:
        p = parse_period(PERIOD)
        result = compute_index(store, [p, p.previous(), p.same_last_year()])
        departments = [u.code for u in result.units.of_level("department")]
        last = ranking(result, departments, store)[-1]
    [path] = _review(demo, tmp_path, "--format", "docx", "--unit", last.code)
    text = _text(docx.Document(str(path)))
    assert f"{last.name} đạt {vn_number(float(last.total), 2)}/100 điểm" in text
    assert f"xếp thứ {last.rank}/{len(departments)} sở, ban, ngành" in text


def test_bad_requests_name_the_bad_value(demo: dict[str, str], tmp_path: Path) -> None:
    for args, expected in ((("--format", "odt"), "docx | xlsx | pdf"), (("--unit", "NOPE"), "NOPE"),
                           (("--plan", "KH-NOPE"), "KH-NOPE"), (("--date", "05/07/2024"), "05/07/2024"),
                           (("--at", "hôm qua"), "--at: 'hôm qua' is not valid"),
                           (("--format", "docx", "--output", str(tmp_path / "r.xlsx")), "r.xlsx")):
        done = chiso("report", "review", "--period", PERIOD, "--output", str(tmp_path), *args, env=demo)
        assert done.returncode != 0 and expected in done.stderr, (args, done.stderr)
    assert not list(tmp_path.iterdir()), "nothing is written when the request is bad"


def test_a_province_adds_its_own_format(demo: dict[str, str], tmp_path: Path) -> None:
    plugin = tmp_path / "plugin"
    (plugin / "chiso_md-0.1.dist-info").mkdir(parents=True)
    (plugin / "chiso_md-0.1.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: chiso-md\n"
                                                                "Version: 0.1\n", encoding="utf-8")
    (plugin / "chiso_md-0.1.dist-info" / "entry_points.txt").write_text(
        "[chiso.report_formats]\nmd = chiso_md:FORMAT\n", encoding="utf-8")
    (plugin / "chiso_md.py").write_text(
        "class Markdown:\n    name = 'md'\n    suffix = '.md'\n    description = 'Markdown outline'\n"
        "    def write(self, report, path):\n"
        "        path.write_text('\\n'.join(p.text for p in report.body if hasattr(p, 'text')), encoding='utf-8')\n"
        "FORMAT = Markdown()\n", encoding="utf-8")
    env = {**demo, "PYTHONPATH": str(plugin)}
    listed = chiso("report", "formats", env=env)
    assert listed.returncode == 0 and "md\t.md\tMarkdown outline" in listed.stdout
    [path] = _review(env, tmp_path / "out", "--format", "md")
    assert path.suffix == ".md" and "I. KẾT QUẢ ĐẠT ĐƯỢC" in path.read_text(encoding="utf-8")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_date_line_leading_zeros(day: date) -> None:
    line = date_line("Gia Lai", day)
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    assert line == f"Gia Lai, ngày {day.day:02d} tháng {month} năm {day.year}"


def test_names_and_periods_in_vietnamese() -> None:
    assert date_line("Gia Lai", date(2025, 2, 5)) == "Gia Lai, ngày 05 tháng 02 năm 2025"
    assert date_line("Gia Lai", date(2024, 4, 16)) == "Gia Lai, ngày 16 tháng 4 năm 2024"
    assert province_of("UBND tỉnh Gia Lai") == "tỉnh Gia Lai" and place_of("UBND tỉnh Gia Lai") == "Gia Lai"
    assert place_of("Thành phố Hà Nội") == "Hà Nội"
    cases = {"2024-Q1": "quý I năm 2024", "2024-Q4": "quý IV năm 2024", "2024-H1": "6 tháng đầu năm 2024",
             "2024-H2": "6 tháng cuối năm 2024", "2024-9M": "9 tháng đầu năm 2024", "2024": "năm 2024",
             "2024-06": "tháng 6 năm 2024", "2024-03-22..2024-06-29": "từ ngày 22/03/2024 đến ngày 29/06/2024"}
    for text, expected in cases.items():
        assert label_vi(parse_period(text)) == expected


ENGLISH = re.compile(r"\b(provisional|no data|rate only|target|missing|computed|reported|forecast|units?)\b",
                     re.IGNORECASE)


@pytest.mark.parametrize("period", ["2024-Q1", "2024"])
def test_the_review_reads_like_the_provinces_own(demo: dict[str, str], tmp_path: Path, period: str) -> None:
    """Headings and sentence shapes (a golden outline), the Đề án 06 section, rates against their targets,
    campaigns counted by unit, lower-is-better targets said as such, no stacked brackets, no English."""
    done = chiso("report", "review", "--period", period, "--date", "2025-01-05", "--format", "docx", "--output",
                 str(tmp_path), env=demo)
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(next(tmp_path.glob("*.docx"))))
    paragraphs = [p.text for p in document.paragraphs if p.text.strip()]
    body = paragraphs[:paragraphs.index(next(p for p in paragraphs if p.startswith("Trên đây là báo cáo"))) + 1]
    headings = [p for p in body if re.match(r"^(I|II|III)\. |^\d\. ", p)]
    assert headings[:4] == ["I. KẾT QUẢ ĐẠT ĐƯỢC",
                            "1. Bộ chỉ số phục vụ người dân, doanh nghiệp (Quyết định số 766/QĐ-TTg)",
                            "2. Kết quả giải quyết thủ tục hành chính",
                            "3. Thực hiện Đề án 06 (phát triển ứng dụng dữ liệu về dân cư, định danh và xác thực "
                            "điện tử)"]
    assert "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN" in headings and "III. NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM KỲ TỚI" in headings
    text = "\n".join(body)
    assert any(p.startswith("Thực hiện Kế hoạch") and "; căn cứ số liệu" in p for p in body), "opening cites plans"
    assert re.search(r"Trong kỳ, toàn tỉnh tiếp nhận [\d.]+ hồ sơ \(trực tuyến [\d.]+ hồ sơ, chiếm [\d,]+%\); "
                     r"đã giải quyết [\d.]+ hồ sơ \(trước hạn [\d.]+, đúng hạn [\d.]+, trễ hạn [\d.]+\); "
                     r"đang giải quyết [\d.]+ hồ sơ \(trong hạn [\d.]+, quá hạn [\d.]+\)\.", text)
    assert re.search(r"tỷ lệ hồ sơ nộp trực tuyến đạt [\d,]+%, (vượt|đạt|chưa đạt) chỉ tiêu", text), "rate vs target"
    assert "khai thác dữ liệu dân cư" in text and "VNeID" in text, "the Đề án 06 section"
    assert re.search(r"mốc 50 ngày \(10/05/2024\)[,:] .*[\d.]+/[\d.]+ đơn vị", text), "campaigns counted by unit"
    assert "% chỉ tiêu)" not in text.split("Thời gian giải quyết trung bình")[-1][:60]
    assert not re.search(r"\([^()]*\) \(", text), "no stacked brackets"
    english = [m.group(0) for p in body for m in ENGLISH.finditer(p) if "DỮ LIỆU MÔ PHỎNG" not in p]
    assert not english, english
