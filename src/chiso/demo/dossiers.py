"""Synthetic dossiers of the demo province, generated column by column (no per-row Python)."""

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

from chiso.demo.timeline import campaign_progress, day_weights, days, rate
from chiso.domain.calendar import WorkCalendar

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
DATA_END = np.datetime64("2025-12-31T17:00:00")
OFFICE = np.array([[450, 690], [810, 1020]])  # 07:30-11:30, 13:30-17:00 in minutes


def office_minutes(rng: np.random.Generator, n: int) -> Ints:
    length = OFFICE[:, 1] - OFFICE[:, 0]
    pick = rng.choice(2, size=n, p=length / length.sum())
    out: Ints = (OFFICE[pick, 0] + rng.integers(0, length[pick])).astype(np.int64)
    return out


def timestamps(day: npt.NDArray[np.datetime64], minutes: Ints) -> npt.NDArray[np.datetime64]:
    out: npt.NDArray[np.datetime64] = day.astype("datetime64[s]") + (minutes * 60).astype("timedelta64[s]")
    return out


def as_text(values: npt.NDArray[np.datetime64], valid: Bools) -> pa.Array:
    arr = pa.array(values.astype("datetime64[s]"), pa.timestamp("s"), mask=~valid)
    return pc.strftime(arr, format="%Y-%m-%dT%H:%M:%S")


def flags(values: Bools, known: Bools | None = None) -> pa.Array:
    text = np.where(values, "1", "0")
    return pa.array(text, pa.string(), mask=None if known is None else ~known)


class Catalogue:
    """What the generator needs of units and procedures, as arrays."""

    def __init__(self, unit_codes: list[str], unit_kinds: list[str], proc_codes: list[str], proc_levels: list[str],
                 limit_values: list[int], limit_units: list[str], fees: list[bool | None], online: list[str | None],
                 sectors: list[str]) -> None:
        self.unit_codes = np.array(unit_codes)
        self.is_commune = np.array([k == "commune" for k in unit_kinds])
        self.proc_codes = np.array(proc_codes)
        self.commune_level = np.array([lv == "xã" for lv in proc_levels])
        self.limit_values = np.array(limit_values, dtype=np.int64)
        self.limit_units = np.array(limit_units)
        self.fee = np.array([f is True for f in fees])
        self.fee_unknown = np.array([f is None for f in fees])
        self.online_ok = np.array([o != "none" for o in online])
        self.sectors = np.array(sectors)


@dataclass(frozen=True)
class _Profile:
    """What is drawn once for the whole demo: unit sizes, chronically late units and procedures, procedure mixes."""

    unit_w: npt.NDArray[np.float64]
    late_units: Ints
    late_procs: Ints
    commune_procs: Ints
    commune_p: npt.NDArray[np.float64]
    departments: Ints
    dept_procs: list[tuple[Ints, npt.NDArray[np.float64]]]


def _profile(rng: np.random.Generator, cat: Catalogue) -> _Profile:
    # Units: communes carry 60% of dossiers, departments 40%; sizes vary.
    unit_w = rng.lognormal(0, 0.7, len(cat.unit_codes))
    unit_w[~cat.is_commune] *= 0.4 / unit_w[~cat.is_commune].sum()
    unit_w[cat.is_commune] *= 0.6 / unit_w[cat.is_commune].sum()
    unit_w[0] = 0.0  # the province committee itself receives no dossiers here
    unit_w /= unit_w.sum()
    # Procedures: commune units use commune-level procedures; departments those of their sectors.
    commune_procs = np.flatnonzero(cat.commune_level)
    zipf = 1.0 / np.arange(1, len(commune_procs) + 1) ** 1.1
    province_procs = np.flatnonzero(~cat.commune_level)
    departments = np.flatnonzero(~cat.is_commune)[1:]
    owner = province_procs % len(departments)
    dept_procs = []
    for k in range(len(departments)):
        mine = province_procs[owner == k]
        pw = 1.0 / np.arange(1, len(mine) + 1) ** 1.2
        dept_procs.append((mine, pw / pw.sum()))
    late_units = rng.choice(np.flatnonzero(cat.is_commune), 5, replace=False)
    late_procs = rng.choice(len(cat.proc_codes), 10, replace=False)
    return _Profile(unit_w, late_units, late_procs, commune_procs, zipf / zipf.sum(), departments, dept_procs)


