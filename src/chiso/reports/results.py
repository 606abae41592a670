"""Section I of a review: the index, dossier handling, plans and campaigns, said from the figures."""

from chiso.domain.filter_text import filter_vi
from chiso.domain.formatting import vn_number, vn_percent
from chiso.domain.periods import label_vi
from chiso.domain.targets import summary_sentence
from chiso.engine.compute import Tally
from chiso.engine.index import Ranked
from chiso.engine.plans import PlanStatus, TargetStatus, milestone_state
from chiso.reports.document import Block, Para
from chiso.reports.phrases import PEER_NOUN, day, join, lower_first, points, sentence, versus
from chiso.reports.review import Review, Trace

INDEX = "Bộ chỉ số"  # how a trace names the index it comes from
BY_STATUS = "mẫu số của ON_TIME, theo tình trạng"


class Cite:
    """Collects the trace of every figure a sentence states."""

    def __init__(self, review: Review) -> None:
        self.review = review
        self.traces: list[Trace] = []

    def index(self, ref: str, label: str, value: str, r: Ranked, period: str) -> str:
        d = self.review.definition
        self.traces.append(Trace(ref, label, value, period, f"{INDEX} {d.id}", d.version, d.origin,
                                 f"đơn vị {r.code} và các đơn vị trực thuộc", source="provisional" if
                                 r.score.provisional else "computed"))
        return value

    def tally(self, ref: str, label: str, value: str, t: Tally, period: str, unit: str) -> str:
        i = t.indicator
        self.traces.append(Trace(ref, label, value, period, i.id, i.version, i.origin,
                                 f"tử số: {filter_vi(i.numerator)}; mẫu số: {filter_vi(i.denominator)}; "
                                 f"đơn vị {unit} và các đơn vị trực thuộc", t.numerator, t.denominator))
        return value

    def plain(self, ref: str, label: str, value: str, definition: str, period: str, filters: str = "",
              numerator: int | None = None, denominator: int | None = None, source: str = "computed") -> str:
        version = origin = ""
        if definition.startswith(INDEX):
            version, origin = self.review.definition.version, self.review.definition.origin
        self.traces.append(Trace(ref, label, value, period, definition, version, origin, filters, numerator,
                                 denominator, source))
        return value


def who(review: Review) -> str:
    return "Toàn tỉnh" if review.is_province else review.subject.name


def national_section(review: Review, cite: Cite) -> list[Block]:
    """The province among provinces, in the latest table of each national index published by the period's end."""
    from chiso.domain.rankings import sentence_vi

    out: list[Block] = []
    for place in review.national:
        table, s = place.table, place.standing
        cite.plain(f"I.0.{table.index}", f"Xếp hạng {table.index} {table.period.label}", f"{s.rank}/{s.of}",
                   f"Bảng xếp hạng {table.index} do cơ quan trung ương công bố" + (f" ({table.source})"
                                                                                   if table.source else ""),
                   table.period.label, source="reported")
        previous = label_vi(place.previous.period) if place.previous else None
        out.append(Para(sentence("Theo kết quả công bố, " + lower_first(sentence_vi(
            s, table.name, label_vi(table.period), previous, "của tỉnh")))))
    return out


def index_section(review: Review, cite: Cite) -> list[Block]:
    r, p = review.headline, review.period
    total = cite.index("I.1", "Tổng điểm chỉ số 766", points(r.total), r, p.label)
    said = [f"{who(review)} đạt {total}/100 điểm Bộ chỉ số {review.period_vi}"]
    if review.headline.rank is not None and not review.is_province:
        rank = cite.plain("I.1.rank", "Xếp hạng", f"{r.rank}/{review.peers}", f"{INDEX} {review.definition.id}",
                          p.label, f"so với các {PEER_NOUN.get(review.subject.kind, 'đơn vị')} cùng cấp trên")
        said.append(f", xếp thứ {rank} {PEER_NOUN.get(review.subject.kind, 'đơn vị')}")
    changes = [versus(r.change_previous, label_vi(review.previous)),
               versus(r.change_last_year, f"cùng kỳ năm {review.last_year.end.year}")]
    if any(changes):
        said.append(" (" + join([c for c in changes if c]) + ")")
    if r.previous is not None:
        cite.plain("I.1.prev", "Tổng điểm kỳ trước", points(r.previous), f"{INDEX} {review.definition.id}",
                   review.previous.label)
    if r.last_year is not None:
        cite.plain("I.1.ly", "Tổng điểm cùng kỳ năm trước", points(r.last_year), f"{INDEX} {review.definition.id}",
                   review.last_year.label)
    blocks: list[Block] = [Para(sentence("".join(said)))]
    groups = []
    for g in r.score.groups:
        name = review.definition.group(g.code).name_vi
        value = cite.plain(f"I.1.{g.code}", f"Nhóm {name}", f"{points(g.score)}/{points(g.maximum)}",
                           f"{INDEX} {review.definition.id}, nhóm {g.code}", p.label, source=g.source)
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


