"""Scorecard rounds in the store: the definitions (shipped data files and a province's own in
``<config>/scorecards/*.toml``, a later file with the same id replacing the earlier), and the scores units and
appraisers enter, append-only and audited; the latest entry of each stage counts."""

import math
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import FIRST_YEAR, LAST_YEAR
from chiso.domain.scorecards import Scorecard, in_force, parse_scorecard

__all__ = ["Scorecard", "definition", "definitions", "enter", "evidence", "scores", "versions"]
from chiso.domain.text import nfc
from chiso.store.audit import record
from chiso.store.store import Store
from chiso.store.target_values import MAX_EVIDENCE, Evidence

STAGES = ("self", "appraisal")


def versions(config: Path | None) -> dict[str, list[Scorecard]]:
    """Every version of every scorecard by id: the shipped files, then the province's own; a version with the
    same id and version replaces the earlier, a new version (with its ``valid_from`` year) adds to it."""
    found: dict[tuple[str, str], Scorecard] = {}
    shipped = resources.files("chiso.domain").joinpath("data", "scorecards")
    for entry in sorted(shipped.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            card = parse_scorecard(entry.read_text(encoding="utf-8"), f"chiso:{entry.name}")
            found[(card.id, card.version)] = card
    local = config / "scorecards" if config else None
    if local is not None and local.is_dir():
        for path in sorted(local.glob("*.toml")):
            card = parse_scorecard(path.read_text(encoding="utf-8"), str(path))
            found[(card.id, card.version)] = card
    out: dict[str, list[Scorecard]] = {}
    for card in found.values():
        out.setdefault(card.id, []).append(card)
    return out


def definitions(config: Path | None, year: int | None = None) -> dict[str, Scorecard]:
    """Every scorecard by id, in the version assessing ``year`` (default: the newest)."""
    return {ident: in_force(cards, year) for ident, cards in versions(config).items()}


def definition(store: Store, ident: str, year: int | None = None) -> Scorecard:
    cards = versions(store.config)
    if ident not in cards:
        raise InvalidValue("scorecard", ident, "one of " + ", ".join(sorted(cards)))
    return in_force(cards[ident], year)


@dataclass(frozen=True)
class Score:
    criterion: str
    stage: str
    points: float
    explanation: str | None
    evidence_name: str | None
    entered_by: str
    entered_at: datetime
    id: int


def scores(store: Store, ident: str, year: int, unit: str | None = None) -> dict[str, dict[str, dict[str, Score]]]:
    """unit -> criterion -> stage -> the latest score entered."""
    where, params = ("AND unit_code = ?", [ident, year, unit]) if unit else ("", [ident, year])
    rows = store.con.execute(
        "SELECT unit_code, criterion, stage, points, explanation, evidence_name, entered_by, entered_at, id "
        f"FROM scorecard_scores WHERE scorecard = ? AND year = ? {where} ORDER BY id", params).fetchall()
    out: dict[str, dict[str, dict[str, Score]]] = {}
    for unit_code, criterion, stage, *rest in rows:
        out.setdefault(str(unit_code), {}).setdefault(str(criterion), {})[str(stage)] = Score(
            str(criterion), str(stage), float(rest[0]), rest[1], rest[2], str(rest[3]), rest[4], int(rest[5]))
    return out


def enter(store: Store, ident: str, year: int, unit: str, criterion: str, stage: str, points: float, by: str,
          explanation: str = "", evidence: Evidence | None = None) -> int:
    """Record a self-assessment or an appraisal of one criterion; an appraisal needs its reason."""
    card = definition(store, ident, year)
    found = card.criterion(criterion)
    if found not in card.leaves:
        raise ChisoError(f"criterion {criterion} is scored through its sub-criteria",
                         vi=f"tiêu chí {criterion} được chấm qua các tiêu chí thành phần")
    if found.computed:
        raise ChisoError(f"criterion {criterion} is computed by chiso from {found.computed}",
                         vi=f"tiêu chí {criterion} được chiso tính tự động từ {found.computed}")
    if stage not in STAGES:
        raise InvalidValue("stage", stage, " | ".join(STAGES))
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InvalidValue("year", year, f"a year within {FIRST_YEAR}-{LAST_YEAR}")
    if not math.isfinite(points) or not 0 <= points <= found.maximum:
        raise InvalidValue("points", points, f"a number from 0 to {found.maximum:g}")
    if stage == "appraisal" and not explanation.strip():
        raise ChisoError("an appraisal needs its reason", vi="thẩm định cần ghi lý do")
    if evidence is not None and len(evidence.content) > MAX_EVIDENCE:
        raise InvalidValue("evidence", evidence.name, f"a file of at most {MAX_EVIDENCE // (1024 * 1024)} MB")
    with store.transaction():
        row = store.con.execute("SELECT coalesce(max(id), 0) + 1 FROM scorecard_scores").fetchone()
        ident_row = int(row[0]) if row else 1
        store.con.execute(
            "INSERT INTO scorecard_scores VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [ident_row, ident, year, unit, criterion, stage, float(points), nfc(explanation.strip()) or None,
             nfc(evidence.name) if evidence else None, evidence.sha256 if evidence else None,
             evidence.content if evidence else None, nfc(by), datetime.now().replace(microsecond=0)])
        record(store, by, f"scorecard.{stage}", f"{ident}|{year}|{unit}|{criterion}", None, f"{points:g}"
               + (f" evidence {evidence.name} sha256:{evidence.sha256[:16]}" if evidence else ""),
               nfc(explanation.strip()) or None)
    return ident_row


def evidence(store: Store, ident: int) -> tuple[str, str, bytes] | None:
    """A score's evidence: its unit, file name and content."""
    row = store.con.execute("SELECT unit_code, evidence_name, evidence FROM scorecard_scores WHERE id = ? "
                            "AND evidence IS NOT NULL", [ident]).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), bytes(row[2]))