def generate(rng: np.random.Generator, cal: WorkCalendar, cat: Catalogue, total: int) -> pa.Table:
    """All ``total`` dossiers in one table (small demos and benches)."""
    return pa.concat_tables(generate_chunks(rng, cal, cat, total, max_rows=None))


def generate_chunks(rng: np.random.Generator, cal: WorkCalendar, cat: Catalogue, total: int,
                    max_rows: int | None = 500_000) -> Iterator[pa.Table]:
    """The dossiers a window of whole days at a time (at most ``max_rows`` each): memory does not grow with
    ``total``. The same seed gives the same dossiers."""
    span = days()
    span64 = np.array(span, dtype="datetime64[D]")
    seq = np.array([cal.seq(d) for d in span], dtype=np.int64)
    first_seq = seq[0]
    workdays = np.array([cal.workday(int(s)) for s in range(first_seq, seq[-1] + 90)], dtype="datetime64[D]")
    weights = day_weights(cal, span)
    counts = rng.multinomial(total, weights / weights.sum())
    progress_all = campaign_progress(span)
    is_work_all = np.array([cal.is_workday(d) for d in span])
    profile = _profile(rng, cat)
    limit = max_rows or max(total, 1)
    first_line, day = 2, 0
    while day < len(span):
        stop, rows = day, 0
        while stop < len(span) and (stop == day or rows + counts[stop] <= limit):
            rows += int(counts[stop])
            stop += 1
        day_idx = np.repeat(np.arange(day, stop), counts[day:stop])
        if len(day_idx):
            yield _window(rng, cat, profile, day_idx, first_line, span64, seq, first_seq, workdays,
                          progress_all[day_idx], is_work_all[day_idx])
        first_line += len(day_idx)
        day = stop


