"""Tasks in the store: the register rows (``chiso import tasks``), approved extensions, and the progress reports a
lead unit gives with evidence, which the steering side accepts or returns. Reports and extensions are
append-only and audited; a task's row is replaced by a later import of the register."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.periods import FIRST_YEAR, LAST_YEAR
from chiso.domain.tasks import parse_deadline
from chiso.domain.text import nfc
from chiso.store.audit import record
from chiso.store.kinds.lookups import coordinating_units, link_coordinators
from chiso.store.store import Store
from chiso.store.target_values import MAX_EVIDENCE, Evidence

REVIEWS = ("pending", "accepted", "returned")


@dataclass(frozen=True)
class ExtensionRow:
    occurrence: date | None
    new_deadline: date
    reason: str
    approver: str
    approved_on: date


@dataclass(frozen=True)
class ReportRow:
    id: int
    occurrence: date | None
    reported_at: datetime
    reported_by: str
    text: str
    percent: int
    done: bool
    evidence_name: str | None
    review: str
    review_note: str | None


@dataclass
class TaskRow:
    code: str
    content: str
    lead_unit: str
    coordinators: str | None
    deadline_text: str
    deadline: date | None
    recurrence: str | None
    due_day: int | None
    recurs_from: date | None
    recurs_to: date | None
    document: str | None
    document_date: date | None
    progress: str | None
    done_on: date | None
    withdrawn: bool
    plan: str | None
    target_code: str | None
    coordinating: list[str] = field(default_factory=list)
    extensions: list[ExtensionRow] = field(default_factory=list)
    reports: list[ReportRow] = field(default_factory=list)


_TASK = ("code, content, lead_unit, coordinators, deadline_text, deadline, recurrence, due_day, recurs_from, "
         "recurs_to, document, document_date, progress, done_on, withdrawn, plan, target_code")


def load(store: Store, code: str | None = None) -> list[TaskRow]:
    """Every task (or the one of ``code``) with its coordinating units, extensions and reports, oldest first."""
    where, params = ("WHERE code = ?", [code]) if code else ("", [])
    tasks = {str(r[0]): TaskRow(*r) for r in store.con.execute(
        f"SELECT {_TASK} FROM tasks {where} ORDER BY code", params).fetchall()}
    if not tasks:
        return []
    sub = ("WHERE task = ?", [code]) if code else ("", [])
    for task, unit in store.con.execute(f"SELECT task, unit_code FROM task_units {sub[0]} ORDER BY 1, 2",
                                        sub[1]).fetchall():
        if str(task) in tasks:
            tasks[str(task)].coordinating.append(str(unit))
    for task, *row in store.con.execute(
            "SELECT task, occurrence, new_deadline, reason, approver, approved_on FROM task_extensions "
            f"{sub[0]} ORDER BY approved_on, id", sub[1]).fetchall():
        if str(task) in tasks:
            tasks[str(task)].extensions.append(ExtensionRow(*row))
    for task, *row in store.con.execute(
            "SELECT task, id, occurrence, reported_at, reported_by, text, percent, done, evidence_name, review, "
            f"review_note FROM task_reports {sub[0]} ORDER BY reported_at, id", sub[1]).fetchall():
        if str(task) in tasks:
            tasks[str(task)].reports.append(ReportRow(*row))
    return list(tasks.values())


def one(store: Store, code: str) -> TaskRow:
    found = load(store, code)
    if not found:
        raise InvalidValue("task", code, "a task code from `chiso tasks list`")
    return found[0]


def _day_in_range(what: str, day: date) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise InvalidValue(what, day.isoformat(), f"a date within the years {FIRST_YEAR}-{LAST_YEAR}")


def extend(store: Store, code: str, new_deadline: date, reason: str, approver: str, approved_on: date, by: str,
           occurrence: date | None = None) -> None:
    """Record an approved extension of a task (or of one occurrence of a recurring task)."""
    _day_in_range("deadline", new_deadline)
    _day_in_range("date", approved_on)
    if not reason.strip() or not approver.strip():
        raise ChisoError("an extension needs its reason and who approved it",
                         vi="gia hạn cần ghi lý do và người (văn bản) cho phép gia hạn")
    task = one(store, code)
    current = max((e.new_deadline for e in task.extensions if e.occurrence == occurrence),
                  default=task.deadline if occurrence is None else occurrence)
    if current is None:
        raise ChisoError(f"task {code} has no single deadline: extend one occurrence (--occurrence)",
                         vi=f"nhiệm vụ {code} là nhiệm vụ định kỳ: hãy gia hạn một kỳ (--occurrence)")
    if new_deadline <= current:
        raise InvalidValue("deadline", new_deadline.isoformat(),
                           f"a new deadline after the one in force ({current.isoformat()})")
    with store.transaction():
        row = store.con.execute("SELECT coalesce(max(id), 0) + 1 FROM task_extensions").fetchone()
        store.con.execute("INSERT INTO task_extensions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [row[0] if row else 1, code, occurrence, new_deadline, nfc(reason.strip()),
                           nfc(approver.strip()), approved_on, nfc(by), datetime.now().replace(microsecond=0)])
        record(store, by, "task.extend", code + (f"@{occurrence.isoformat()}" if occurrence else ""),
               current.isoformat(), f"{new_deadline.isoformat()} ({nfc(approver.strip())}, {approved_on.isoformat()})",
               nfc(reason.strip()))


def report(store: Store, code: str, text: str, percent: int, done: bool, by: str, evidence: Evidence | None = None,
           occurrence: date | None = None, at: datetime | None = None) -> int:
    """A progress report from the lead unit (``done``: it says the task is completed); waits for review."""
    if not 0 <= percent <= 100:
        raise InvalidValue("percent", percent, "a whole number from 0 to 100")
    if not text.strip():
        raise ChisoError("a progress report needs its text", vi="báo cáo tiến độ cần có nội dung")
    if evidence is not None and len(evidence.content) > MAX_EVIDENCE:
        raise InvalidValue("evidence", evidence.name, f"a file of at most {MAX_EVIDENCE // (1024 * 1024)} MB")
    one(store, code)
    moment = (at or datetime.now()).replace(microsecond=0)
    with store.transaction():
        row = store.con.execute("SELECT coalesce(max(id), 0) + 1 FROM task_reports").fetchone()
        ident = int(row[0]) if row else 1
        store.con.execute(
            "INSERT INTO task_reports VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', NULL, NULL, NULL)",
            [ident, code, occurrence, moment, nfc(by), nfc(text.strip()), percent, done,
             nfc(evidence.name) if evidence else None, evidence.sha256 if evidence else None,
             evidence.content if evidence else None])
        record(store, by, "task.report", code + (f"@{occurrence.isoformat()}" if occurrence else ""), None,
               f"{percent}%{' done' if done else ''}"
               + (f" evidence {evidence.name} sha256:{evidence.sha256[:16]}" if evidence else ""), nfc(text.strip()))
    return ident


def review(store: Store, ident: int, accepted: bool, by: str, note: str | None = None, task: str | None = None) -> str:
    """Accept or return a pending progress report (of ``task``, if given); returns its task's code."""
    found = store.con.execute("SELECT task, review FROM task_reports WHERE id = ?", [ident]).fetchone()
    if found is None or found[1] != "pending" or (task is not None and str(found[0]) != task):
        raise InvalidValue("review", ident, "a report still waiting for review")
    if not accepted and not (note or "").strip():
        raise ChisoError("a returned report needs the reason", vi="trả lại báo cáo cần ghi lý do")
    verdict = "accepted" if accepted else "returned"
    with store.transaction():
        store.con.execute("UPDATE task_reports SET review = ?, reviewed_by = ?, reviewed_at = ?, review_note = ? "
                          "WHERE id = ?", [verdict, nfc(by), datetime.now().replace(microsecond=0),
                                           nfc(note.strip()) if note else None, ident])
        record(store, by, "task.review", f"{found[0]}#{ident}", "pending", verdict, note)
    return str(found[0])


