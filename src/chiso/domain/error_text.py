"""A value that could not be understood (``InvalidValue``), said in Vietnamese for the web pages.

An ``InvalidValue`` keeps what was wrong (``what``), the value and what was expected, in English, for scripts and
logs. People read ``invalid_vi``: each part of ``what`` (``"indicator X (file): filter 'y'"`` has two, split at
``": "``) and the expected text are matched against the patterns below; codes, file names and values stay as
they are (an option such as ``--at`` or a setting key is its own name). A part no pattern matches is shown as it
is (a TOML key, a file's location). A test reads every ``InvalidValue(...)`` in the code and fails on a literal
part without a translation. Other errors carry their Vietnamese sentence themselves (``ChisoError(..., vi=...)``).
"""

import re

from chiso.domain.errors import ChisoError, InvalidValue

# (pattern of the whole part, its Vietnamese; \1… are the pattern's groups)
WHAT_VI: list[tuple[str, str]] = [
    (r"period", "kỳ"),
    (r"date", "ngày"),
    (r"value", "giá trị"),
    (r"evidence", "tệp minh chứng"),
    (r"target", "chỉ tiêu"),
    (r"target bands", "ngưỡng xếp loại chỉ tiêu"),
    (r"baseline", "giá trị nền"),
    (r"direction", "chiều đánh giá"),
    (r"unit", "đơn vị"),
    (r"level", "cấp"),
    (r"username", "tên đăng nhập"),
    (r"password", "mật khẩu"),
    (r"token name", "tên mã truy cập API"),
    (r"e-mail address", "địa chỉ thư điện tử"),
    (r"delay", "số ngày làm việc hẹn lại"),
    (r"reason", "lý do"),
    (r"apology letter \((.+)\)", r"mẫu phiếu xin lỗi (\1)"),
    (r"apology letter \((.+)\): paragraphs", r"mẫu phiếu xin lỗi (\1): các đoạn"),
    (r"format", "định dạng"),
    (r"alerts\.smtp_security", "alerts.smtp_security"),
    (r"alert rule \((.+)\)", r"quy tắc cảnh báo (\1)"),
    (r"alert rules \((.+)\)", r"các quy tắc cảnh báo (\1)"),
    (r"alert rule (\S+) \((.+)\)", r"quy tắc cảnh báo \1 (\2)"),
    (r"id", "mã"),
    (r"to", "người nhận"),
    (r"kind", "loại"),
    (r"within_working_days", "số ngày làm việc"),
    (r"points", "số điểm"),
    (r"enabled", "bật"),
    (r"token rights", "quyền của mã truy cập API"),
    (r"role", "vai trò"),
    (r"dossier", "hồ sơ"),
    (r"within", "số ngày làm việc sắp đến hạn"),
    (r"state", "tình trạng"),
    (r"page", "trang"),
    (r"dossiers", "số hồ sơ"),
    (r"plan", "kế hoạch"),
    (r"indicator", "chỉ số"),
    (r"index", "bộ chỉ số"),
    (r"breakdown", "cách chia"),
    (r"by", "chia theo"),
    (r"breakdown of feedback indicators", "cách chia chỉ số phản ánh, kiến nghị"),
    (r"format", "định dạng"),
    (r"import kind", "loại dữ liệu nhập"),
    (r"kind", "loại"),
    (r"name and source", "tên và văn bản căn cứ"),
    (r"setting", "cấu hình"),
    (r"setting (\S+)", r"cấu hình \1"),
    (r"settings file", "tệp cấu hình"),
    (r"catalogue file", "tệp danh mục chỉ số"),
    (r"calendar years", "các năm của lịch"),
    (r"working-day count", "số ngày làm việc"),
    (r"time of day", "giờ trong ngày"),
    (r"office hours", "giờ hành chính"),
    (r"time limit", "thời hạn giải quyết"),
    (r"time limit unit", "đơn vị thời hạn"),
    (r"trend points", "các điểm của xu hướng"),
    (r"scoring rule", "cách chấm điểm"),
    (r"empty-denominator policy", "cách chấm khi mẫu số bằng 0"),
    (r"threshold", "ngưỡng"),
    (r"numerator/denominator", "tử số/mẫu số"),
    (r"band", "mức xếp loại"),
    (r"header", "dòng tiêu đề"),
    (r"scope", "phạm vi"),
    (r"subtract", "phần trừ"),
    (r"valid_from", "ngày áp dụng"),
    (r"group", "nhóm"),
    (r"(?:metric|group) of index (\S+)", r"tiêu chí của bộ chỉ số \1"),
    (r"group (\S+) maximum", r"điểm tối đa của nhóm \1"),
    (r"indicator (\S+)", r"chỉ số \1"),
    (r"indicator (\S+) \((.+)\)", r"chỉ số \1 (\2)"),
    (r"filter (.+)", r"bộ lọc \1"),
    (r"account (\S+)", r"tài khoản \1"),
    (r"line (\d+)", r"dòng \1"),
    (r"(.+) line (\d+)", r"\1 dòng \2"),
    (r"line (\d+), column (.+)", r"dòng \1, cột \2"),
    (r"line (\d+), metric_code", r"dòng \1, cột metric_code"),
    (r"column (\S+)", r"cột \1"),
    (r"type", "kiểu"),
    (r"deadline", "thời hạn"),
    (r"status", "tình trạng"),
    (r"scorecard", "bộ tiêu chí"),
    (r"scorecard file", "tệp bộ tiêu chí"),
    (r"scorecard (\S+)", r"bộ tiêu chí \1"),
    (r"criterion", "tiêu chí"),
    (r"criterion (\S+)", r"tiêu chí \1"),
    (r"rule", "quy tắc xếp loại"),
    (r"max", "điểm tối đa"),
    (r"parent", "tiêu chí cha"),
    (r"stage", "bước (tự đánh giá, thẩm định)"),
    (r"year", "năm"),
    (r"points", "điểm"),
    (r"--status", "--status"),
    (r"percent", "tỷ lệ hoàn thành"),
    (r"task", "nhiệm vụ"),
    (r"review", "ý kiến thẩm định"),
]

