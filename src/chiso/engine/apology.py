"""The apology letters of late dossiers: which dossiers may have one (late, overdue, or still open and expected
to be late), and each letter filled from the dossier, its unit and the delay the officer enters."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from chiso.domain.apology import Letter, check_reason, new_return_day
from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.letterhead import place_of
from chiso.engine.late import DossierStatus, dossier_status
from chiso.engine.summary import latest_event
from chiso.engine.units import Units
from chiso.store.store import Store

MAX_LETTERS = 500  # letters in one document
# statuses at the latest data for which a letter makes sense: finished late, open past due, open and expected late
LATE_ENOUGH = ("late", "open_overdue", "open_within")


@dataclass(frozen=True)
class LetterRequest:
    """What the officer enters once for the letters of one printing."""

    letter_date: date
    delay: int  # working days from the letter's day to the new return day
    reason: str


def late_dossier(store: Store, number: str, at: datetime | None = None) -> DossierStatus:
    """The dossier, if an apology letter makes sense for it; else a clear error."""
    moment = at or latest_event(store) or datetime.now()
    found = dossier_status(store, moment, number)
    if found is None:
        raise InvalidValue("dossier", number, "a dossier number in the store")
    if found.status not in LATE_ENOUGH or found.due is None:
        raise ChisoError(f"dossier {number} was handled on time ({found.status}): no apology letter is needed",
                         vi=f"hồ sơ {number} đã giải quyết đúng hạn: không cần phiếu xin lỗi")
    return found


def letters_for(store: Store, numbers: Sequence[str], asked: LetterRequest, names: Mapping[str, str] | None = None,
                ) -> list[Letter]:
    """One letter per dossier (in the order given, each once); ``names``: the applicant's name typed for a
    dossier (used in the letter only)."""
    chosen = list(dict.fromkeys(n.strip() for n in numbers if n.strip()))
    if not chosen:
        raise InvalidValue("dossiers", "none", "at least one dossier number")
    if len(chosen) > MAX_LETTERS:
        raise InvalidValue("dossiers", len(chosen), f"at most {MAX_LETTERS} letters at once")
    reason = check_reason(asked.reason)
    new_due = new_return_day(store.calendar, asked.letter_date, asked.delay)
    units = Units(store)
    root = units.root()
    place = store.settings.text("report.place").strip() or place_of(root.name)
    out = []
    for number in chosen:
        d = late_dossier(store, number)
        assert d.due is not None
        unit = units.by_code.get(d.unit)
        parent = units.by_code.get(unit.parent) if unit is not None and unit.parent else None
        out.append(Letter(parent.name.upper() if parent else "", unit.name if unit else d.unit, d.number,
                          d.procedure_name, d.received_at, d.due, reason, new_due, asked.letter_date, place,
                          (names or {}).get(number, "")))
    return out
