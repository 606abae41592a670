"""Importing dossiers: pseudonymised applicants, supplements and pauses, computed due moments, upserts."""

from chiso.store.due_sql import due_select
from chiso.store.importing import Check, Context, Counts, changed_counts, duplicate_check, fault_point, future_checks
from chiso.store.kinds.lookups import ProcedureResolver, unit_resolver
from chiso.store.staging import TIMESTAMP_FORMATS, Resolver, hmac_expr, lit, q

FLAGS = ("fee", "paid_online", "digitized_input", "electronic_result", "reused_data", "personal_store_used",
         "citizen_data_used", "synced_to_portal", "apology_sent")
COLUMNS = ("number, procedure_code, receiving_unit, processing_unit, received_at, due_at, due_at_computed, "
           "finished_at, returned_at, state, state_at, channel, " + ", ".join(FLAGS[:-1]) + ", rating, "
           "apology_sent, applicant_hash, supplement_count, last_event_at, row_hash, import_id")
HASHED = ("number, procedure_code, receiving_unit, processing_unit, received_at, due_at, finished_at, returned_at, "
          "state, state_at, channel, " + ", ".join(FLAGS) + ", rating, applicant_hash, stops_text")
STAMP = "[" + ", ".join(lit(f) for f in TIMESTAMP_FORMATS) + "]"


def _part(index: int) -> str:
    return f"try_strptime(nullif(trim(split_part(item, '->', {index})), ''), {STAMP})"