EXPECTED_VI: list[tuple[str, str]] = [
    (r"a date YYYY-MM-DD", "một ngày dạng YYYY-MM-DD"),
    (r"ISO 8601 like (.+)", r"thời điểm ISO 8601, ví dụ \1"),
    (r"a moment in ISO 8601, e\.g\. (.+)", r"thời điểm ISO 8601, ví dụ \1"),
    (r"a moment: the store holds no dossier yet", "một thời điểm: kho chưa có hồ sơ nào"),
    (r"first year <= last year", "năm đầu không sau năm cuối"),
    (r"a date the calendar covers \((.+)\)", r"một ngày trong lịch (\1)"),
    (r"a result within (.+)", r"kết quả trong các năm \1"),
    (r"a TOML date such as (.+)", r"ngày dạng TOML, ví dụ \1"),
    (r"text", "văn bản"),
    (r"the date the definition takes effect", "ngày định nghĩa bắt đầu áp dụng"),
    (r"a list of filters", "danh sách bộ lọc"),
    (r"the expression to average", "biểu thức cần tính trung bình"),
    (r"one of (.*)", r"một trong: \1"),
    (r"valid TOML \((.*)\)", r"TOML hợp lệ (\1)"),
    (r"as many days as values, ≥ 1", "số ngày bằng số giá trị, ít nhất 1"),
    (r"columns (.+)", r"các cột \1"),
    (r"day as YYYY-MM-DD and kind 'off' or 'work'", "ngày dạng YYYY-MM-DD và loại 'off' (nghỉ) hoặc 'work' (làm)"),
    (r"the sum of its metrics' maxima \((.+)\)", r"tổng điểm tối đa các tiêu chí của nhóm (\1)"),
    (r"one of giờ, giờ làm việc, ngày, ngày làm việc, tháng",
     "một trong: giờ, giờ làm việc, ngày, ngày làm việc, tháng"),
    (r"a value of 0 or more", "một giá trị từ 0 trở lên"),
    (r"a number and a unit, e\.g\. (.+), '3 working days'", r"một số và đơn vị, ví dụ \1"),
    (r"HH:MM, e\.g\. (.+)", r"giờ dạng HH:MM, ví dụ \1"),
    (r"at least one interval", "ít nhất một khoảng giờ"),
    (r"ordered intervals like (.+)", r"các khoảng giờ theo thứ tự, ví dụ \1"),
    (r"intervals like (.+)", r"các khoảng giờ, ví dụ \1"),
    (r"(\d{4}-\d\d, .+) \(also: (.+)\)", r"kỳ như \2 (hoặc \1)"),
    (r"a period within the years (.+)", r"một kỳ trong các năm \1"),
    (r"a range whose end is not before its start", "một khoảng có ngày cuối không trước ngày đầu"),
    (r"a unit code for a unit officer", "mã đơn vị của cán bộ đơn vị"),
    (r"a percentage above 0 and at most 100", "một tỷ lệ phần trăm lớn hơn 0 và không quá 100"),
    (r"counts that are not negative, with the numerator at most the denominator",
     "các số đếm không âm, tử số không lớn hơn mẫu số"),
    (r"MINIMUM=LABEL, e\.g\. (.+)", r"NGƯỠNG=TÊN, ví dụ \1"),
    (r"at least (\d+)", r"ít nhất \1"),
    (r"a factor of at least 1\.0", "một hệ số từ 1,0 trở lên"),
    (r"a value of type (\S+)", r"một giá trị kiểu \1"),
    (r"0 < low < high < 100 ≤ exceeded_from", "0 < low < high < 100 ≤ exceeded_from"),
    (r"a value below the target (\S+) for a \S+-is-better target", r"một giá trị thấp hơn chỉ tiêu \1"),
    (r"a value above the target (\S+) for a \S+-is-better target", r"một giá trị cao hơn chỉ tiêu \1"),
    (r"a positive value \(or give a baseline\)", "một giá trị dương (hoặc cho giá trị nền)"),
    (r"a computed kind, not 'reported'", "một chỉ số tính từ dữ liệu, không phải 'reported' (đơn vị báo cáo)"),
    (r"a column: (.+)", r"một cột: \1"),
    (r"no breakdown", "không chia"),
    (r"0 or more working days", "từ 0 ngày làm việc trở lên"),
    (r"a number of working days from 0 to (\d+)", r"số ngày làm việc từ 0 đến \1"),
    (r"a dossier number in the store", "số hồ sơ có trong kho"),
    (r"a whole number", "một số nguyên"),
    (r"a number from 0 to ([\d.]+)", r"một số từ 0 đến \1"),
    (r"codes given once", "mỗi mã chỉ ghi một lần"),
    (r"a criterion's code", "mã của một tiêu chí"),
    (r"a year within (.+)", r"một năm trong khoảng \1"),
    (r"a number such as (\S+) or (\S+)", r"một số như \2"),
    (r"a metric, group or display-only item of index (\S+)", r"tiêu chí, nhóm hoặc mục hiển thị của bộ chỉ số \1"),
    (r"a unit code from `chiso units list`", "mã đơn vị có trong danh sách (`chiso units list`)"),
    (r"a file ending in (\S+), or a folder", r"một tệp đuôi \1, hoặc một thư mục"),
    (r"at least one format", "ít nhất một định dạng"),
    (r"letters, digits, '\.', '_' or '-'", "chữ cái, chữ số, '.', '_' hoặc '-'"),
    (r"at least (\d+) characters", r"ít nhất \1 ký tự"),
    (r"a name not already taken \(`chiso user list`\)", "một tên chưa có ai dùng"),
    (r"a name not already taken \(`chiso token list`\)", "một tên mã chưa dùng (`chiso token list`)"),
    (r"1–64 letters, digits, '\.', '_' or '-'", "1–64 chữ cái, chữ số, '.', '_' hoặc '-'"),
    (r"--push and/or --read", "--push và/hoặc --read"),
    (r"a token from `chiso token list`", "một mã có trong `chiso token list`"),
    (r"name@example\.gov\.vn", "dạng ten@example.gov.vn"),
    (r"1 to (\d+) working days", r"từ 1 đến \1 ngày làm việc"),
    (r"a date from (\d+) to (\d+)", r"một ngày trong các năm \1–\2"),
    (r"a reason of 5 to 1,000 characters", "lý do dài từ 5 đến 1.000 ký tự"),
    (r"a TOML file", "một tệp TOML"),
    (r"a list of texts", "một danh sách các đoạn văn bản"),
    (r"at least one dossier number", "ít nhất một mã hồ sơ"),
    (r"at most (\d+) letters at once", r"tối đa \1 phiếu mỗi lần"),
    (r"a \[\[rule\]\] table", "một bảng [[rule]]"),
    (r"a name", "một tên"),
    (r"0 to 60", "từ 0 đến 60"),
    (r"more than 0, at most 100", "lớn hơn 0, tối đa 100"),
    (r"true or false", "true hoặc false"),
    (r"a TOML file of \[\[rule\]\] tables", "một tệp TOML gồm các bảng [[rule]]"),
    (r"an existing account \(`chiso user list`\)", "một tài khoản đã có"),
    (r"values that read back as written", "giá trị đọc lại đúng như đã ghi"),
    (r"a key from `chiso settings`", "một khóa cấu hình có trong danh sách (`chiso settings`)"),
    (r"off \| work", "off (nghỉ) hoặc work (làm)"),
    (r"a name and the decision it comes from", "tên ngày và quyết định căn cứ"),
    (r"a finite number", "một số hữu hạn"),
    (r"a known column type", "một kiểu cột đã biết"),
    (r"a date within the years (.+)", r"một ngày trong các năm \1"),
    (r"a file of at most (\d+) MB", r"một tệp không quá \1 MB"),
    (r"a target of unit (\S+) in plan (\S+) \(see `chiso plan status`\)",
     r"một chỉ tiêu của đơn vị \1 trong kế hoạch \2 (xem `chiso plan status`)"),
    (r"a target of unit (\S+) \(see `chiso plan status`\)", r"một chỉ tiêu của đơn vị \1 (xem `chiso plan status`)"),
    (r"the overview \(/\) or a unit's page \(/unit/CODE\)", "trang tổng quan (/) hoặc trang một đơn vị (/unit/MÃ)"),
    (r"a target of this plan", "một chỉ tiêu của kế hoạch này"),
    (r"a deadline such as (.+), hằng tháng, hằng quý or thường xuyên",
     r"thời hạn như \1, hằng tháng, hằng quý hoặc thường xuyên"),
    (r"a whole number from 0 to 100", "một số nguyên từ 0 đến 100"),
    (r"a task code not already taken", "một mã nhiệm vụ chưa có"),
    (r"PART=WEIGHT with PART one of (.+)", r"PHẦN=TRỌNG SỐ, PHẦN là một trong: \1"),
    (r"at least one weight above 0", "ít nhất một trọng số lớn hơn 0"),
    (r"a task code from `chiso tasks list`", "mã nhiệm vụ có trong danh sách (`chiso tasks list`)"),
    (r"a new deadline after the one in force \((.+)\)", r"thời hạn mới sau thời hạn đang áp dụng (\1)"),
    (r"a report still waiting for review", "một báo cáo đang chờ xem xét"),
]
_CODE = re.compile(r"--[\w-]+|[A-Z][A-Z_]+|[a-z_]+(?:\.[a-z_]+)+")  # an option, an argument, a setting key
_CHOICES = re.compile(r"[\w.\-/]+(?:(?: \| | or |, )[\w.\-/]+)+")
_COMPILED_WHAT = [(re.compile(p), r) for p, r in WHAT_VI]
_COMPILED_EXPECTED = [(re.compile(p), r) for p, r in EXPECTED_VI]


