"""The fixed parts of an administrative report (Nghị định 30/2020/NĐ-CP, Phụ lục I), filled from settings."""

from dataclasses import dataclass
from datetime import date

from chiso.domain.settings import Settings

BODY_PREFIXES = ("UBND ", "Ủy ban nhân dân ", "Uỷ ban nhân dân ")
PROVINCE_PREFIXES = ("Tỉnh ", "Thành phố ", "TP. ")


def date_line(place: str, day: date) -> str:
    """"Gia Lai, ngày 05 tháng 02 năm 2025": days below 10 and months 1–2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def _strip(text: str, prefixes: tuple[str, ...]) -> str:
    for prefix in prefixes:
        if text.casefold().startswith(prefix.casefold()):
            return text[len(prefix):].strip()
    return text.strip()


def province_of(root: str) -> str:
    """The province's own name from its root unit: "UBND tỉnh Gia Lai" → "tỉnh Gia Lai"."""
    return _strip(root, BODY_PREFIXES)


def place_of(province: str) -> str:
    """"UBND tỉnh Gia Lai" or "Tỉnh Gia Lai" → "Gia Lai"."""
    return _strip(province_of(province), PROVINCE_PREFIXES)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\\n", "\n").split("\n") if line.strip()]


@dataclass(frozen=True)
class Letterhead:
    parent_body: list[str]
    issuing_body: list[str]
    number: str
    date_line: str
    subject: str
    authority: list[str]
    signer_title: str
    signer_name: str
    recipients: list[str]
    archive: str

    @property
    def recipient_lines(self) -> list[str]:
        """"- Bộ Nội vụ (b/c);" … "- Lưu: VT, NC."."""
        return [f"- {r};" for r in self.recipients] + [f"- Lưu: {self.archive}."]


def letterhead(settings: Settings, province: str, period_vi: str, unit: str, day: date) -> Letterhead:
    """Fill the report.* settings; ``{province}``, ``{period}`` and ``{unit}`` are replaced."""
    province = province_of(province)
    upper = province.upper()

    def fill(key: str, caps: bool = False) -> str:
        return settings.text(key).replace("{province}", upper if caps else province).replace(
            "{period}", period_vi).replace("{unit}", unit)

    place = settings.text("report.place").strip() or place_of(province)
    recipients = [r.strip() for r in fill("report.recipients").split(";") if r.strip()]
    return Letterhead(
        parent_body=[line.upper() for line in _lines(fill("report.parent_body", True))],
        issuing_body=[line.upper() for line in _lines(fill("report.issuing_body", True))],
        number=f"Số:        /{settings.text('report.number_suffix').strip()}",
        date_line=date_line(place, day),
        subject=fill("report.subject").strip(),
        authority=[line.upper() for line in _lines(settings.text("report.signer_authority"))],
        signer_title=settings.text("report.signer_title").strip().upper(),
        signer_name=settings.text("report.signer_name").strip(),
        recipients=recipients,
        archive=settings.text("report.archive").strip().rstrip("."),
    )