def _against_target(review: Review, code: str, value: float, named: set[str]) -> str | None:
    """"vượt chỉ tiêu Kế hoạch … giao (50%)" when a plan of the report gives the subject a target on ``code``;
    a plan already named (``named``) is then "kế hoạch" only."""
    found = review.target_for(code)
    if found is None:
        return None
    status, row = found
    target, higher = row.target.value, row.target.direction == "higher"
    plan = "kế hoạch" if status.plan.code in named else plan_title(status)
    named.add(status.plan.code)
    where = f"chỉ tiêu {plan} giao ({vn_percent(target)})"
    if (value > target) if higher else (value < target):
        return f"vượt {where}"
    if value == target:
        return f"đạt {where}"
    gap = abs(value - target)
    return f"chưa đạt {where}, còn {'thiếu' if higher else 'cao hơn'} {vn_number(gap, 1)} điểm phần trăm"


def _rate(review: Review, cite: Cite, code: str, now: Tally | None, last: Tally | None,
          named: set[str]) -> str | None:
    if now is None or now.value is None:
        return None
    name = lower_first(now.indicator.name_vi)
    value = cite.tally(f"I.2.{code}", now.indicator.name_vi, vn_percent(now.value), now, review.period.label,
                       review.subject.code)
    said = [f"{name} đạt {value}"]
    against = _against_target(review, code, now.value, named)
    if against:
        said.append(against)
    if last is not None and last.value is not None:
        cite.tally(f"I.2.{code}.ly", now.indicator.name_vi + " (cùng kỳ)", vn_percent(last.value), last,
                   review.last_year.label, review.subject.code)
        said.append(versus(now.value - last.value, f"cùng kỳ năm {review.last_year.end.year}", "điểm phần trăm", 1)
                    or "")
    return ", ".join(x for x in said if x)


STATUS_PARTS = (("early", "trước hạn"), ("on_time", "đúng hạn"), ("late", "trễ hạn"))
OPEN_PARTS = (("open_within", "trong hạn"), ("open_overdue", "quá hạn"))


def dossier_section(review: Review, cite: Cite) -> list[Block]:
    """Received, finished (early, on time, late) and still open (within time, overdue), as provinces report them;
    then each headline rate against its target and the same period last year."""
    on_time, online = review.rates["ON_TIME"][0], review.rates["ONLINE_RATE"][0]
    if on_time is None or not on_time.denominator:
        return [Para(f"{who(review)} không có hồ sơ được giải quyết trong kỳ.")]
    counts, label = review.by_status, review.period.label

    def count(key: str, text: str) -> str:
        return cite.plain(f"I.2.{key}", f"Số hồ sơ {text}", vn_number(counts.get(key, 0)),
                          BY_STATUS, label, filter_vi(f"status == '{key}'"), counts.get(key, 0))

    parts = []
    if online is not None and online.denominator:
        received = cite.plain("I.2.received", "Số hồ sơ tiếp nhận trong kỳ", vn_number(online.denominator),
                              "mẫu số của ONLINE_RATE", label, "tiếp nhận trong kỳ", online.denominator)
        parts.append(f"tiếp nhận {received} hồ sơ (trực tuyến {vn_number(online.numerator)} hồ sơ, chiếm "
                     f"{vn_percent(online.value or 0)})")
    finished = sum(counts.get(k, 0) for k, _ in STATUS_PARTS)
    still = sum(counts.get(k, 0) for k, _ in OPEN_PARTS)
    done = cite.plain("I.2.finished", "Số hồ sơ đã giải quyết", vn_number(finished), BY_STATUS,
                      label, filter_vi("status in ('early', 'on_time', 'late')"), finished)
    parts.append(f"đã giải quyết {done} hồ sơ ({', '.join(f'{t} {count(k, t)}' for k, t in STATUS_PARTS)})")
    open_now = cite.plain("I.2.open", "Số hồ sơ đang giải quyết", vn_number(still), BY_STATUS,
                          label, filter_vi("status in ('open_within', 'open_overdue')"), still)
    parts.append(f"đang giải quyết {open_now} hồ sơ ({', '.join(f'{t} {count(k, t)}' for k, t in OPEN_PARTS)})")
    blocks: list[Block] = [Para(sentence(f"Trong kỳ, {lower_first(who(review))} " + "; ".join(parts)))]
    named: set[str] = set()
    rates = [s for code, (now, _prev, last) in review.rates.items()
             if (s := _rate(review, cite, code, now, last, named))]
    if rates:
        blocks.append(Para(sentence("; ".join(rates))))
    return blocks