def _first(patterns: list[tuple[re.Pattern[str], str]], text: str) -> str | None:
    for pattern, vi in patterns:
        if m := pattern.fullmatch(text):
            return m.expand(vi)
    return None


def what_vi(what: str) -> str | None:
    """``what`` in Vietnamese, part by part; None if no part is known."""
    parts = what.split(": ")
    said = [part if _CODE.fullmatch(part) else _first(_COMPILED_WHAT, part) for part in parts]
    if all(s is None for s in said):
        return None
    return ": ".join(s if s is not None else p for s, p in zip(said, parts, strict=True))


def expected_vi(expected: str) -> str | None:
    """What was expected, in Vietnamese; a list of codes (``a | b``, ``a or b``) is shown as a choice."""
    said = _first(_COMPILED_EXPECTED, expected)
    if said is None and _CHOICES.fullmatch(expected):
        return "một trong: " + expected.replace(" or ", " | ")
    return said


def invalid_vi(exc: InvalidValue) -> str:
    """The sentence a Vietnamese reader sees: ``kỳ: '2024-Q5' không hợp lệ; cần: …``."""
    what = what_vi(exc.what) or exc.what
    expected = expected_vi(exc.expected) or exc.expected
    return f"{what}: {exc.value!r} không hợp lệ; cần: {expected}"


def said(exc: ChisoError, lang: str) -> str:
    """The error as a person reading ``lang`` sees it; English is the message itself."""
    if lang != "vi":
        return str(exc)
    if isinstance(exc, InvalidValue):
        return invalid_vi(exc)
    return exc.vi or str(exc)
