"""The annex tables of a review: rankings, targets by band, overdue dossiers by unit."""

from chiso.domain.forecast import OUTLOOK_VI
from chiso.domain.targets import BAND_VI
from chiso.engine.index import Ranked
from chiso.engine.plans import MILESTONE_VI, PlanStatus, milestone_state
from chiso.reports.document import Cell, Table
from chiso.reports.phrases import PEER_NOUN
from chiso.reports.review import Review


def ranking_table(review: Review, kind: str, ranked: list[Ranked], number: str) -> Table:
    groups = [g.code for g in review.definition.groups]
    names = [review.definition.group(g).name_vi for g in groups]
    rows: list[list[Cell]] = []
    for r in ranked:
        scores: list[Cell] = [None if g.score is None else float(g.score) for g in r.score.groups]
        rows.append([r.rank, r.name, float(r.total), *scores,
                     None if r.change_previous is None else float(r.change_previous),
                     None if r.change_last_year is None else float(r.change_last_year), r.band or ""])
    noun = PEER_NOUN.get(kind, "đơn vị")
    return Table(
        f"Phụ lục {number}. Chỉ số phục vụ người dân, doanh nghiệp (766) của các {noun}, {review.period_vi}",
        f"PL{number} Xếp hạng {noun}"[:31],
        ["Hạng", "Đơn vị", "Tổng điểm", *names, "± kỳ trước", "± cùng kỳ", "Nhóm"],
        ["int", "text", "dec2", *["dec2"] * len(groups), "signed2", "signed2", "text"],
        rows, widths=[0.7, 3.0, 0.9, *[0.9] * len(groups), 0.9, 0.9, 2.3])


def target_table(status: PlanStatus, number: str) -> Table:
    rows: list[list[Cell]] = []
    order = {b: i for i, b in enumerate(BAND_VI)}
    ranked = sorted(status.rows, key=lambda r: (order.get(r.band, 99) if r.band else 100, r.target.code,
                                                r.target.unit))
    for r in ranked:
        rows.append([r.target.code, r.target.name, r.unit_name, r.target.value, r.actual,
                     r.assessed.attainment, BAND_VI[r.band].capitalize() if r.band else "Chưa có số liệu",
                     OUTLOOK_VI[r.forecast.outlook] if r.forecast else "", r.gap])
    return Table(
        f"Phụ lục {number}. Chỉ tiêu {status.plan.name} theo mức độ hoàn thành, đến ngày "
        f"{status.at:%d/%m/%Y}",
        f"PL{number} Chỉ tiêu {status.plan.code}".replace("/", "-")[:31],
        ["Mã", "Chỉ tiêu", "Đơn vị", "Chỉ tiêu giao", "Thực hiện", "Tỷ lệ đạt (%)", "Mức độ", "Dự báo",
         "Còn thiếu"],
        ["text", "text", "text", "dec2", "dec2", "pct1", "text", "text", "text"], rows,
        widths=[1.0, 3.0, 1.8, 0.9, 0.9, 0.9, 1.2, 1.0, 3.0])


def campaign_table(status: PlanStatus, number: str) -> Table:
    """Per unit: milestones reached, missed, at risk and on track (a campaign has one target per unit)."""
    states = ("reached", "missed", "at_risk", "on_track", "no_data")
    per_unit: dict[str, dict[str, int]] = {}
    for r in status.rows:
        counts = per_unit.setdefault(r.unit_name, dict.fromkeys(states, 0))
        counts[milestone_state(r)] += 1
    ranked = sorted(per_unit.items(), key=lambda kv: (-kv[1]["missed"], -kv[1]["at_risk"], kv[0]))
    rows: list[list[Cell]] = [[i + 1, name, *[c[s] for s in states]] for i, (name, c) in enumerate(ranked)]
    total: list[Cell] = [None, "Tổng cộng", *[sum(c[s] for c in per_unit.values()) for s in states]]
    return Table(
        f"Phụ lục {number}. Kết quả các mốc {status.plan.name} theo đơn vị, đến ngày {status.at:%d/%m/%Y}",
        f"PL{number} Mốc {status.plan.code}".replace("/", "-")[:31],
        ["STT", "Đơn vị", *[MILESTONE_VI[s].capitalize() for s in states]],
        ["int", "text", "int", "int", "int", "int", "int"], rows, total, widths=[0.5, 3.5, 1, 1, 1.3, 1, 1])


