"""Reported values of plan targets: append-only, each with who, when, a comment and an evidence file."""

import hashlib
import math
from dataclasses import dataclass
from datetime import date, datetime

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import FIRST_YEAR, LAST_YEAR
from chiso.domain.text import nfc
from chiso.store.audit import record
from chiso.store.store import Store

MAX_EVIDENCE = 20 * 1024 * 1024


@dataclass(frozen=True)
class Evidence:
    name: str
    content: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def record_value(store: Store, target: str, unit: str, value: float, as_of: date, by: str,
                 comment: str | None = None, evidence: Evidence | None = None, plan: str | None = None) -> str:
    """Append a value for a reported target of ``unit``; returns the plan it belongs to."""
    if not math.isfinite(value):
        raise InvalidValue("value", value, "a finite number")
    if not FIRST_YEAR <= as_of.year <= LAST_YEAR:
        raise InvalidValue("date", as_of.isoformat(), f"a date within the years {FIRST_YEAR}-{LAST_YEAR}")
    if evidence is not None and len(evidence.content) > MAX_EVIDENCE:
        raise InvalidValue("evidence", evidence.name, f"a file of at most {MAX_EVIDENCE // (1024 * 1024)} MB")
    found = store.con.execute(
        "SELECT DISTINCT plan, indicator FROM targets WHERE target_code = ? AND unit_code = ? "
        "AND (CAST(? AS VARCHAR) IS NULL OR plan = ?)", [target, unit, plan, plan]).fetchall()
    if not found:
        raise InvalidValue("target", target, f"a target of unit {unit}" + (f" in plan {plan}" if plan else "")
                           + " (see `chiso plan status`)")
    if len(found) > 1:
        raise ChisoError(f"target {target!r} of {unit} is in plans {', '.join(str(f[0]) for f in found)}; "
                         "choose one with --plan", vi=f"chỉ tiêu {target!r} của {unit} có trong các kế hoạch "
                         f"{', '.join(str(f[0]) for f in found)}; hãy chọn một kế hoạch")
    if found[0][1] is not None:
        raise ChisoError(f"target {target!r} is computed from dossiers ({found[0][1]}); it takes no reported value",
                         vi=f"chỉ tiêu {target!r} được tính từ hồ sơ ({found[0][1]}); không nhập giá trị báo cáo")
    with store.transaction():
        return _append(store, found[0][0], target, unit, value, as_of, by, comment, evidence)


def _append(store: Store, plan: str, target: str, unit: str, value: float, as_of: date, by: str,
            comment: str | None, evidence: Evidence | None) -> str:
    previous = store.con.execute("SELECT value FROM target_values WHERE plan = ? AND target_code = ? AND unit_code = ? "
                                 "ORDER BY as_of DESC, id DESC LIMIT 1", [plan, target, unit]).fetchone()
    row = store.con.execute("SELECT coalesce(max(id), 0) + 1 FROM target_values").fetchone()
    store.con.execute(
        "INSERT INTO target_values VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [row[0] if row else 1, plan, target, unit, value, as_of, nfc(by), datetime.now().replace(microsecond=0),
         nfc(comment) if comment else None, nfc(evidence.name) if evidence else None,
         evidence.sha256 if evidence else None, evidence.content if evidence else None])
    shown = int(value) if value.is_integer() else value  # 12, not 12.0
    record(store, by, "target_value.add", f"{plan}|{target}|{unit}",
           None if previous is None else str(previous[0]), f"{shown} @ {as_of.isoformat()}"
           + (f" evidence {evidence.name} sha256:{evidence.sha256[:16]}" if evidence else ""), comment)
    return str(plan)