class DossierImporter:
    kind = "dossiers"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        units = unit_resolver(ctx.store.con)
        return {"procedure": ProcedureResolver(ctx.store.con), "receiving_unit": units, "processing_unit": units}

    def extra_columns(self, ctx: Context) -> list[str]:
        parts = []
        if ctx.has("applicant_id"):
            parts.append(f"WHEN nullif(trim(r.{q(ctx.header('applicant_id'))}), '') IS NOT NULL THEN "
                         + hmac_expr(f"'id:' || lower(trim(r.{q(ctx.header('applicant_id'))}))"))
        if ctx.has("applicant_name"):
            parts.append(f"WHEN nullif(trim(r.{q(ctx.header('applicant_name'))}), '') IS NOT NULL THEN "
                         + hmac_expr(f"'name:' || lower(nfc_normalize(trim(r.{q(ctx.header('applicant_name'))})))"))
        return [f"CASE {' '.join(parts)} END AS applicant_hash" if parts else "CAST(NULL AS VARCHAR) AS applicant_hash"]

    def _stage_stops(self, ctx: Context) -> None:
        ctx.store.con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_stops AS SELECT _line, number, kind, received_at, trim(item) AS item, "
            f"{_part(1)} AS start_at, {_part(2)} AS end_at, nullif(trim(split_part(item, '->', 2)), '') AS end_raw "
            "FROM (SELECT _line, number, received_at, 'supplement' AS kind, "
            "unnest(string_split(supplements, ';')) AS item FROM stage WHERE supplements IS NOT NULL "
            "UNION ALL SELECT _line, number, received_at, 'pause' AS kind, "
            "unnest(string_split(pauses, ';')) AS item FROM stage WHERE pauses IS NOT NULL) WHERE trim(item) <> ''"
        )

    def checks(self, ctx: Context) -> list[Check]:
        self._stage_stops(ctx)
        cal = ctx.store.calendar
        stops = "_line IN (SELECT _line FROM stage_stops WHERE kind = '{}' AND ({}))"
        checks = [duplicate_check("number", "dossier number")]
        for column in ("finished_at", "returned_at", "state_at", "due_at"):
            checks.append(Check(column, f"{column} < received_at", f"{column} is before received_at"))
        checks += future_checks(ctx, ["received_at", "finished_at", "returned_at", "state_at"])
        checks.append(Check("received_at", f"CAST(received_at AS DATE) NOT BETWEEN DATE '{cal.first}' AND "
                            f"DATE '{cal.last}'", f"outside the calendar's years {cal.first.year}-{cal.last.year} "
                            "(setting calendar.first_year / last_year)"))
        checks.append(Check("state", "state IN ('refused', 'stopped', 'withdrawn') AND state_at IS NULL "
                            "AND finished_at IS NULL AND returned_at IS NULL",
                            "a refused, stopped or withdrawn dossier needs the date it happened"))
        for column, kind in (("supplements", "supplement"), ("pauses", "pause")):
            checks += [
                Check(column, stops.format(kind, "start_at IS NULL OR (end_raw IS NOT NULL AND end_at IS NULL)"),
                      "cannot read 'start -> end' date pairs separated by ';'"),
                Check(column, stops.format(kind, "end_at < start_at OR start_at < received_at"),
                      "a span ends before it starts, or starts before receipt"),
            ]
        return checks

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute("CREATE OR REPLACE TEMP TABLE incoming_stops AS SELECT s.number, s.kind, s.start_at, s.end_at "
                    "FROM stage_stops s WHERE s._line IN (SELECT _line FROM stage)")
        state = ("CASE WHEN s.state = 'open' THEN NULL WHEN s.state IS NULL AND coalesce(s.finished_at, "
                 "s.returned_at) IS NOT NULL THEN 'finished' ELSE s.state END")
        flags = ", ".join(f"s.{f}" for f in FLAGS[:-1])
        con.execute(f"""
CREATE OR REPLACE TEMP TABLE incoming_raw AS
SELECT s.number, s."procedure" AS procedure_code, s.receiving_unit,
    coalesce(s.processing_unit, s.receiving_unit) AS processing_unit, s.received_at, s.due_at,
    CAST(NULL AS TIMESTAMP) AS due_at_computed, s.finished_at, s.returned_at, {state} AS state,
    CASE WHEN {state} IN ('refused', 'stopped', 'withdrawn')
         THEN coalesce(s.state_at, s.finished_at, s.returned_at) ELSE s.state_at END AS state_at,
    s.channel, {flags}, s.rating, s.apology_sent, s.applicant_hash,
    coalesce(st.supplements, 0) AS supplement_count,
    greatest(s.received_at, coalesce(s.finished_at, s.received_at), coalesce(s.returned_at, s.received_at),
             coalesce(s.state_at, s.received_at), coalesce(st.last_stop, s.received_at)) AS last_event_at,
    coalesce(st.stops_text, '') AS stops_text
FROM stage s LEFT JOIN (
    SELECT number, count(*) FILTER (WHERE kind = 'supplement') AS supplements,
        greatest(max(start_at), max(end_at)) AS last_stop,
        string_agg(kind || start_at || coalesce(CAST(end_at AS VARCHAR), ''), ';' ORDER BY kind, start_at) AS stops_text
    FROM incoming_stops GROUP BY number) st ON st.number = s.number
""")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT * EXCLUDE (stops_text), hash({HASHED}) "
                    f"AS row_hash, {ctx.import_id} AS import_id FROM incoming_raw")
        due_sql = due_select("incoming", "incoming_stops", ctx.store.due_rules)
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming_due AS {due_sql}")
        con.execute("UPDATE incoming SET due_at_computed = d.due_at_computed FROM incoming_due d "
                    "WHERE incoming.number = d.number")
        counts = changed_counts(ctx.store, "dossiers", "number", "incoming")
        replaced = "(SELECT k FROM classified WHERE action = 'updated')"
        con.execute(f"DELETE FROM dossiers WHERE number IN {replaced}")
        fault_point("after_delete")
        con.execute(f"DELETE FROM dossier_stops WHERE number IN {replaced}")
        written = "(SELECT k FROM classified WHERE action IN ('inserted', 'updated'))"
        con.execute(f"INSERT INTO dossiers ({COLUMNS}) SELECT {COLUMNS} FROM incoming WHERE number IN {written}")
        con.execute(f"INSERT INTO dossier_stops SELECT number, kind, start_at, end_at FROM incoming_stops "
                    f"WHERE number IN {written}")
        return counts
