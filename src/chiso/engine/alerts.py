"""What each alert rule finds at a moment: one ``Found`` per subject (a dossier, a task's occurrence, a unit's
quarter, a campaign target), with its unit, a Vietnamese sentence without applicant data, and the page it is
about. One detector per kind in ``DETECTORS``: a new kind is one function here."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import quote

from chiso.domain.alerts import AlertRule
from chiso.domain.errors import InvalidValue
from chiso.domain.formatting import vn_number
from chiso.domain.periods import Period, label_vi, parse_period
from chiso.engine.index import compute_index
from chiso.engine.late import late_dossiers
from chiso.engine.plans import MILESTONE_VI, campaign_rows, milestone_state, plan_status
from chiso.engine.tasks import states
from chiso.engine.units import Units
from chiso.store.store import Store

MOST = 100_000  # subjects per rule and run at most (a province's open dossiers)


@dataclass(frozen=True)
class Found:
    subject: str
    unit: str | None
    message: str
    link: str


def _moment(at: datetime) -> str:
    return f"{at:%H:%M %d/%m/%Y}"


def _dossiers(store: Store, rule: AlertRule, at: datetime, state: str) -> list[Found]:
    units = Units(store)
    view = late_dossiers(store, at, rule.within_working_days, state=state, limit=MOST)
    out = []
    for d in view.rows:
        name = units.by_code[d.unit].name if d.unit in units.by_code else d.unit
        if state == "overdue":
            text = (f"Hồ sơ {d.number} ({d.procedure_name}) của {name} đã quá hạn trả kết quả từ {_moment(d.due)}: "
                    "cần giải quyết dứt điểm và gửi phiếu xin lỗi, hẹn lại ngày trả kết quả.")
        else:
            text = (f"Hồ sơ {d.number} ({d.procedure_name}) của {name} đến hạn trả kết quả lúc {_moment(d.due)} "
                    "mà chưa giải quyết xong.")
        out.append(Found(d.number, d.unit, text, f"/dossier/{quote(d.number, safe='')}"))
    return out


def due_soon(store: Store, rule: AlertRule, at: datetime) -> list[Found]:
    return _dossiers(store, rule, at, "due_soon")


def overdue(store: Store, rule: AlertRule, at: datetime) -> list[Found]:
    return _dossiers(store, rule, at, "overdue")


def task_overdue(store: Store, rule: AlertRule, at: datetime) -> list[Found]:
    units = Units(store)
    out = []
    for s in states(store, at.date()):
        if s.status != "overdue":
            continue
        task = s.occurrence.task
        key = (s.occurrence.occurrence or s.occurrence.original).isoformat()
        lead = units.by_code[task.lead_unit].name if task.lead_unit in units.by_code else task.lead_unit
        content = task.content if len(task.content) <= 160 else task.content[:157] + "…"
        out.append(Found(f"{task.code}:{key}", task.lead_unit,
                         f"Nhiệm vụ {task.code} ({lead} chủ trì) đã quá hạn {s.deadline:%d/%m/%Y}: {content}",
                         f"/task?code={quote(task.code, safe='')}"))
    return out


def _last_complete_quarter(day: date) -> Period:
    quarter = parse_period(f"{day.year}-Q{(day.month - 1) // 3 + 1}", day)
    return quarter if day >= quarter.end else quarter.previous()


def index_drop(store: Store, rule: AlertRule, at: datetime) -> list[Found]:
    """Units whose 766 total of the last complete quarter fell by more than ``points`` from the quarter before."""
    period = _last_complete_quarter(at.date())
    run = compute_index(store, [period, period.previous()], at=at)
    units = Units(store)
    out = []
    for code, unit in units.by_code.items():
        now, before = run.total(code, 0), run.total(code, 1)
        if unit.parent is None or now is None or before is None or float(before - now) <= rule.points:
            continue
        out.append(Found(f"{code}:{period.label}", code,
                         f"Tổng điểm Bộ chỉ số 766 của {unit.name} {label_vi(period)} là {vn_number(float(now), 2)} "
                         f"điểm, giảm {vn_number(float(before - now), 2)} điểm so với kỳ trước "
                         f"({vn_number(float(before), 2)} điểm).",
                         f"/unit/{quote(code, safe='')}?period={period.label}"))
    return out


def milestone_at_risk(store: Store, rule: AlertRule, at: datetime) -> list[Found]:
    """Campaign targets whose milestone is at risk at the day of ``at``."""
    day = at.date()
    out = []
    plans = store.con.execute("SELECT DISTINCT p.code FROM plans p JOIN targets t ON t.plan = p.code "
                              "WHERE t.milestone IS NOT NULL AND p.start_date <= ? AND p.end_date >= ? "
                              "ORDER BY 1", [day, day - timedelta(days=31)]).fetchall()
    for (code,) in plans:
        for row in campaign_rows(plan_status(store, str(code), day)):
            if milestone_state(row) != "at_risk":
                continue
            t = row.target
            actual = "chưa có số liệu" if row.actual is None else vn_number(row.actual, 2)
            out.append(Found(f"{code}:{t.code}:{t.unit}:{t.milestone}", t.unit,
                             f"Chỉ tiêu {t.code} ({t.name}) của {row.unit_name}, kế hoạch {code}: "
                             f"{MILESTONE_VI['at_risk']} mốc {t.milestone} (hạn {t.deadline:%d/%m/%Y}); hiện đạt "
                             f"{actual}.", f"/plans/{quote(str(code))}"))
    return out


# kind -> what a rule of that kind finds at a moment
DETECTORS: dict[str, Callable[[Store, AlertRule, datetime], list[Found]]] = {
    "dossier_due_soon": due_soon, "dossier_overdue": overdue, "task_overdue": task_overdue,
    "index_drop": index_drop, "milestone_at_risk": milestone_at_risk}


def detect(store: Store, rule: AlertRule, at: datetime) -> list[Found]:
    detector = DETECTORS.get(rule.kind)
    if detector is None:
        raise InvalidValue(f"alert rule {rule.id} ({rule.origin}): kind", rule.kind, " | ".join(DETECTORS))
    return detector(store, rule, at)