def de_an_06_section(review: Review, cite: Cite) -> list[Block]:
    """Đề án 06: use of the population data in handling dossiers, online payment, and the plan targets on
    electronic identification and cashless payment (matched by the words of report.de_an_06_keywords)."""
    said = []
    for code, tally in review.de_an_06.items():
        if tally is not None and tally.value is not None and tally.denominator:
            value = cite.tally(f"I.06.{code}", tally.indicator.name_vi, vn_percent(tally.value), tally,
                               review.period.label, review.subject.code)
            said.append(f"{lower_first(tally.indicator.name_vi)} đạt {value} "
                        f"({vn_number(tally.numerator)}/{vn_number(tally.denominator)} hồ sơ)")
    payment = review.rates.get("PAYMENT_DOSSIER_ONLINE", (None, None, None))[0]
    if payment is not None and payment.value is not None:
        said.append(f"{lower_first(payment.indicator.name_vi)} đạt {vn_percent(payment.value)}")
    blocks: list[Block] = []
    if said:
        blocks.append(Para(sentence("Việc khai thác, sử dụng dữ liệu dân cư trong giải quyết thủ tục hành chính: "
                                    + "; ".join(said))))
    words = [w.strip().lower() for w in review.de_an_06_keywords.split(";") if w.strip()]
    targets = [(status, row) for status in review.plans for row in status.rows
               if not row.target.milestone and row.actual is not None
               and any(w in row.target.name.lower() for w in words)]
    named: set[str] = set()
    for status, row in targets[: review.top]:
        rate = row.target.name.lower().startswith("tỷ lệ")
        shown = vn_percent(row.actual or 0) if rate else vn_number(row.actual or 0)
        value = cite.plain(f"I.06.{status.plan.code}.{row.target.code}", row.target.name, shown,
                           f"kế hoạch {status.plan.code}, chỉ tiêu {row.target.code}", str(status.at),
                           source=row.source)
        plan = "kế hoạch" if status.plan.code in named else plan_title(status)
        named.add(status.plan.code)
        goal = vn_percent(row.target.value) if rate else vn_number(row.target.value)
        blocks.append(Para(sentence(f"{row.target.name}: đạt {value}, chỉ tiêu {plan} giao {goal} (đạt "
                                    f"{vn_percent(row.assessed.attainment or 0, 1)} chỉ tiêu), tính đến ngày "
                                    f"{day(status.at)}")))
    if not blocks:
        blocks.append(Para("Chưa có số liệu về khai thác dữ liệu dân cư và các chỉ tiêu Đề án 06 trong kỳ."))
    return blocks


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
    summary = cite.plain(f"I.3.{plan.code}", f"Kết quả thực hiện {plan.code}",
                         summary_sentence(status.counts, framing=review.framing),
                         f"kế hoạch {plan.code}", f"{plan.start}..{status.at}",
                         "phân mức theo cấu hình plan.exceeded_from, plan.band_high, plan.band_low")
    blocks: list[Block] = [Para(sentence(f"{name}: tính đến ngày {day(status.at)}, {summary}"))]
    done = [r for r in status.rows if r.band is not None and r.band.value in ("exceeded", "met")]
    if done:
        names = [_achieved(r) for r in sorted(done, key=lambda r: -(r.assessed.attainment or 0))[: review.top]]
        blocks.append(Para(sentence(f"Các chỉ tiêu đạt kết quả cao: {'; '.join(names)}")))
    return blocks


def _achieved(row: TargetStatus) -> str:
    """"tỷ lệ hồ sơ nộp trực tuyến: đạt 112,0% chỉ tiêu"; a lower-is-better target is said as such: "thời gian
    giải quyết trung bình (ngày làm việc): 3,6, thấp hơn mức chỉ tiêu tối đa 5"."""
    name = lower_first(row.target.name)
    if row.target.direction == "lower":
        limit = vn_number(row.target.value, 0 if float(row.target.value).is_integer() else 1)
        return f"{name}: {vn_number(row.actual or 0, 1)}, thấp hơn mức chỉ tiêu tối đa {limit}"
    return f"{name}: đạt {vn_percent(row.assessed.attainment or 0, 1)} chỉ tiêu"


