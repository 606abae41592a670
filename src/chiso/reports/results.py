"""Section I of a review: the index, dossier handling, plans and campaigns, said from the figures."""

from chiso.domain.formatting import vn_number, vn_percent
from chiso.domain.periods import label_vi
from chiso.engine.compute import Tally
from chiso.engine.index import Ranked
from chiso.engine.plans import PlanStatus, milestone_state
from chiso.reports.document import Block, Para
from chiso.reports.phrases import PEER_NOUN, day, join, lower_first, points, sentence, versus
from chiso.reports.review import Review, Trace


class Cite:
    """Collects the trace of every figure a sentence states."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.traces: list[Trace] = []

    def index(self, ref: str, label: str, value: str, r: Ranked, period: str) -> str:
        d = self.review.definition
        self.traces.append(Trace(ref, label, value, period, f"index {d.id}", d.version, d.origin,
                                 f"unit {r.code} and its descendants", source="provisional" if
                                 r.score.provisional else "computed"))
        return value

    def tally(self, ref: str, label: str, value: str, t: Tally, period: str, unit: str) -> str:
        i = t.indicator
        self.traces.append(Trace(ref, label, value, period, i.id, i.version, i.origin,
                                 f"numerator: {i.numerator}; denominator: {i.denominator}; unit {unit} and "
                                 "its descendants", t.numerator, t.denominator))
        return value

    def plain(self, ref: str, label: str, value: str, definition: str, period: str, filters: str = "",
              numerator: int | None = None, denominator: int | None = None, source: str = "computed") -> str:
        version = origin = ""
        if definition.startswith("index "):
            version, origin = self.review.definition.version, self.review.definition.origin
        self.traces.append(Trace(ref, label, value, period, definition, version, origin, filters, numerator,
                                 denominator, source))
        return value


def who(review: Review) -> str:
    return "Toàn tỉnh" if review.is_province else review.subject.name


def index_section(review: Review, cite: Cite) -> list[Block]:
    r, p = review.headline, review.period
    total = cite.index("I.1", "Tổng điểm chỉ số 766", points(r.total), r, p.label)
    said = [f"{who(review)} đạt {total}/100 điểm Bộ chỉ số {review.period_vi}"]
    if review.headline.rank is not None and not review.is_province:
        rank = cite.plain("I.1.rank", "Xếp hạng", f"{r.rank}/{review.peers}", f"index {review.definition.id}",
                          p.label, f"peers: {PEER_NOUN.get(review.subject.kind, 'đơn vị')} with the same parent")
        said.append(f", xếp thứ {rank} {PEER_NOUN.get(review.subject.kind, 'đơn vị')}")
    changes = [versus(r.change_previous, label_vi(review.previous)),
               versus(r.change_last_year, f"cùng kỳ năm {review.last_year.end.year}")]
    if any(changes):
        said.append(" (" + join([c for c in changes if c]) + ")")
    if r.previous is not None:
        cite.plain("I.1.prev", "Tổng điểm kỳ trước", points(r.previous), f"index {review.definition.id}",
                   review.previous.label)
    if r.last_year is not None:
        cite.plain("I.1.ly", "Tổng điểm cùng kỳ năm trước", points(r.last_year), f"index {review.definition.id}",
                   review.last_year.label)
    blocks: list[Block] = [Para(sentence("".join(said)))]
    groups = []
    for g in r.score.groups:
        name = review.definition.group(g.code).name_vi
        value = cite.plain(f"I.1.{g.code}", f"Nhóm {name}", f"{points(g.score)}/{points(g.maximum)}",
                           f"index {review.definition.id} group {g.code}", p.label, source=g.source)
        mark = " (tạm tính)" if g.source == "provisional" else (" (chưa có số liệu)" if g.source == "missing"
                                                                else "")
        groups.append(f"{name} đạt {value} điểm{mark}")
    blocks.append(Para(sentence("Theo từng nhóm chỉ số: " + "; ".join(groups))))
    if r.score.provisional:
        blocks.append(Para("Điểm các nhóm ghi “tạm tính” được chiso ước tính từ hồ sơ khi Cổng Dịch vụ công quốc "
                           "gia chưa công bố điểm nhóm; sẽ được thay bằng điểm công bố khi nhập số liệu.", "note"))
    for kind, ranked in (("department", review.departments), ("commune", review.communes)):
        leaders = [x for x in ranked if x.rank is not None][: min(3, review.top)]
        if len(ranked) > 1 and leaders:
            names = [f"{x.name} ({cite.index(f'I.1.top.{x.code}', x.name, points(x.total), x, p.label)} điểm)"
                     for x in leaders]
            blocks.append(Para(sentence(f"Các {PEER_NOUN[kind]} dẫn đầu: {join(names)}")))
    return blocks


def _rate(review: Review, cite: Cite, code: str, now: Tally | None, last: Tally | None) -> str | None:
    if now is None or now.value is None:
        return None
    name = lower_first(now.indicator.name_vi)
    value = cite.tally(f"I.2.{code}", now.indicator.name_vi, vn_percent(now.value), now, review.period.label,
                       review.subject.code)
    said = f"{name} đạt {value}"
    if last is not None and last.value is not None:
        cite.tally(f"I.2.{code}.ly", now.indicator.name_vi + " (cùng kỳ)", vn_percent(last.value), last,
                   review.last_year.label, review.subject.code)
        said += " (" + (versus(now.value - last.value, f"cùng kỳ năm {review.last_year.end.year}",
                               "điểm phần trăm", 1) or "") + ")"
    return said


def dossier_section(review: Review, cite: Cite) -> list[Block]:
    on_time = review.rates["ON_TIME"][0]
    if on_time is None or not on_time.denominator:
        return [Para(f"{who(review)} không có hồ sơ được giải quyết trong kỳ.")]
    handled = cite.plain("I.2.handled", "Số hồ sơ đã và đang giải quyết trong kỳ", vn_number(on_time.denominator),
                         "ON_TIME (denominator)", review.period.label, numerator=on_time.denominator)
    rates = [s for code, (now, _prev, last) in review.rates.items() if (s := _rate(review, cite, code, now, last))]
    return [Para(sentence(f"Trong kỳ, {lower_first(who(review))} giải quyết {handled} hồ sơ thủ tục hành chính; "
                          + "; ".join(rates)))]


def plan_title(status: PlanStatus) -> str:
    """"Kế hoạch chuyển đổi số năm 2024 (số KH-CDS/2024)"."""
    plan = status.plan
    if not plan.document or plan.document in plan.name:
        return plan.name
    return f"{plan.name}, số {plan.document}" if "(" in plan.document else f"{plan.name} (số {plan.document})"


def plan_section(status: PlanStatus, review: Review, cite: Cite) -> list[Block]:
    plan = status.plan
    name = plan_title(status)
    if any(r.target.milestone for r in status.rows):
        return campaign_section(status, name, cite)
    summary = cite.plain(f"I.3.{plan.code}", f"Kết quả thực hiện {plan.code}", status.sentence,
                         f"plan {plan.code}", f"{plan.start}..{status.at}",
                         "bands: plan.exceeded_from, plan.band_high, plan.band_low")
    blocks: list[Block] = [Para(sentence(f"{name}: tính đến ngày {day(status.at)}, {summary}"))]
    done = [r for r in status.rows if r.band is not None and r.band.value in ("exceeded", "met")]
    if done:
        names = [f"{lower_first(r.target.name)} ({vn_percent(r.assessed.attainment or 0, 1)} chỉ tiêu)"
                 for r in sorted(done, key=lambda r: -(r.assessed.attainment or 0))[: review.top]]
        blocks.append(Para(sentence(f"Các chỉ tiêu đạt kết quả cao: {join(names)}")))
    return blocks


def _milestones(status: PlanStatus) -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in status.rows:
        if r.target.milestone:
            key = (r.target.milestone, day(r.target.deadline))
            out.setdefault(key, []).append(milestone_state(r))
    return out


def campaign_section(status: PlanStatus, name: str, cite: Cite) -> list[Block]:
    said = []
    for (milestone, deadline), states in sorted(_milestones(status).items(), key=lambda kv: kv[0][1][::-1]):
        n = len(states)
        reached, missed = states.count("reached"), states.count("missed")
        label = f"mốc {milestone} ngày ({deadline})" if milestone.isdigit() else f"mốc {milestone} ({deadline})"
        if reached + missed:
            text = cite.plain(f"I.4.{status.plan.code}.{milestone}", f"{status.plan.code} {label}",
                              f"{reached}/{n} chỉ tiêu đã đạt, {missed} không đạt", f"plan {status.plan.code}",
                              str(status.at), "milestone targets per unit", reached, n)
            said.append(f"{label}: {text}")
        else:
            on_track, at_risk = states.count("on_track"), states.count("at_risk")
            text = cite.plain(f"I.4.{status.plan.code}.{milestone}", f"{status.plan.code} {label}",
                              f"{on_track}/{n} chỉ tiêu đúng tiến độ, {at_risk} có nguy cơ không đạt",
                              f"plan {status.plan.code}", str(status.at), "forecast to the milestone", on_track, n)
            said.append(f"{label} (chưa đến hạn): {text}")
    return [Para(sentence(f"{name}, tính đến ngày {day(status.at)}: " + "; ".join(said)))]
