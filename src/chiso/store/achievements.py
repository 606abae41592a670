"""Results that are not numbers, in the store: imported (`chiso import achievements`) or entered on the web with
an evidence file kept with its sha256; audited."""

from dataclasses import dataclass
from datetime import date

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import FIRST_YEAR, LAST_YEAR
from chiso.domain.text import nfc
from chiso.store.audit import record
from chiso.store.store import Store
from chiso.store.target_values import MAX_EVIDENCE, Evidence

KINDS = ("model", "initiative", "dialogue", "award", "other")


@dataclass(frozen=True)
class Achievement:
    key: str
    kind: str
    title: str
    unit_code: str
    happened_on: date
    description: str | None
    chair: str | None
    received: int | None
    answered: int | None
    awarded_by: str | None
    evidence_name: str | None


_COLUMNS = ("key, kind, title, unit_code, happened_on, description, chair, received, answered, awarded_by, "
            "evidence_name")


def load(store: Store, start: date, end: date) -> list[Achievement]:
    """Every achievement dated from ``start`` to ``end``, oldest first."""
    rows = store.con.execute(f"SELECT {_COLUMNS} FROM achievements WHERE happened_on BETWEEN ? AND ? "
                             "ORDER BY happened_on, unit_code, kind, title", [start, end]).fetchall()
    return [Achievement(*r) for r in rows]


def add(store: Store, kind: str, title: str, unit: str, happened_on: date, by: str, description: str = "",
        chair: str = "", received: int | None = None, answered: int | None = None, awarded_by: str = "",
        evidence: Evidence | None = None) -> str:
    """Record one achievement (its key)."""
    if kind not in KINDS:
        raise InvalidValue("kind", kind, " | ".join(KINDS))
    title = nfc(title.strip())
    if not title or "\x00" in title:
        raise ChisoError("an achievement needs its title",
                         vi="cần ghi tên mô hình, sáng kiến, hội nghị hoặc khen thưởng")
    if not FIRST_YEAR <= happened_on.year <= LAST_YEAR or happened_on > date.today():
        raise InvalidValue("date", happened_on.isoformat(), f"a date within the years {FIRST_YEAR}-{LAST_YEAR}")
    if kind == "dialogue" and received is None:
        raise ChisoError("a dialogue conference needs the recommendations received",
                         vi="hội nghị đối thoại cần ghi số kiến nghị tiếp nhận")
    if (received is not None and received < 0) or (answered is not None and answered < 0) or (
            answered is not None and (received is None or answered > received)):
        raise InvalidValue("numerator/denominator", f"{answered}/{received}",
                           "counts that are not negative, with the numerator at most the denominator")
    if evidence is not None and len(evidence.content) > MAX_EVIDENCE:
        raise InvalidValue("evidence", evidence.name, f"a file of at most {MAX_EVIDENCE // (1024 * 1024)} MB")
    key = "|".join((unit, happened_on.isoformat(), kind, title.lower()))
    with store.transaction():
        store.con.execute("DELETE FROM achievements WHERE key = ?", [key])
        store.con.execute(
            "INSERT INTO achievements VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS INTEGER), CAST(? AS INTEGER), ?, ?, ?, ?, "
            "0, NULL)", [key, kind, title, unit, happened_on, nfc(description.strip()) or None,
                         nfc(chair.strip()) or None, received, answered, nfc(awarded_by.strip()) or None,
                         nfc(evidence.name) if evidence else None, evidence.sha256 if evidence else None,
                         evidence.content if evidence else None])
        record(store, by, "achievement.add", key, None, kind + (f" {answered}/{received}" if received is not None
                                                                 else "")
               + (f" evidence {evidence.name} sha256:{evidence.sha256[:16]}" if evidence else ""), title)
    return key


def evidence(store: Store, key: str) -> tuple[str, str, bytes] | None:
    """An achievement's evidence: unit, file name and content."""
    row = store.con.execute("SELECT unit_code, evidence_name, evidence FROM achievements WHERE key = ? "
                            "AND evidence IS NOT NULL", [key]).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), bytes(row[2]))
