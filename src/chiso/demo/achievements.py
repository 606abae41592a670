"""The demo's results that are not numbers: models and initiatives of some departments and communes, two dialogue
conferences with the recommendations received and answered, and awards. Titles are synthetic."""

import numpy as np
import pyarrow as pa

MODELS = ["Trợ lý ảo hỗ trợ giải quyết thủ tục hành chính", "Khám chữa bệnh bảo hiểm y tế bằng căn cước gắn chíp",
          "Xã thông minh", "Bộ phận một cửa không giấy tờ", "Thanh toán không dùng tiền mặt tại bộ phận một cửa"]
INITIATIVES = ["Số hóa hồ sơ hộ tịch theo lô", "Nhắc hạn hồ sơ qua tin nhắn Zalo", "Phiếu hẹn điện tử có mã QR"]


def achievement_table(rng: np.random.Generator, departments: list[str], communes: list[str]) -> pa.Table:
    """The log as a province would import it (chiso's column names; units by code)."""
    rows: list[dict[str, str | None]] = []

    def add(kind: str, title: str, unit: str, day: str, **extra: str) -> None:
        rows.append({"kind": kind, "title": title, "unit": unit, "happened_on": day,
                     "description": extra.get("description"), "chair": extra.get("chair"),
                     "received": extra.get("received"), "answered": extra.get("answered"),
                     "awarded_by": extra.get("awarded_by")})

    for i, title in enumerate(MODELS):
        unit = str(rng.choice(communes if i in (2, 4) else departments))
        add("model", title, unit, f"{int(rng.integers(1, 28)):02d}/{int(rng.integers(1, 13)):02d}/{2024 + i % 2}",
            description="Mô hình mô phỏng của dữ liệu mẫu")
    for i, title in enumerate(INITIATIVES):
        add("initiative", title, str(rng.choice(departments)), f"15/{3 + 3 * i:02d}/2025")
    add("dialogue", "Hội nghị đối thoại với người dân, doanh nghiệp về thủ tục hành chính", departments[0],
        "20/06/2024", chair="Chủ tịch UBND tỉnh", received="62", answered="58")
    add("dialogue", "Đối thoại về cải cách hành chính năm 2025", departments[1], "10/10/2025",
        chair="Phó Chủ tịch UBND tỉnh", received="40", answered="31")
    add("award", "Tập thể lao động xuất sắc năm 2024", str(rng.choice(departments)), "15/01/2025",
        awarded_by="Bằng khen của Chủ tịch UBND tỉnh (mô phỏng)")
    columns = {k: pa.array([r[k] for r in rows], pa.string()) for k in rows[0]}
    return pa.table({"_line": pa.array(range(2, len(rows) + 2), pa.int64()), **columns})
