"""Why an imported row was refused, in Vietnamese for the officer who fixes the file.

The import checks give each rejected row a reason in English (stable text: scripts and the rejects file's
``reason`` column read it). ``reason_vi`` says the same in Vietnamese for pages, the CLI's tables and the
rejects file's ``reason_vi`` column; a reason it does not know is shown as it is (tests check that every
reason the checks can give is known).
"""

import re

EXACT = {
    # values that cannot be read (store.staging.REASONS)
    "not a date and time; use dd/mm/yyyy HH:MM, dd/mm/yyyy or ISO 8601 (2025-01-24T10:00)":
        "không phải ngày giờ; ghi dạng dd/mm/yyyy HH:MM, dd/mm/yyyy hoặc ISO 8601 (2025-01-24T10:00)",
    "not a date; use dd/mm/yyyy or YYYY-MM-DD": "không phải ngày; ghi dạng dd/mm/yyyy hoặc YYYY-MM-DD",
    "a date outside the years 1900-2100: a typing mistake?": "ngày nằm ngoài các năm 1900–2100: có gõ nhầm không?",
    "not a time of day; use HH:MM": "không phải giờ trong ngày; ghi dạng HH:MM",
    "not a whole number": "không phải số nguyên",
    "unknown unit: no unit has this code or name (import units first)":
        "đơn vị không có trong danh mục: không đơn vị nào có mã hoặc tên này (nhập danh mục đơn vị trước)",
    "unknown procedure: no procedure has this code (import procedures first)":
        "thủ tục không có trong danh mục: không thủ tục nào có mã này (nhập danh mục thủ tục trước)",
    "not a period like 2024-06, 2024-Q2, 2024-H1, 2024-9M, 2024 or 2024-03-22..2024-06-29":
        "không phải kỳ báo cáo như 2024-06, 2024-Q2 (Quý II/2024), 2024-H1, 2024-9M, 2024 hoặc 2024-03-22..2024-06-29",
    "not a number": "không phải số",
    "not a time limit like '3 ngày làm việc', '8 giờ làm việc', '15 ngày', '1 tháng'":
        "không phải thời hạn như '3 ngày làm việc', '8 giờ làm việc', '15 ngày', '1 tháng'",
    "not yes/no; use 1/0, có/không, true/false": "không phải có/không; ghi 1/0, có/không, true/false",
    "not a deadline like 30/6/2024, Quý II/2024, Tháng 7/2024, trong năm 2024, hằng tháng, hằng quý, thường xuyên":
        "không phải thời hạn như 30/6/2024, Quý II/2024, Tháng 7/2024, trong năm 2024, hằng tháng, hằng quý, "
        "thường xuyên",
    "unknown province: not one of the 63 provinces (before 1/7/2025) or the 34 since (regions.csv)":
        "tỉnh, thành phố không có trong danh sách 63 tỉnh (trước 01/7/2025) hoặc 34 tỉnh (từ 01/7/2025) (regions.csv)",
    "the same index, period and province appear more than once in this file":
        "cùng chỉ số, kỳ và tỉnh xuất hiện nhiều lần trong tệp",
    "a rank is 1 or more": "thứ hạng phải từ 1 trở lên",
    "give a score or a rank": "cần ghi điểm hoặc thứ hạng",
    "answered more recommendations than were received": "số kiến nghị đã trả lời nhiều hơn số tiếp nhận",
    "a dialogue conference needs the recommendations received": "hội nghị đối thoại cần ghi số kiến nghị tiếp nhận",
    "the same unit, day, kind and title appear more than once in this file":
        "cùng đơn vị, ngày, loại và tên xuất hiện nhiều lần trong tệp",
    "not a criterion of this scorecard that is scored by hand (see chiso scorecard unit)":
        "không phải tiêu chí được chấm điểm của bộ tiêu chí này (xem chiso scorecard unit)",
    "unknown scorecard (see chiso scorecard list)": "bộ tiêu chí không có (xem chiso scorecard list)",
    "points above the criterion's maximum, or below 0": "điểm vượt điểm tối đa của tiêu chí hoặc nhỏ hơn 0",
    "an appraisal needs its reason": "thẩm định cần ghi lý do",
    "the same scorecard, year, unit, criterion and stage appear more than once in this file":
        "cùng bộ tiêu chí, năm, đơn vị, tiêu chí và bước xuất hiện nhiều lần trong tệp",
    # tasks
    "no task code: give 'Mã nhiệm vụ', or the assigning document and STT":
        "thiếu mã nhiệm vụ: ghi cột 'Mã nhiệm vụ', hoặc văn bản giao nhiệm vụ và STT",
    "the same task code appears more than once in this file": "mã nhiệm vụ này xuất hiện nhiều lần trong tệp",
    "marked done without the day it was completed ('Ngày hoàn thành')":
        "ghi đã hoàn thành nhưng thiếu ngày hoàn thành",
    "a recurring task needs its year: write it in the deadline (hằng quý năm 2024) or give the document's date":
        "nhiệm vụ định kỳ cần năm: ghi trong thời hạn (hằng quý năm 2024) hoặc ghi ngày văn bản giao",
    "completed before the task was assigned": "ngày hoàn thành trước ngày giao nhiệm vụ",
    "give the plan and the target code together": "ghi cả kế hoạch và mã chỉ tiêu",
    # every kind (store.importing)
    "date is in the future": "ngày giờ ở tương lai",
    "holds a NUL character": "chứa ký tự NUL (tệp hỏng hoặc sai bảng mã)",
    "required value is missing": "thiếu giá trị bắt buộc",
    "outside your units: this unit is not yours to write for":
        "ngoài phạm vi: tài khoản không được nhập số liệu cho đơn vị này",
    "outside your units: this record belongs to another unit":
        "ngoài phạm vi: bản ghi này thuộc đơn vị khác",
    # dossiers
    "no procedure: the row gives neither its code nor its name": "thiếu thủ tục: dòng không có mã lẫn tên thủ tục",
    "unknown procedure name": "tên thủ tục không có trong danh mục",
    "unknown procedure name: no procedure in the catalogue has exactly this name; add it to procedure-aliases.csv":
        "tên thủ tục không có trong danh mục: không thủ tục nào có đúng tên này; thêm tên vào procedure-aliases.csv",
    "a refused, stopped or withdrawn dossier needs the date it happened":
        "hồ sơ bị từ chối, dừng hoặc rút cần có ngày xảy ra",
    "cannot read 'start -> end' date pairs separated by ';'":
        "không đọc được các cặp ngày 'bắt đầu -> kết thúc' cách nhau bởi ';'",
    "a span ends before it starts, or starts before receipt":
        "một khoảng thời gian kết thúc trước khi bắt đầu, hoặc bắt đầu trước khi tiếp nhận",
    # plans and targets
    "not a computed indicator of the catalogue (see `chiso indicator list`); leave empty for a reported target":
        "không phải chỉ số tính tự động của danh mục (xem `chiso indicator list`); để trống nếu là chỉ tiêu "
        "đơn vị tự báo cáo",
    "the same plan, target, unit and milestone appear more than once in this file":
        "cùng kế hoạch, chỉ tiêu, đơn vị và mốc xuất hiện nhiều lần trong tệp",
    "the baseline equals the target: attainment cannot be measured":
        "giá trị xuất phát bằng chỉ tiêu: không đo được mức đạt",
    "a computed target takes its actual value from the dossiers; leave 'actual' empty":
        "chỉ tiêu tính tự động lấy kết quả từ hồ sơ; để trống cột 'actual'",
    "the start is after the deadline": "ngày bắt đầu sau thời hạn",
    "a target cannot be negative": "chỉ tiêu không được âm",
    "a baseline cannot be negative": "giá trị xuất phát không được âm",
    "a value cannot be negative": "giá trị không được âm",
    # procedures
    "not a national procedure code like 1.001234 (a local suffix may follow)":
        "không phải mã thủ tục quốc gia như 1.001234 (có thể thêm hậu tố địa phương)",
    "not a time limit unit: giờ, giờ làm việc, ngày, ngày làm việc, tháng":
        "không phải đơn vị thời hạn: giờ, giờ làm việc, ngày, ngày làm việc, tháng",
    "give both time_limit_value and time_limit_unit, or neither":
        "ghi cả time_limit_value và time_limit_unit, hoặc để trống cả hai",
    "a time limit cannot be negative": "thời hạn không được âm",
    # the portal's published figures and reported values
    "not a 766 metric, group or display-only item (see chiso index compute --unit)":
        "không phải tiêu chí, nhóm hoặc mục hiển thị của Bộ chỉ số 766 (xem chiso index compute --unit)",
    "the same unit, metric and period appear more than once in this file":
        "cùng đơn vị, tiêu chí và kỳ xuất hiện nhiều lần trong tệp",
    "counts cannot be negative": "số đếm không được âm",
    "numerator is larger than denominator": "tử số lớn hơn mẫu số",
    "give both numerator and denominator, or neither (the portal's 'no data')":
        "ghi cả tử số và mẫu số, hoặc để trống cả hai (cổng ghi 'chưa có số liệu')",
    "a score is between 0 and 100": "điểm phải từ 0 đến 100",
    "unknown indicator: not in the catalogue (see `chiso indicator list`)":
        "chỉ số không có trong danh mục (xem `chiso indicator list`)",
    "the same indicator, unit and period appear more than once in this file":
        "cùng chỉ số, đơn vị và kỳ xuất hiện nhiều lần trong tệp",
    "give both numerator and denominator, or neither": "ghi cả tử số và mẫu số, hoặc để trống cả hai",
    "give a value, or a numerator and denominator": "ghi giá trị, hoặc tử số và mẫu số",
    # units
    "unknown parent unit: not in the store nor in this file": "đơn vị cấp trên không có trong kho lẫn trong tệp",
    "a unit cannot be its own parent": "đơn vị không thể là cấp trên của chính nó",
    "unknown successor unit: not in the store nor in this file": "đơn vị kế thừa không có trong kho lẫn trong tệp",
    "valid_to is before valid_from": "ngày hết hiệu lực trước ngày có hiệu lực",
    # JSON lines that are not records (store.reader)
    "a record must be a JSON object": "mỗi bản ghi phải là một đối tượng JSON",
    "JSON nested too deeply": "JSON lồng nhau quá sâu",
}

PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(.+) appears more than once in this file"), r"\1 xuất hiện nhiều lần trong tệp"),
    (re.compile(r"(\w+) is before received_at"), r"\1 trước thời điểm tiếp nhận (received_at)"),
    (re.compile(r"outside the calendar's years (\d+)-(\d+) \(setting calendar\.first_year / last_year\)"),
     r"ngoài các năm của lịch \1–\2 (cấu hình calendar.first_year / last_year)"),
    (re.compile(r"not one of (.+)"), r"không thuộc các giá trị: \1"),
    (re.compile(r"several procedures have this name \((.+)\): add the name with its code to procedure-aliases\.csv"),
     r"nhiều thủ tục có cùng tên này (\1): thêm tên kèm mã vào procedure-aliases.csv"),
    (re.compile(r"not valid JSON \((.+)\)"), r"không phải JSON hợp lệ (\1)"),
    (re.compile(r"(.+): no legal time limit stated; imported without one and flagged "
                r"\(chiso procedures list --missing-limit\)"),
     r"\1: văn bản không quy định thời hạn; đã nhập không có thời hạn và đánh dấu "
     r"(chiso procedures list --missing-limit)"),
)
CLOSEST = "; closest: "


def reason_vi(reason: str) -> str:
    """``reason`` in Vietnamese; a suggestion after it ("; closest: …") is kept, translated."""
    main, _, closest = reason.partition(CLOSEST)
    text = EXACT.get(main)
    if text is None:
        for pattern, template in PATTERNS:
            if pattern.fullmatch(main):
                text = pattern.sub(template, main)
                break
    text = text if text is not None else main
    return text + (f"; gần nhất: {closest}" if closest else "")


def is_known(reason: str) -> bool:
    main = reason.partition(CLOSEST)[0]
    return main in EXACT or any(p.fullmatch(main) for p, _ in PATTERNS)
