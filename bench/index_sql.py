"""Reference 1 for the index bench: the 766 counts written by hand as one DuckDB query.

Same semantics as chiso's compiled definitions (handled scope, status at each period's moment, supplements,
distinct procedures rolled up to ancestors), written the way an analyst fluent in DuckDB would.
"""

import duckdb

SQL = """
WITH bounds AS (SELECT min(p_start) AS lo, max(p_end) AS hi FROM chiso_periods),
d AS (
    SELECT number, processing_unit AS unit, procedure_code, received_at, channel, fee, paid_online,
        digitized_input, electronic_result, reused_data, personal_store_used, citizen_data_used, synced_to_portal,
        rating, due_at_computed AS due,
        coalesce(finished_at, returned_at,
                 CASE WHEN state IN ('refused', 'stopped', 'withdrawn') THEN state_at END) AS e
    FROM dossiers, bounds
    WHERE received_at < bounds.hi
      AND coalesce(finished_at, returned_at,
                   CASE WHEN state IN ('refused', 'stopped', 'withdrawn') THEN state_at END,
                   TIMESTAMP '9999-12-31') >= bounds.lo
),
s AS (
    SELECT st.number, p.pid, count(*) AS requests, bool_or(st.end_at IS NULL OR st.end_at > p.p_at) AS waiting
    FROM dossier_stops st JOIN chiso_periods p ON st.start_at <= p.p_at
    WHERE st.kind = 'supplement' GROUP BY ALL
),
x AS (
    SELECT d.*, p.pid, d.received_at >= p.p_start AS rec, pr.fee AS pfee, pr.online_level IN ('partial', 'full') AS pon,
        CASE
            WHEN d.due IS NULL THEN NULL
            WHEN d.e <= p.p_at AND (coalesce(s.requests, 0) > 1 OR d.e > d.due) THEN 'late'
            WHEN d.e <= p.p_at AND CAST(d.e AS DATE) < CAST(d.due AS DATE) THEN 'early'
            WHEN d.e <= p.p_at THEN 'on_time'
            WHEN coalesce(s.requests, 0) > 1 THEN 'open_overdue'
            WHEN coalesce(s.waiting, FALSE) OR p.p_at <= d.due THEN 'open_within'
            ELSE 'open_overdue' END AS status
    FROM d JOIN chiso_periods p ON d.received_at < p.p_end AND coalesce(d.e, TIMESTAMP '9999-12-31') >= p.p_start
    LEFT JOIN s ON s.number = d.number AND s.pid = p.pid
    LEFT JOIN procedures pr ON pr.code = d.procedure_code
),
leaf AS (
    SELECT unit, pid, procedure_code,
        count(*) FILTER (WHERE rec) AS sync_den, count(*) FILTER (WHERE rec AND synced_to_portal) AS sync_num,
        count(*) AS den,
        count(*) FILTER (WHERE status IN ('early', 'on_time', 'open_within')) AS on_time,
        count(*) FILTER (WHERE rec AND channel = 'online') AS online,
        count(*) FILTER (WHERE rec AND fee) AS pay_den, count(*) FILTER (WHERE rec AND fee AND paid_online) AS pay_num,
        count(*) FILTER (WHERE electronic_result) AS result,
        count(*) FILTER (WHERE digitized_input AND electronic_result) AS digitised,
        count(*) FILTER (WHERE reused_data) AS reused,
        count(*) FILTER (WHERE personal_store_used) AS personal,
        count(*) FILTER (WHERE citizen_data_used) AS citizen,
        count(*) FILTER (WHERE status IN ('late', 'open_overdue')) AS overdue,
        count(*) FILTER (WHERE rating IN ('disliked', 'complaint')) AS complaint,
        bool_or(rec) AS p_any, bool_or(rec AND pon) AS p_online,
        bool_or(rec AND pfee) AS p_fee, bool_or(rec AND pfee AND paid_online) AS p_paid
    FROM x GROUP BY ALL
),
up AS (
    SELECT t.ancestor AS unit, pid, procedure_code,
        sum(sync_den) AS sync_den, sum(sync_num) AS sync_num, sum(den) AS den, sum(on_time) AS on_time,
        sum(online) AS online, sum(pay_den) AS pay_den, sum(pay_num) AS pay_num, sum(result) AS result,
        sum(digitised) AS digitised, sum(reused) AS reused, sum(personal) AS personal, sum(citizen) AS citizen,
        sum(overdue) AS overdue, sum(complaint) AS complaint,
        bool_or(p_any) AS p_any, bool_or(p_online) AS p_online, bool_or(p_fee) AS p_fee, bool_or(p_paid) AS p_paid
    FROM leaf JOIN chiso_unit_tree t ON t.unit = leaf.unit GROUP BY ALL
)
SELECT unit, pid, sum(sync_den) AS sync_den, sum(sync_num) AS sync_num, sum(den) AS den, sum(on_time) AS on_time,
    sum(online) AS online, sum(pay_den) AS pay_den, sum(pay_num) AS pay_num, sum(result) AS result,
    sum(digitised) AS digitised, sum(reused) AS reused, sum(personal) AS personal, sum(citizen) AS citizen,
    sum(den) - sum(overdue) - sum(complaint) AS satisfaction,
    count(*) FILTER (WHERE p_any) AS procs, count(*) FILTER (WHERE p_online) AS procs_online,
    count(*) FILTER (WHERE p_fee) AS procs_fee, count(*) FILTER (WHERE p_paid) AS procs_paid
FROM up GROUP BY ALL
"""


def run(con: duckdb.DuckDBPyConnection) -> list[tuple[object, ...]]:
    return con.execute(SQL).fetchall()