def overdue_table(review: Review, number: str) -> Table:
    rows: list[list[Cell]] = [[i + 1, x.unit.name, PEER_NOUN.get(x.unit.kind, x.unit.kind), x.handled, x.late,
                               x.overdue] for i, x in enumerate(review.loads)]
    total: list[Cell] = [None, "Tổng cộng", None, sum(x.handled for x in review.loads),
                         sum(x.late for x in review.loads), sum(x.overdue for x in review.loads)]
    return Table(f"Phụ lục {number}. Hồ sơ giải quyết trễ hạn và đang quá hạn theo đơn vị, {review.period_vi}",
                 f"PL{number} Hồ sơ quá hạn"[:31],
                 ["STT", "Đơn vị", "Cấp", "Hồ sơ giải quyết", "Trễ hạn", "Đang quá hạn"],
                 ["int", "text", "text", "int", "int", "int"], rows, total, widths=[0.5, 3.5, 1.2, 1.2, 1, 1])


def task_table(review: Review, number: str) -> Table:
    rows: list[list[Cell]] = [[i + 1, u.name, c.total, c.by_status["done_on_time"], c.by_status["done_late"],
                               c.by_status["not_due"] + c.by_status["in_progress"], c.by_status["overdue"],
                               c.on_time_rate] for i, (u, c) in enumerate(review.task_units)]
    whole = review.tasks
    total: list[Cell] | None = None if whole is None else [
        None, "Tổng cộng", whole.total, whole.by_status["done_on_time"], whole.by_status["done_late"],
        whole.by_status["not_due"] + whole.by_status["in_progress"], whole.by_status["overdue"], whole.on_time_rate]
    return Table(f"Phụ lục {number}. Tình hình thực hiện nhiệm vụ theo cơ quan chủ trì, {review.period_vi}",
                 f"PL{number} Nhiệm vụ"[:31],
                 ["STT", "Cơ quan chủ trì", "Nhiệm vụ theo dõi", "Hoàn thành đúng hạn", "Hoàn thành quá hạn",
                  "Đang thực hiện trong hạn", "Quá hạn", "Tỷ lệ đúng hạn (%)"],
                 ["int", "text", "int", "int", "int", "int", "int", "pct1"], rows, total,
                 widths=[0.5, 3.2, 1, 1, 1, 1, 0.9, 1])


def results_table(review: Review, number: str) -> Table:
    verdicts = {"commend": "đề xuất khen thưởng", "remind": "đề nghị nhắc nhở"}
    rows: list[list[Cell]] = []
    for c in review.cards:
        parts = c.parts
        rows.append([c.rank, c.name, c.result.score, c.total_766, parts["targets_met"], parts["tasks_on_time"],
                     parts["apology_sent"], c.overdue, verdicts.get(c.verdict or "", "")])
    return Table(f"Phụ lục {number}. Kết quả thực hiện nhiệm vụ của các sở, ban, ngành, {review.period_vi} "
                 "(trọng số theo cấu hình của tỉnh, mang tính minh họa)", f"PL{number} Kết quả đơn vị"[:31],
                 ["Hạng", "Đơn vị", "Điểm tổng hợp", "Điểm 766", "Chỉ tiêu đạt (%)", "Nhiệm vụ đúng hạn (%)",
                  "Có thư xin lỗi (%)", "Hồ sơ quá hạn", "Đề xuất"],
                 ["int", "text", "dec2", "dec2", "pct1", "pct1", "pct1", "int", "text"], rows,
                 widths=[0.6, 3, 1, 1, 1, 1, 1, 0.9, 1.4])


def annexes(review: Review) -> list[Table]:
    numerals = iter(("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV",
                     "XVI", "XVII", "XVIII", "XIX", "XX"))
    out = []
    for kind, ranked in (("department", review.departments), ("commune", review.communes)):
        if ranked:
            out.append(ranking_table(review, kind, ranked, next(numerals)))
    for status in review.plans:
        milestones = any(r.target.milestone for r in status.rows)
        out.append((campaign_table if milestones else target_table)(status, next(numerals)))
    if review.loads:
        out.append(overdue_table(review, next(numerals)))
    if review.task_units:
        out.append(task_table(review, next(numerals)))
    if any(c.result.score is not None for c in review.cards):
        out.append(results_table(review, next(numerals)))
    return out
