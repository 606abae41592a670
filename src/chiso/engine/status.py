"""The status of every dossier at a moment, as one vectorised SQL expression (deadlines.md).

Mirrors chiso.domain.status.status_at; tests check that both agree.
"""

from datetime import datetime

from chiso.domain.settings import Settings

END = ("coalesce(d.finished_at, d.returned_at, CASE WHEN d.state IN ('refused', 'stopped', 'withdrawn') "
       "THEN d.state_at END)")


def due_expr(settings: Settings) -> str:
    return {
        "computed": "d.due_at_computed",
        "synchronised": "d.due_at",
        "synchronised_else_computed": "coalesce(d.due_at, d.due_at_computed)",
    }[settings.due_source]


def status_relation(settings: Settings, at: datetime, open_only: bool = False) -> str:
    """SQL selecting every dossier received by ``at`` with its ``due`` and ``status`` at ``at``; ``open_only``:
    only those still open at ``at`` (statuses open_within and open_overdue), left out while scanning."""
    stamp = f"TIMESTAMP '{at:%Y-%m-%d %H:%M:%S}'"
    still_open = f" AND ({END} IS NULL OR {END} > {stamp})" if open_only else ""
    due = due_expr(settings)
    limit = settings.max_supplements_on_time
    return f"""
SELECT d.*, {due} AS due, CASE
    WHEN {due} IS NULL THEN NULL
    WHEN {END} IS NOT NULL AND {END} <= {stamp} THEN CASE
        WHEN coalesce(s.requests, 0) > {limit} OR {END} > {due} THEN 'late'
        WHEN CAST({END} AS DATE) < CAST({due} AS DATE) THEN 'early'
        ELSE 'on_time' END
    WHEN coalesce(s.requests, 0) > {limit} THEN 'open_overdue'
    WHEN coalesce(s.waiting, FALSE) OR {stamp} <= {due} THEN 'open_within'
    ELSE 'open_overdue' END AS status
FROM dossiers d LEFT JOIN (
    SELECT number, count(*) FILTER (WHERE start_at <= {stamp}) AS requests,
        bool_or(start_at <= {stamp} AND (end_at IS NULL OR end_at > {stamp})) AS waiting
    FROM dossier_stops WHERE kind = 'supplement' GROUP BY number) s ON s.number = d.number
WHERE d.received_at <= {stamp}{still_open}
"""
