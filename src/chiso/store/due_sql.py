"""Due moments for many dossiers at once: the rule of chiso.domain.due as joins on the working-day index.

``due_select(src, stops)`` returns SQL selecting ``number, due_at_computed`` for every row of ``src``
(columns number, procedure_code, received_at) given ``stops`` (number, start_at, end_at).
"""

from chiso.domain.due import DueRules


def _minutes_of_day(ts: str) -> str:
    return f"((epoch({ts}) - epoch(date_trunc('day', {ts}))) / 60.0)"


def _elapsed(ts: str, rules: DueRules) -> str:
    at = _minutes_of_day(ts)
    parts = []
    for start, end in rules.office.intervals:
        s, e = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        parts.append(f"least(greatest({at} - {s}, 0), {e - s})")
    return "(" + " + ".join(parts) + ")"


def _position(ts: str, cal: str, rules: DueRules) -> str:
    per_day = rules.office.minutes_per_day
    return (
        f"(({cal}.wd_seq - CASE WHEN {cal}.is_workday THEN 1 ELSE 0 END) * {per_day}"
        f" + CASE WHEN {cal}.is_workday THEN {_elapsed(ts, rules)} ELSE 0 END)"
    )


def _clock_seconds(rest: str, rules: DueRules) -> str:
    """Seconds after midnight at which ``rest`` office minutes of a day have passed."""
    branches, used = [], 0
    for start, end in rules.office.intervals:
        s, e = start.hour * 60 + start.minute, end.hour * 60 + end.minute
        branches.append(f"WHEN {rest} <= {used + e - s} THEN round(({s} + {rest} - {used}) * 60)")
        used += e - s
    last = rules.office.intervals[-1][1]
    return f"CAST(CASE {' '.join(branches)} ELSE {(last.hour * 60 + last.minute) * 60} END AS BIGINT)"


def due_select(src: str, stops: str, rules: DueRules) -> str:
    per_day = rules.office.minutes_per_day
    opening = rules.office.opening.hour * 3600 + rules.office.opening.minute * 60
    day_end = rules.day_end.hour * 3600 + rules.day_end.minute * 60 + rules.day_end.second
    return f"""
WITH base AS (
    SELECT d.number, d.received_at, p.limit_value AS n, p.limit_unit AS u, p.cutoff
    FROM {src} d JOIN procedures p ON p.code = d.procedure_code
),
eff AS (
    SELECT b.number, b.n, b.u,
        CASE WHEN b.cutoff IS NOT NULL AND CAST(b.received_at AS TIME) > b.cutoff
             THEN CAST(w1.day AS TIMESTAMP) + to_seconds({opening})
             ELSE b.received_at END AS start_at
    FROM base b
    JOIN calendar_days c0 ON c0.day = CAST(b.received_at AS DATE)
    LEFT JOIN workdays w1 ON w1.wd_seq = c0.wd_seq + 1
),
shift AS (
    SELECT t.number,
        sum(ce.wd_seq - cs.wd_seq) AS wd,
        sum(date_diff('day', CAST(t.start_at AS DATE), CAST(t.end_at AS DATE))) AS days,
        sum(epoch(t.end_at) - epoch(t.start_at)) AS secs,
        sum({_position("t.end_at", "ce", rules)} - {_position("t.start_at", "cs", rules)}) AS mins
    FROM {stops} t
    JOIN calendar_days cs ON cs.day = CAST(t.start_at AS DATE)
    JOIN calendar_days ce ON ce.day = CAST(t.end_at AS DATE)
    WHERE t.end_at IS NOT NULL
    GROUP BY t.number
),
pos AS (
    SELECT e.number, e.n, e.u, e.start_at, c.wd_seq, c.is_workday,
        coalesce(s.wd, 0) AS shift_wd, coalesce(s.secs, 0) AS shift_secs,
        {_position("e.start_at", "c", rules)} + e.n * 60 + coalesce(s.mins, 0) AS p,
        CASE e.u
            WHEN 'days' THEN CAST(e.start_at AS DATE) + CAST(e.n + coalesce(s.days, 0) AS INTEGER)
            WHEN 'months' THEN CAST(CAST(e.start_at AS DATE) + to_months(e.n) AS DATE)
                               + CAST(coalesce(s.days, 0) AS INTEGER)
        END AS raw_day
    FROM eff e
    JOIN calendar_days c ON c.day = CAST(e.start_at AS DATE)
    LEFT JOIN shift s ON s.number = e.number
),
target AS (
    SELECT x.*,
        x.p - floor(x.p / {per_day}) * {per_day} AS part,
        CASE
            WHEN x.u = 'working_days' THEN
                CASE WHEN x.n = 0 THEN x.wd_seq + CASE WHEN x.is_workday THEN 0 ELSE 1 END
                     ELSE x.wd_seq + x.n END + x.shift_wd
            WHEN x.u IN ('days', 'months') THEN cr.wd_seq + CASE WHEN cr.is_workday THEN 0 ELSE 1 END
            WHEN x.u = 'working_hours' THEN
                CAST(floor(x.p / {per_day}) AS INTEGER)
                + CASE WHEN x.p - floor(x.p / {per_day}) * {per_day} = 0 THEN 0 ELSE 1 END
        END AS tseq
    FROM pos x LEFT JOIN calendar_days cr ON cr.day = x.raw_day
)
SELECT t.number,
    CASE
        WHEN t.u = 'hours' THEN t.start_at + to_hours(CAST(t.n AS BIGINT))
                                + to_microseconds(CAST(round(t.shift_secs * 1000000) AS BIGINT))
        WHEN t.u = 'working_hours' THEN
            CASE WHEN t.p <= 0 THEN t.start_at
                 ELSE CAST(wd.day AS TIMESTAMP)
                      + to_seconds({_clock_seconds(f"(CASE WHEN t.part = 0 THEN {per_day} ELSE t.part END)", rules)})
            END
        ELSE CAST(wd.day AS TIMESTAMP) + to_seconds({day_end})
    END AS due_at_computed
FROM target t LEFT JOIN workdays wd ON wd.wd_seq = t.tseq
"""
