"""Importing dossiers: pseudonymised applicants, supplements and pauses, computed due moments, upserts."""

from datetime import datetime

import pyarrow as pa

from chiso.domain.errors import ChisoError
from chiso.domain.formatting import vn_number
from chiso.store.due_sql import due_select
from chiso.store.importing import Check, Context, Counts, changed_counts, duplicate_check, fault_point, future_checks
from chiso.store.keyed import keys_in
from chiso.store.kinds.lookups import ProcedureNames, ProcedureResolver, unit_resolver
from chiso.store.staging import TIMESTAMP_FORMATS, Resolver, blank, hmac_expr, parse_stamp, q, register_lookup

FLAGS = ("fee", "paid_online", "digitized_input", "electronic_result", "reused_data", "personal_store_used",
         "citizen_data_used", "synced_to_portal", "apology_sent")
COLUMNS = ("number, procedure_code, receiving_unit, processing_unit, received_at, due_at, due_at_computed, "
           "finished_at, returned_at, state, state_at, channel, " + ", ".join(FLAGS[:-1]) + ", rating, "
           "apology_sent, applicant_hash, supplement_count, last_event_at, row_hash, import_id")
HASHED = ("number, procedure_code, receiving_unit, processing_unit, received_at, due_at, finished_at, returned_at, "
          "state, state_at, channel, " + ", ".join(FLAGS) + ", rating, applicant_hash, stops_text")
SLICE_LINES = 1_000_000  # lines of the file written per step of the (single) transaction


