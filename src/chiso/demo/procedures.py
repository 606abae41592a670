"""Demo catalogue: the 251 real procedures of shared/domain plus clearly labelled synthetic ones."""

import csv
import io
from importlib import resources

import pyarrow as pa

SYNTHETIC_SECTORS = [
    ("Hộ tịch", "xã", 5, "ngày làm việc"), ("Đất đai", "tỉnh", 20, "ngày làm việc"),
    ("Xây dựng", "tỉnh", 15, "ngày làm việc"), ("Lao động", "tỉnh", 10, "ngày làm việc"),
    ("Y tế", "tỉnh", 30, "ngày"), ("Giáo dục", "xã", 8, "giờ làm việc"), ("Thành lập doanh nghiệp", "tỉnh", 3,
    "ngày làm việc"), ("Người có công", "xã", 1, "tháng"),
]
SYNTHETIC_COUNT = 72


def sample_rows() -> list[dict[str, str]]:
    text = resources.files("chiso.demo").joinpath("data", "procedures-sample.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def procedure_table() -> pa.Table:
    rows = sample_rows()
    for i in range(SYNTHETIC_COUNT):
        sector, level, value, unit = SYNTHETIC_SECTORS[i % len(SYNTHETIC_SECTORS)]
        rows.append({
            "code": f"9.{900001 + i}", "name": f"Thủ tục mô phỏng số {i + 1:02d} ({sector}) [dữ liệu tổng hợp]",
            "sector": sector, "level": level, "time_limit_value": str(value + i % 3), "time_limit_unit": unit,
            "fee": "yes" if i % 3 == 0 else "no", "online_level": ("full", "partial", "none")[i % 3],
            "source": "synthetic procedure for the chiso demo; not a real national code",
        })
    columns = ["code", "name", "sector", "level", "time_limit_value", "time_limit_unit", "fee", "online_level",
               "source"]
    data: dict[str, object] = {"_line": pa.array(range(2, len(rows) + 2), pa.int64())}
    for col in columns:
        data[col] = [r[col] for r in rows]
    data["cutoff"] = ["15:00" if r["time_limit_unit"] == "giờ" else None for r in rows]
    data["paper_result"] = ["true" if i % 4 else "false" for i in range(len(rows))]
    data["applies_to_persons"] = ["true" if r["level"] == "xã" or i % 2 else "false" for i, r in enumerate(rows)]
    return pa.table(data)
