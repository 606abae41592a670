"""Sections II (shortcomings and causes) and III (tasks for the next period), said from the figures."""

from chiso.domain.formatting import vn_number, vn_percent
from chiso.domain.targets import TargetBand
from chiso.engine.plans import PlanStatus, milestone_state
from chiso.reports.document import Block, Para
from chiso.reports.phrases import PEER_NOUN, day, join, lower_first, moment, points, sentence
from chiso.reports.results import INDEX, Cite, who
from chiso.reports.review import Review

LAGGING = (TargetBand.UNDER_50, TargetBand.FROM_50_TO_70, TargetBand.ABOVE_70)


def _lagging_targets(status: PlanStatus, top: int) -> list[str]:
    rows = [r for r in status.rows if not r.target.milestone and r.band in LAGGING]
    rows.sort(key=lambda r: r.assessed.attainment or 0)
    return [f"{lower_first(r.target.name)} (đạt {vn_percent(r.assessed.attainment or 0, 1)} chỉ tiêu; {r.gap})"
            for r in rows[:top]]


def _missed_units(status: PlanStatus, top: int) -> list[str]:
    missed: dict[str, int] = {}
    for r in status.rows:
        if r.target.milestone and milestone_state(r) in ("missed", "at_risk"):
            missed[r.unit_name] = missed.get(r.unit_name, 0) + 1
    return [name for name, _ in sorted(missed.items(), key=lambda kv: (-kv[1], kv[0]))[:top]]


def shortcomings(review: Review, cite: Cite) -> list[Block]:
    blocks: list[Block] = []
    lost = review.lost_most()
    if lost:
        items = []
        for m in lost:
            ratio = f"đạt {vn_percent(100 * m.ratio, 1)}, " if m.ratio is not None else ""
            value = cite.plain(f"II.1.{m.code}", f"Điểm bị mất: {m.code}", points(m.lost),
                               f"{INDEX} {review.definition.id}, tiêu chí {m.code}", review.period.label,
                               numerator=m.numerator, denominator=m.denominator, source=m.source)
            items.append(f"{lower_first(review.metric_name(m.code))} ({ratio}{points(m.score)}/{points(m.maximum)} "
                         f"điểm, mất {value} điểm)")
        blocks.append(Para(sentence("Các tiêu chí của Bộ chỉ số bị mất nhiều điểm nhất: " + "; ".join(items))))
    for kind, ranked in (("department", review.departments), ("commune", review.communes)):
        if len(ranked) > 1:
            tail = [x for x in ranked if x.rank is not None][-review.top:][::-1]
            names = [f"{x.name} ({cite.index(f'II.1.low.{x.code}', x.name, points(x.total), x, review.period.label)}"
                     " điểm)" for x in tail]
            blocks.append(Para(sentence(f"Các {PEER_NOUN[kind]} có điểm thấp nhất: {join(names)}")))
    overdue = sum(x.overdue for x in review.loads) if review.loads else _own(review, "OVERDUE_OPEN")
    late = sum(x.late for x in review.loads) if review.loads else _own(review, "LATE_FINISHED")
    if overdue or late:
        at = review.period.status_moment(review.moment)
        said = cite.plain("II.1.overdue", "Hồ sơ đang giải quyết quá hạn", vn_number(overdue), "OVERDUE_OPEN",
                          review.period.label, numerator=overdue)
        text = f"Tại thời điểm {moment(at)}, {lower_first(who(review))} còn {said} hồ sơ đang giải quyết quá hạn"
        worst = [x for x in review.loads if x.overdue][: review.top]
        if worst:
            text += ", tập trung tại: " + join([f"{x.unit.name} ({vn_number(x.overdue)} hồ sơ)" for x in worst])
        said = cite.plain("II.1.late", "Hồ sơ giải quyết trễ hạn", vn_number(late), "LATE_FINISHED",
                          review.period.label, numerator=late)
        text += f"; trong kỳ có {said} hồ sơ giải quyết trễ hạn"
        blocks.append(Para(sentence(text)))
    for status in review.plans:
        lagging = _lagging_targets(status, review.top)
        if lagging:
            blocks.append(Para(sentence(f"{status.plan.name}: các chỉ tiêu chưa đạt: " + "; ".join(lagging))))
        missed = _missed_units(status, review.top)
        if missed:
            blocks.append(Para(sentence(f"{status.plan.name}: các đơn vị chưa đạt hoặc có nguy cơ không đạt mốc "
                                        f"nhiều nhất: {join(missed)}")))
    if review.tasks is not None and (review.tasks.by_status["overdue"] or review.tasks.by_status["done_late"]):
        c = review.tasks
        text = (f"Còn {vn_number(c.by_status['overdue'])} nhiệm vụ quá hạn chưa hoàn thành và "
                f"{vn_number(c.by_status['done_late'])} nhiệm vụ hoàn thành quá hạn")
        behind = [(unit, n) for unit, n in review.task_units if n.by_status["overdue"]][: review.top]
        if behind:
            text += ", tập trung tại: " + join([f"{unit.name} ({vn_number(n.by_status['overdue'])} nhiệm vụ)"
                                                for unit, n in behind])
        blocks.append(Para(sentence(text)))
    if not blocks:
        blocks.append(Para("Không có chỉ tiêu, tiêu chí nào bị mất điểm hoặc chưa đạt trong kỳ."))
    return blocks