@dataclass(frozen=True)
class EvidenceFile:
    name: str
    sha256: str
    content: bytes
    lead_unit: str  # of the task it was given for: who may read it


def evidence(store: Store, ident: int) -> EvidenceFile | None:
    """A report's evidence file, with the lead unit of its task."""
    row = store.con.execute("SELECT r.evidence_name, r.evidence_sha256, r.evidence, t.lead_unit FROM task_reports r "
                            "JOIN tasks t ON t.code = r.task WHERE r.id = ? AND r.evidence IS NOT NULL",
                            [ident]).fetchone()
    return None if row is None else EvidenceFile(str(row[0]), str(row[1]), bytes(row[2]), str(row[3]))


_NUMBER = re.compile(r"(\d+[^\s,;]*/[^\s,;]+)")  # 123/KH-UBND in "Kế hoạch số 123/KH-UBND ngày …"


@dataclass(frozen=True)
class TaskInput:
    """A task as a person enters or corrects it on the web."""

    content: str
    lead_unit: str
    deadline_text: str
    code: str = ""
    coordinators: str = ""
    document: str = ""
    document_date: date | None = None
    withdrawn: bool = False


def save(store: Store, task: TaskInput, by: str, replace: str | None = None) -> str:
    """Add a task, or correct the one of code ``replace`` (its reports and extensions are kept); its code.

    The deadline is read as the register's is; a recurring one needs its year (in the text or from the
    document's date). A later import of the register replaces the row again: the register stays the source."""
    content, lead = nfc(task.content.strip()), task.lead_unit.strip()
    if not content or "\x00" in content:
        raise ChisoError("a task needs its content", vi="nhiệm vụ cần có nội dung")
    deadline = parse_deadline(task.deadline_text)
    if task.document_date is not None:
        _day_in_range("date", task.document_date)
    recurs_from = recurs_to = None
    if deadline.recurrence not in (None, "continuous"):
        year = deadline.year or (task.document_date.year if task.document_date else None)
        if year is None:
            raise ChisoError("a recurring task needs its year: write it in the deadline (hằng quý năm 2024) or give "
                             "the document's date", vi="nhiệm vụ định kỳ cần năm: ghi trong thời hạn (hằng quý năm "
                             "2024) hoặc ghi ngày văn bản giao")
        recurs_from = max(date(year, 1, 1), task.document_date or date(year, 1, 1))
        recurs_to = date(year, 12, 31)
    document = nfc(task.document.strip()) or None
    code = nfc(task.code.strip()) or replace or _new_code(store, document)
    old = None if replace is None else one(store, replace)
    if replace is None and store.con.execute("SELECT 1 FROM tasks WHERE code = ?", [code]).fetchone():
        raise InvalidValue("task", code, "a task code not already taken")
    values = [code, content, lead, nfc(task.coordinators.strip()) or None, nfc(task.deadline_text.strip()),
              deadline.day, deadline.recurrence, deadline.due_day, recurs_from, recurs_to,
              None if old is None else old.progress, document, task.document_date,
              None if old is None else old.done_on, task.withdrawn]
    with store.transaction():
        if replace is not None:
            store.con.execute("DELETE FROM tasks WHERE code = ?", [replace])
        store.con.execute(
            "INSERT INTO tasks (code, content, lead_unit, coordinators, deadline_text, deadline, recurrence, due_day, "
            "recurs_from, recurs_to, progress, document, document_date, done_on, withdrawn, row_hash, import_id) "
            "SELECT ?, ?, ?, ?, ?, CAST(? AS DATE), ?, CAST(? AS INTEGER), CAST(? AS DATE), CAST(? AS DATE), ?, ?, "
            "CAST(? AS DATE), CAST(? AS DATE), ?, 0, NULL", values)
        link_coordinators(store, {code: coordinating_units(store, lead, task.coordinators)})
        record(store, by, "task.edit" if old else "task.add", code,
               None if old is None else f"{old.lead_unit} {old.deadline_text}", f"{lead} {task.deadline_text.strip()}",
               content)
    return code


def _new_code(store: Store, document: str | None) -> str:
    found = _NUMBER.search(document or "")
    prefix = found.group(1) if found else (document or "NV")
    row = store.con.execute("SELECT count(*) FROM tasks WHERE code LIKE ?", [prefix.replace("%", "") + "#%"]).fetchone()
    number = (int(row[0]) if row else 0) + 1
    while store.con.execute("SELECT 1 FROM tasks WHERE code = ?", [f"{prefix}#{number}"]).fetchone():
        number += 1
    return f"{prefix}#{number}"