def _window(rng: np.random.Generator, cat: Catalogue, profile: _Profile, day_idx: Ints, first_line: int,
            span64: npt.NDArray[np.datetime64], seq: Ints, first_seq: int, workdays: npt.NDArray[np.datetime64],
            progress: npt.NDArray[np.float64], is_work: Bools) -> pa.Table:
    n = len(day_idx)
    unit = rng.choice(len(cat.unit_codes), size=n, p=profile.unit_w)
    commune = cat.is_commune[unit]
    proc = np.zeros(n, dtype=np.int64)
    proc[commune] = profile.commune_procs[rng.choice(len(profile.commune_procs), size=int(commune.sum()),
                                                     p=profile.commune_p)]
    departments = profile.departments
    for dept, (mine, pw) in zip(departments, profile.dept_procs, strict=True):
        rows = np.flatnonzero(unit == dept)
        proc[rows] = mine[rng.choice(len(mine), size=len(rows), p=pw)]
    late_units, late_procs = profile.late_units, profile.late_procs

    # Receipt moments: office hours on working days; online submissions any time on days off.
    minutes = np.where(is_work, office_minutes(rng, n), rng.integers(0, 1440, n))
    received = timestamps(span64[day_idx], minutes)

    # Channel: the campaign raises online submission where the procedure is offered online.
    p_online = rate(progress, 0.28, 0.62)
    online = (rng.random(n) < p_online) & cat.online_ok[proc] | ~is_work
    postal = ~online & (rng.random(n) < 0.03)
    channel = np.where(online, "online", np.where(postal, "postal", "direct"))

    # Processing time against the limit; some units and procedures are chronically late.
    p_late = 0.03 + 0.22 * np.isin(unit, late_units) + 0.18 * np.isin(proc, late_procs)
    p_late = p_late + np.where(np.isin(unit, departments[:2]), 0.08, 0.0)
    late = rng.random(n) < p_late
    ratio = np.where(late, 1.0 + rng.exponential(0.35, n) + 0.05, rng.beta(2.2, 3.0, n) * 1.0)
    limit_n = cat.limit_values[proc]
    unit_kind = cat.limit_units[proc]
    span_days = np.maximum(0, np.ceil(limit_n * ratio)).astype(np.int64)
    working = unit_kind == "ngày làm việc"
    finish_seq = seq[day_idx] + span_days - first_seq
    finish_work = workdays[np.clip(finish_seq, 0, len(workdays) - 1)]
    months = unit_kind == "tháng"
    calendar_days = np.where(months, span_days * 30, np.where(np.char.find(unit_kind, "giờ") >= 0, 0, span_days))
    finish_cal = span64[day_idx] + calendar_days.astype("timedelta64[D]")
    finish_day = np.where(working, finish_work, finish_cal)

    # Supplements (the citizen's time moves the finish later) and pauses.
    sup_n = np.where(rng.random(n) < 0.06, 1, 0) + np.where(rng.random(n) < 0.012, 1, 0)
    sup_wait = rng.integers(1, 6, n)
    finish_day = finish_day + (sup_n * sup_wait).astype("timedelta64[D]")
    paused = rng.random(n) < 0.01
    pause_len = rng.integers(2, 10, n)
    finish_day = finish_day + np.where(paused, pause_len, 0).astype("timedelta64[D]")
    finish_day = np.maximum(finish_day, span64[day_idx])
    finished = timestamps(finish_day, office_minutes(rng, n))
    finished = np.maximum(finished, received + np.timedelta64(600, "s"))

    state_roll = rng.random(n)
    state = np.select([state_roll < 0.015, state_roll < 0.02, state_roll < 0.023],
                      ["refused", "withdrawn", "stopped"], "")
    ended = state != ""
    state_at = received + (rng.integers(1, 4, n) * 86400).astype("timedelta64[s]")
    is_open = finished > DATA_END
    has_finish = ~is_open & ~ended
    returned = finished + (rng.integers(0, 3, n) * 86400).astype("timedelta64[s]")
    has_return = has_finish & (rng.random(n) < 0.7) & (returned <= DATA_END)
    state_ok = ended & (state_at <= DATA_END)

    # Supplement and pause texts for the few dossiers that have them.
    req1 = received + np.timedelta64(1, "D")
    sup1 = req1 + (sup_wait * 86400).astype("timedelta64[s]")
    req2 = sup1 + np.timedelta64(1, "D")
    sup2 = req2 + (sup_wait * 86400).astype("timedelta64[s]")
    fmt = "%Y-%m-%dT%H:%M"
    text_req1, text_sup1 = pc.strftime(pa.array(req1, pa.timestamp("s")), format=fmt), pc.strftime(
        pa.array(sup1, pa.timestamp("s")), format=fmt)
    text_req2, text_sup2 = pc.strftime(pa.array(req2, pa.timestamp("s")), format=fmt), pc.strftime(
        pa.array(sup2, pa.timestamp("s")), format=fmt)
    one = pc.binary_join_element_wise(text_req1, " -> ", text_sup1, "")
    two = pc.binary_join_element_wise(one, "; ", text_req2, " -> ", text_sup2, "")
    sup_ok = (sup1 <= DATA_END) & (sup2 <= DATA_END)
    supplements = pc.if_else(pa.array((sup_n == 2) & sup_ok), two, pc.if_else(
        pa.array((sup_n == 1) & (sup1 <= DATA_END)), one, pa.nulls(n, pa.string())))
    p_start = received + np.timedelta64(2, "D")
    p_end = p_start + (pause_len * 86400).astype("timedelta64[s]")
    pause_text = pc.binary_join_element_wise(
        pc.strftime(pa.array(p_start, pa.timestamp("s")), format=fmt), " -> ",
        pc.strftime(pa.array(p_end, pa.timestamp("s")), format=fmt), "")
    pauses = pc.if_else(pa.array(paused & (p_end <= DATA_END)), pause_text, pa.nulls(n, pa.string()))

    # Services rise with the campaign.
    fee = cat.fee[proc] | (cat.fee_unknown[proc] & (rng.random(n) < 0.3))
    paid_online = fee & (rng.random(n) < rate(progress, 0.18, 0.55) * np.where(online, 1.4, 0.6))
    digitized = rng.random(n) < rate(progress, 0.35, 0.8)
    electronic = rng.random(n) < rate(progress, 0.45, 0.75)
    reused = rng.random(n) < rate(progress, 0.08, 0.3)
    personal_store = rng.random(n) < rate(progress, 0.01, 0.06)
    citizen_data = rng.random(n) < rate(progress, 0.5, 0.72)
    synced = rng.random(n) < 0.97
    rated = has_finish & (rng.random(n) < 0.1)
    really_late = late & has_finish
    rating_roll = rng.random(n)
    rating = np.where(rating_roll < np.where(really_late, 0.45, 0.1), "disliked",
                      np.where(rating_roll > 0.98, "complaint", "liked"))
    apology = really_late & (rng.random(n) < 0.6)

    numbers = dossier_numbers(cat.unit_codes[unit], span64[day_idx], received)
    applicant = pc.utf8_lpad(pc.cast(pa.array(rng.integers(1, 10**12, n)), pa.string()), 12, "0")
    return pa.table({
        "_line": pa.array(np.arange(first_line, first_line + n)),
        "number": numbers,
        "procedure": pa.array(cat.proc_codes[proc]),
        "receiving_unit": pa.array(cat.unit_codes[unit]),
        "received_at": as_text(received, np.ones(n, bool)),
        "finished_at": as_text(finished, has_finish),
        "returned_at": as_text(returned, has_return),
        "state": pa.array(state, mask=~state_ok),
        "state_at": as_text(state_at, state_ok),
        "channel": pa.array(channel),
        "fee": flags(fee), "paid_online": flags(paid_online, fee), "digitized_input": flags(digitized),
        "electronic_result": flags(electronic), "reused_data": flags(reused),
        "personal_store_used": flags(personal_store), "citizen_data_used": flags(citizen_data),
        "synced_to_portal": flags(synced), "apology_sent": flags(apology),
        "rating": pa.array(rating, mask=~rated),
        "supplements": supplements, "pauses": pauses,
        "applicant_id": applicant,
    })


def dossier_numbers(units: npt.NDArray[np.str_], day: npt.NDArray[np.datetime64],
                    received: npt.NDArray[np.datetime64]) -> pa.Array:
    """{unit identifier}-{yyMMdd}-{sequence of the day, 4 digits}, as one-stop systems number them."""
    order = np.lexsort((received, day, units))
    key_change = np.ones(len(order), dtype=bool)
    key_change[1:] = (units[order][1:] != units[order][:-1]) | (day[order][1:] != day[order][:-1])
    group_start = np.maximum.accumulate(np.where(key_change, np.arange(len(order)), 0))
    seq = np.empty(len(order), dtype=np.int64)
    seq[order] = np.arange(len(order)) - group_start + 1
    prefix = np.where(np.char.startswith(units, "H21"), units, np.char.add("H21.X", units))
    ymd = pc.strftime(pa.array(day.astype("datetime64[s]"), pa.timestamp("s")), format="%y%m%d")
    tail = pc.utf8_lpad(pc.cast(pa.array(seq), pa.string()), 4, "0")
    return pc.binary_join_element_wise(pa.array(prefix), ymd, tail, "-")