def _own(review: Review, code: str) -> int:
    found = review.index.tallies.get((review.subject.code, 0), {}).get(code)
    return found.numerator if found else 0


def causes(review: Review, cite: Cite) -> list[Block]:
    blocks: list[Block] = []
    if review.bottlenecks:
        names = [f"{name} ({vn_number(late)} trễ hạn, {vn_number(overdue)} quá hạn)"
                 for _code, name, late, overdue in review.bottlenecks[: review.top]]
        cite.plain("II.2.bottlenecks", "Thủ tục có nhiều hồ sơ trễ, quá hạn nhất", "; ".join(names),
                   "LATE_FINISHED, OVERDUE_OPEN theo thủ tục", review.period.label)
        blocks.append(Para(sentence("Hồ sơ trễ hạn, quá hạn tập trung ở các thủ tục: " + "; ".join(names))))
    missing = [review.definition.group(g.code).name_vi for g in review.headline.score.groups
               if g.source in ("provisional", "missing")]
    if missing:
        blocks.append(Para(sentence("Chưa có điểm do Cổng Dịch vụ công quốc gia công bố cho các nhóm: "
                                    f"{join(missing)}; điểm các nhóm này là tạm tính hoặc còn thiếu")))
    if not blocks:
        blocks.append(Para("Số liệu trong kỳ không cho thấy điểm nghẽn tập trung ở thủ tục hoặc đơn vị nào."))
    return blocks


def open_tasks(review: Review) -> list[Block]:
    """The open tasks, overdue first, with their lead units and deadlines (the rest in the annex)."""
    names = {u.code: u.name for u in review.index.units.by_code.values()}
    blocks: list[Block] = []
    for overdue, lead in ((True, "Khẩn trương hoàn thành {n} nhiệm vụ đã quá hạn"),
                          (False, "Tiếp tục thực hiện {n} nhiệm vụ đang trong hạn")):
        rows = [s for s in review.open_tasks if (s.status == "overdue") == overdue]
        if not rows:
            continue
        groups: dict[tuple[str, object], list[str]] = {}  # the same task of several units: said once
        for s in rows:
            task = s.occurrence.task
            groups.setdefault((task.content, s.deadline), []).append(names.get(task.lead_unit, task.lead_unit))
        named = []
        for (content, deadline), leads in list(groups.items())[: review.top]:
            shown = (", ".join(leads[:5]) + f" và {vn_number(len(leads) - 5)} đơn vị khác" if len(leads) > 5
                     else join(leads))
            named.append(f"{lower_first(content)} ({shown}; hạn {day(deadline)})")  # type: ignore[arg-type]
        rest = sum(len(v) for v in list(groups.values())[review.top:])
        more = f"; và {vn_number(rest)} nhiệm vụ khác (phụ lục kèm theo)" if rest else ""
        text = lead.format(n=vn_number(len(rows))) + ": " + "; ".join(named) + more
        blocks.append(Para(sentence(text), "bullet"))
    return blocks


def tasks(review: Review) -> list[Block]:
    blocks: list[Block] = open_tasks(review)
    worst = [x for x in review.loads if x.overdue][: review.top]
    if worst:
        blocks.append(Para(sentence(
            f"{join([x.unit.name for x in worst])} khẩn trương giải quyết dứt điểm "
            f"{vn_number(sum(x.overdue for x in worst))} hồ sơ đang quá hạn, thông báo xin lỗi và hẹn lại "
            "ngày trả kết quả theo quy định"), "bullet"))
    for m in review.lost_most():
        metric = review.definition.metric(m.code)
        indicator = review.index_indicators.get(metric.indicator)
        if m.source != "computed" or m.numerator is None or m.denominator is None or indicator is None:
            continue
        needed = metric.rule.needed_for_full(m.numerator, m.denominator)
        if needed and indicator.action_vi:
            noun = "phản ánh, kiến nghị" if indicator.kind == "feedback_ratio" else "hồ sơ"
            blocks.append(Para(sentence(
                f"Nâng {lower_first(review.metric_name(m.code))}: {indicator.action_vi} "
                f"({vn_number(needed)} {noun} để đạt tối đa {points(m.maximum)} điểm, "
                f"hiện đạt {points(m.score)} điểm)"), "bullet"))
    for status in review.plans:
        open_rows = [r for r in status.rows if not r.final and r.band in LAGGING and not r.target.milestone]
        if open_rows:
            gaps = [f"{lower_first(r.target.name)}: {r.gap}" for r in open_rows[: review.top]]
            blocks.append(Para(sentence(f"Tập trung hoàn thành các chỉ tiêu của {status.plan.name}: "
                                        + "; ".join(gaps)), "bullet"))
        upcoming = sorted({r.target.deadline for r in status.rows if r.target.milestone and not r.final})
        if upcoming:
            blocks.append(Para(sentence(f"Các đơn vị bám sát mốc ngày {day(upcoming[0])} của {status.plan.name}; "
                                        "đơn vị có nguy cơ không đạt báo cáo nguyên nhân và giải pháp"), "bullet"))
    if not blocks:
        blocks.append(Para("Duy trì kết quả đạt được; tiếp tục theo dõi hồ sơ sắp đến hạn.", "bullet"))
    return blocks