class DossierImporter:
    kind = "dossiers"
    # A dossier number already in the store for another unit: an officer may not rewrite it.
    owned_elsewhere = ("number", "number IN (SELECT number FROM dossiers WHERE receiving_unit NOT IN {inside} "
                                 "OR processing_unit NOT IN {inside})")

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        units = unit_resolver(ctx.store.con, ctx.store.config)
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
        start, end = (f"nullif(trim(split_part(item, '->', {i})), '')" for i in (1, 2))
        none = () if not (ctx.has("supplements") or ctx.has("pauses")) else None  # no stop at all: no format tried
        ctx.store.con.execute(
            "CREATE OR REPLACE TEMP TABLE stage_stops AS SELECT _line, number, kind, received_at, item, "
            f"{parse_stamp('start_raw', TIMESTAMP_FORMATS, none)} AS start_at, "
            f"{parse_stamp('end_raw', TIMESTAMP_FORMATS, none)} AS end_at, end_raw FROM (SELECT _line, number, kind, "
            "received_at, trim(item) AS item, "
            f"{start} AS start_raw, {end} AS end_raw FROM (SELECT _line, number, received_at, 'supplement' AS kind, "
            "unnest(string_split(supplements, ';')) AS item FROM stage WHERE supplements IS NOT NULL "
            "UNION ALL SELECT _line, number, received_at, 'pause' AS kind, "
            "unnest(string_split(pauses, ';')) AS item FROM stage WHERE pauses IS NOT NULL) WHERE trim(item) <> '')"
        )

    def _resolve_names(self, ctx: Context) -> list[Check]:
        """Procedures given by name: the one exact match at the receiving unit's level, else the only one."""
        if not ctx.has("procedure") and not ctx.has("procedure_name"):
            raise ChisoError("missing the procedure: give a code column (Mã TTHC) or a name column "
                             "(Tên thủ tục hành chính)", vi="thiếu thủ tục: cần cột mã (Mã TTHC) hoặc cột tên "
                             "(Tên thủ tục hành chính)")
        no_code = f"{blank(q('raw_procedure'))} IS NULL" if ctx.has("procedure") else "TRUE"
        missing = Check("procedure", f"procedure IS NULL AND {no_code} AND procedure_name IS NULL",
                        "no procedure: the row gives neither its code nor its name")
        if not ctx.has("procedure_name"):
            return [missing] if ctx.has("procedure") else []
        con = ctx.store.con
        pairs = con.execute(f"""
SELECT DISTINCT s.procedure_name, CASE WHEN u.kind = 'commune' OR p.kind = 'commune' THEN 'commune'
    WHEN u.kind IN ('department', 'province') THEN 'province' END
FROM stage s LEFT JOIN units u ON u.code = s.receiving_unit LEFT JOIN units p ON p.code = u.parent_code
WHERE s.procedure IS NULL AND s.procedure_name IS NOT NULL AND {no_code.replace('"raw_', 's."raw_')}""").fetchall()
        names = ProcedureNames(con, ctx.store.config)
        rows: list[tuple[str, str, str | None, str | None]] = []
        suggested: dict[str, str] = {}
        for name, level in pairs:
            found = names.candidates(str(name))
            at_level = [c for c, lv in found if lv == level] if level else []
            codes = sorted({c for c, _ in found})
            if len(at_level) == 1:
                rows.append((str(name), level or "", at_level[0], None))
            elif len(codes) == 1:
                rows.append((str(name), level or "", codes[0], None))
            elif codes:
                rows.append((str(name), level or "", None, "several procedures have this name ("
                             + ", ".join(codes[:6]) + "): add the name with its code to procedure-aliases.csv"))
            else:
                if str(name) not in suggested and len(suggested) < 300:
                    suggested[str(name)] = names.suggest(str(name))
                hint = suggested.get(str(name), "")
                rows.append((str(name), level or "", None, "unknown procedure name: no procedure in the catalogue "
                             "has exactly this name; add it to procedure-aliases.csv"
                             + (f"; closest: {hint}" if hint else "")))
        table = pa.table({"name": [r[0] for r in rows], "lvl": [r[1] for r in rows],
                          "code": pa.array([r[2] for r in rows], pa.string()),
                          "reason": pa.array([r[3] for r in rows], pa.string())})
        con.register("pn_in", table)
        con.execute("CREATE OR REPLACE TEMP TABLE stage_pn AS SELECT * FROM pn_in")
        con.unregister("pn_in")
        con.execute("""
UPDATE stage SET procedure = pn.code FROM (
    SELECT s._line, n.code FROM stage s LEFT JOIN units u ON u.code = s.receiving_unit
    LEFT JOIN units p ON p.code = u.parent_code
    JOIN stage_pn n ON n.name = s.procedure_name AND n.lvl = coalesce(CASE WHEN u.kind = 'commune'
        OR p.kind = 'commune' THEN 'commune' WHEN u.kind IN ('department', 'province') THEN 'province' END, '')
    WHERE n.code IS NOT NULL) pn
WHERE stage._line = pn._line AND stage.procedure IS NULL""")
        reason = ("coalesce((SELECT any_value(reason) FROM stage_pn n WHERE n.name = procedure_name), "
                  "'unknown procedure name')")
        return [missing, Check("procedure_name", f"procedure IS NULL AND procedure_name IS NOT NULL AND {no_code}",
                               "unknown procedure name", reason)]

    def _date_ended_names(self, ctx: Context) -> None:
        """A name shared by an ended unit and a current one means the ended unit for rows dated before it ended."""
        con = ctx.store.con
        resolver = unit_resolver(con, ctx.store.config)
        for column in ("receiving_unit", "processing_unit"):
            if not ctx.has(column):
                continue
            raw = q("raw_" + column)
            twins = resolver.ended_twins(ctx.values.get(column, []))  # names the stage looked up
            if not twins:
                continue
            register_lookup(con, "lk_ended_twin", twins)
            con.execute(f"UPDATE stage SET {column} = t.code FROM lk_ended_twin t JOIN units u ON u.code = t.code "
                        f"WHERE t.raw = trim(stage.{raw}) AND stage.received_at < u.valid_to + INTERVAL 1 DAY")

    def checks(self, ctx: Context) -> list[Check]:
        self._date_ended_names(ctx)
        named = self._resolve_names(ctx)
        self._stage_stops(ctx)
        cal = ctx.store.calendar
        stops = "_line IN (SELECT _line FROM stage_stops WHERE kind = '{}' AND ({}))"
        checks = [*named, duplicate_check("number", "dossier number")]
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

    def affects(self, ctx: Context) -> tuple[datetime | None, set[str]]:
        """What the rows written can change, old versions included: the earliest receipt (a period that ends
        before it counts none of them, so its figures do not change, see ``Store.tally_stamp``), and the
        processing and receiving units (a dossier moved to another unit changes the figures of both). One
        statement, read before the write."""
        earlier = keys_in(ctx.store, "d.number", "SELECT number FROM stage")
        row = ctx.store.con.execute(
            "SELECT min(r), list(DISTINCT u) FILTER (WHERE u IS NOT NULL) FROM (SELECT received_at AS r, "
            "unnest([processing_unit, receiving_unit]) AS u FROM stage UNION ALL SELECT d.received_at, "
            f"unnest([d.processing_unit, d.receiving_unit]) FROM dossiers d WHERE {earlier})").fetchone()
        first = row[0] if row and isinstance(row[0], datetime) else None
        return first, {str(u) for u in (row[1] or [])} if row else set()

    def write(self, ctx: Context) -> Counts:
        """Write in slices of the file's lines (one transaction still): memory stays bounded on large files."""
        con = ctx.store.con
        row = con.execute("SELECT min(_line), max(_line) FROM stage").fetchone()
        total, unknown = Counts(), 0
        if row is None or row[0] is None:
            return total
        for start in range(int(row[0]), int(row[1]) + 1, SLICE_LINES):
            con.execute(f"CREATE OR REPLACE TEMP VIEW stage_slice AS SELECT * FROM stage "
                        f"WHERE _line >= {start} AND _line < {start + SLICE_LINES}")
            counts = self._write_slice(ctx)
            for name in ("inserted", "updated", "unchanged", "older"):
                setattr(total, name, getattr(total, name) + getattr(counts, name))
            found = con.execute("SELECT count(*) FROM incoming WHERE channel = 'unknown'").fetchone()
            unknown += int(found[0]) if found else 0
        if unknown:
            ctx.notes.append(f"kênh không rõ / channel unknown: {vn_number(unknown)} hồ sơ (no column states it; "
                             "counted as not online, never guessed)")
        return total

    def _write_slice(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute("CREATE OR REPLACE TEMP TABLE incoming_stops AS SELECT s.number, s.kind, s.start_at, s.end_at "
                    "FROM stage_stops s WHERE s._line IN (SELECT _line FROM stage_slice)")
        state = ("CASE WHEN s.state = 'open' THEN NULL WHEN s.state IS NULL AND coalesce(s.finished_at, "
                 "s.returned_at) IS NOT NULL THEN 'finished' ELSE s.state END")
        flags = ", ".join(f"s.{f}" for f in FLAGS[:-1])
        con.execute(f"""
CREATE OR REPLACE TEMP VIEW dossiers_incoming AS
SELECT s.number, s."procedure" AS procedure_code, s.receiving_unit,
    coalesce(s.processing_unit, s.receiving_unit) AS processing_unit, s.received_at, s.due_at,
    CAST(NULL AS TIMESTAMP) AS due_at_computed, s.finished_at, s.returned_at, {state} AS state,
    CASE WHEN {state} IN ('refused', 'stopped', 'withdrawn')
         THEN coalesce(s.state_at, s.finished_at, s.returned_at) ELSE s.state_at END AS state_at,
    coalesce(s.channel, 'unknown') AS channel, {flags}, s.rating,
    CASE WHEN s.number IN (SELECT number FROM apology_letters) THEN TRUE ELSE s.apology_sent END AS apology_sent,
    s.applicant_hash,
    coalesce(st.supplements, 0) AS supplement_count,
    greatest(s.received_at, coalesce(s.finished_at, s.received_at), coalesce(s.returned_at, s.received_at),
             coalesce(s.state_at, s.received_at), coalesce(st.last_stop, s.received_at)) AS last_event_at,
    coalesce(st.stops_text, '') AS stops_text
FROM stage_slice s LEFT JOIN (
    SELECT number, count(*) FILTER (WHERE kind = 'supplement') AS supplements,
        greatest(max(start_at), max(end_at)) AS last_stop,
        string_agg(kind || start_at || coalesce(CAST(end_at AS VARCHAR), ''), ';' ORDER BY kind, start_at) AS stops_text
    FROM incoming_stops GROUP BY number) st ON st.number = s.number
""")
        due_sql = due_select("dossiers_incoming", "incoming_stops", ctx.store.due_rules)
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming_due AS {due_sql}")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT r.* EXCLUDE (stops_text) "
                    f"REPLACE (d.due_at_computed AS due_at_computed), hash({HASHED}) AS row_hash, "
                    f"{ctx.import_id} AS import_id FROM dossiers_incoming r LEFT JOIN incoming_due d USING (number)")
        counts = changed_counts(ctx.store, "dossiers", "number", "incoming")
        if ctx.outcomes is not None:  # what became of each line (the push API answers per record)
            ctx.outcomes.update((int(line), str(action)) for line, action in con.execute(
                "SELECT s._line, c.action FROM stage_slice s JOIN classified c ON c.k = s.number").fetchall())
        replaced = keys_in(ctx.store, "number", "SELECT k FROM classified WHERE action = 'updated'")
        if replaced != "FALSE":
            con.execute(f"DELETE FROM dossiers WHERE {replaced}")
        fault_point("after_delete")
        if replaced != "FALSE":
            con.execute(f"DELETE FROM dossier_stops WHERE {replaced}")
        written = "(SELECT k FROM classified WHERE action IN ('inserted', 'updated'))"
        con.execute(f"INSERT INTO dossiers ({COLUMNS}) SELECT {COLUMNS} FROM incoming WHERE number IN {written}")
        con.execute(f"INSERT INTO dossier_stops SELECT number, kind, start_at, end_at FROM incoming_stops "
                    f"WHERE number IN {written}")
        return counts