def _units_by_milestone(status: PlanStatus) -> dict[tuple[str, str], dict[str, list[str]]]:
    """(milestone, deadline) -> unit -> the states of its targets at that milestone."""
    out: dict[tuple[str, str], dict[str, list[str]]] = {}
    for r in status.rows:
        if r.target.milestone:
            key = (r.target.milestone, day(r.target.deadline))
            out.setdefault(key, {}).setdefault(r.target.unit, []).append(milestone_state(r))
    return out


def _unit_state(states: list[str]) -> str:
    """A unit reaches a milestone when every one of its targets there is reached; it misses it if one is missed."""
    for state in ("missed", "at_risk", "no_data", "on_track"):
        if state in states:
            return state
    return "reached"


def campaign_section(status: PlanStatus, name: str, cite: Cite) -> list[Block]:
    """Campaigns counted by unit, as provinces report them ("80/155 đơn vị đạt mốc 50 ngày")."""
    said = []
    ordered = sorted(_units_by_milestone(status).items(), key=lambda kv: kv[0][1][::-1])
    for (milestone, deadline), units in ordered:
        states = [_unit_state(s) for s in units.values()]
        n = len(states)
        targets = max(len(s) for s in units.values())
        label = f"mốc {milestone} ngày ({deadline})" if milestone.isdigit() else f"mốc {milestone} ({deadline})"
        every = f" cả {targets} chỉ tiêu" if targets > 1 else ""
        reached, missed = states.count("reached"), states.count("missed")
        if reached + missed:
            text = cite.plain(f"I.4.{status.plan.code}.{milestone}", f"{status.plan.code} {label}",
                              f"{vn_number(reached)}/{vn_number(n)} đơn vị đạt{every}, {vn_number(missed)} đơn vị "
                              "chưa đạt", f"kế hoạch {status.plan.code}", str(status.at),
                              "đơn vị đạt mọi chỉ tiêu của mốc", reached, n)
            said.append(f"{label}: {text}")
        else:
            on_track, at_risk = states.count("on_track"), states.count("at_risk")
            text = cite.plain(f"I.4.{status.plan.code}.{milestone}", f"{status.plan.code} {label}",
                              f"{vn_number(on_track)}/{vn_number(n)} đơn vị đúng tiến độ, {vn_number(at_risk)} đơn vị "
                              "có nguy cơ không đạt", f"kế hoạch {status.plan.code}", str(status.at),
                              "dự báo đến mốc", on_track, n)
            said.append(f"{label}, chưa đến hạn: {text}")
    return [Para(sentence(f"{name}, tính đến ngày {day(status.at)}: " + "; ".join(said)))]


def task_section(review: Review, cite: Cite) -> list[Block]:
    """What was done of the tasks assigned: "… giao x nhiệm vụ; đã hoàn thành y (đúng hạn …)"."""
    counts = review.tasks
    if counts is None:
        return []
    from chiso.engine.tasks import sentence_vi

    text = sentence_vi(counts, "Ủy ban nhân dân tỉnh" if review.is_province else review.subject.name)
    rate = "" if counts.on_time_rate is None else vn_percent(counts.on_time_rate)
    cite.plain("I.tasks", "Nhiệm vụ hoàn thành đúng hạn trong số nhiệm vụ đến hạn trong kỳ",
               rate or f"{vn_number(counts.done)}/{vn_number(counts.total)}", TASKS, review.period.label,
               "nhiệm vụ do đơn vị và các đơn vị trực thuộc chủ trì", counts.due_on_time, counts.due)
    return [Para(text)]


TASKS = "Danh mục nhiệm vụ (chiso tasks), tình trạng tại cuối kỳ"


def achievement_section(review: Review, cite: Cite) -> list[Block]:
    """The period's models, initiatives, dialogue conferences (recommendations answered) and awards."""
    found = review.achievements
    if found is None:
        return []
    from chiso.engine.achievements import sentence_vi as achievements_vi

    if found.received:
        cite.plain("I.dialogue", "Kiến nghị tại hội nghị đối thoại đã được trả lời",
                   vn_percent(100.0 * found.answered / found.received), "RECOMMENDATIONS_ANSWERED",
                   review.period.label, "hội nghị đối thoại của đơn vị và các đơn vị trực thuộc", found.answered,
                   found.received)
    names = {u.code: u.name for u in review.index.units.by_code.values()}
    return [Para(sentence(achievements_vi(found, names, review.top)))]
