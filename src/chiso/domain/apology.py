"""The apology letter for a late dossier: its wording (data, a province may replace it), the new return day
computed with the working-day calendar, and the filled paragraphs. The applicant's name is typed by the officer
when printing and goes only into the document, never into the store or a log (Nghị định 13/2023/NĐ-CP)."""

import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from importlib.resources import files
from pathlib import Path

from chiso.domain.calendar import WorkCalendar
from chiso.domain.errors import InvalidValue

MAX_DELAY = 120  # working days a letter may put the result off by
KEYS = ("form", "form_source", "number", "title", "paragraphs", "signer_title", "signer_note", "blank_name")


@dataclass(frozen=True)
class Wording:
    form: str
    form_source: str
    number: str
    title: str
    paragraphs: tuple[str, ...]
    signer_title: str
    signer_note: str
    blank_name: str


def wording(config: Path | None) -> Wording:
    own = config / "apology_letter.toml" if config is not None else None
    source = own if own is not None and own.is_file() else None
    text = source.read_text(encoding="utf-8") if source else files("chiso.domain").joinpath(
        "data", "apology_letter.toml").read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise InvalidValue(f"apology letter ({source})", str(exc), "a TOML file") from None
    missing = [k for k in KEYS if k not in data]
    if missing:
        raise InvalidValue(f"apology letter ({source})", missing[0], ", ".join(KEYS))
    paragraphs = data["paragraphs"]
    if not isinstance(paragraphs, list) or not all(isinstance(p, str) for p in paragraphs):
        raise InvalidValue(f"apology letter ({source}): paragraphs", str(paragraphs)[:60], "a list of texts")
    return Wording(str(data["form"]), str(data["form_source"]), str(data["number"]), str(data["title"]),
                   tuple(paragraphs), str(data["signer_title"]), str(data["signer_note"]), str(data["blank_name"]))


def new_return_day(calendar: WorkCalendar, from_day: date, delay: int) -> date:
    """The day ``delay`` working days after ``from_day`` (the letter's day): the new day promised."""
    if not 1 <= delay <= MAX_DELAY:
        raise InvalidValue("delay", delay, f"1 to {MAX_DELAY} working days")
    return calendar.add_workdays(from_day, delay)


def check_reason(reason: str) -> str:
    text = " ".join(reason.split())
    if not 5 <= len(text) <= 1000:
        raise InvalidValue("reason", reason[:40], "a reason of 5 to 1,000 characters")
    return text


@dataclass(frozen=True)
class Letter:
    """One letter, ready to lay out."""

    parent_body: str  # the body above the unit ("UBND TỈNH GIA LAI"), may be empty
    unit_name: str
    number: str
    procedure_name: str
    received_at: datetime
    due_at: datetime
    reason: str
    new_due: date
    letter_date: date
    place: str
    applicant: str = ""  # typed at printing; empty: a blank line to fill by hand

    def paragraphs(self, words: Wording) -> list[str]:
        values = {"unit": self.unit_name, "received": f"{self.received_at:%d/%m/%Y}",
                  "procedure": self.procedure_name, "applicant": self.applicant.strip() or words.blank_name,
                  "number": self.number, "due": f"{self.due_at:%d/%m/%Y}", "reason": self.reason,
                  "new_due": f"{self.new_due:%d/%m/%Y}"}
        return [_fill(p, values) for p in words.paragraphs]


def _fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text
