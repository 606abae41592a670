"""Importing the procedure catalogue: codes, limits as (value, unit), cut-off, fees, online level."""

from chiso.domain.formatting import vn_number
from chiso.domain.limits import TimeLimit
from chiso.store.importing import Check, Context, Counts, Reject, changed_counts, duplicate_check, replace_changed
from chiso.store.staging import Resolver, q, register_lookup, unit_lookup

COLUMNS = ("code, national_code, name, sector, level, limit_value, limit_unit, cutoff, fee, paper_result, "
           "online_level, applies_to_persons, source")


class ProcedureImporter:
    kind = "procedures"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {}

    def extra_columns(self, ctx: Context) -> list[str]:
        code = f"trim(r.{q(ctx.header('code'))})"
        return [f"regexp_extract({code}, '^[0-9]\\.[0-9]{{6}}') AS national_code"]

    def checks(self, ctx: Context) -> list[Check]:
        con = ctx.store.con
        units = [str(r[0]) for r in con.execute(
            "SELECT DISTINCT time_limit_unit FROM stage WHERE time_limit_unit IS NOT NULL").fetchall()]
        register_lookup(con, "lk_limit_unit", unit_lookup(units))
        texts = [str(r[0]) for r in con.execute(
            "SELECT DISTINCT time_limit_text FROM stage WHERE time_limit_text IS NOT NULL").fetchall()]
        found = {t: TimeLimit.find(t) for t in texts}
        register_lookup(con, "lk_limit_text", {t: f"{lim.value}|{lim.unit.value}" for t, lim in found.items() if lim})
        return [
            duplicate_check("code", "procedure code"),
            Check("code", "national_code = '' OR national_code IS NULL",
                  "not a national procedure code like 1.001234 (a local suffix may follow)"),
            Check("time_limit_unit",
                  "time_limit_unit IS NOT NULL AND time_limit_unit NOT IN (SELECT raw FROM lk_limit_unit)",
                  "not a time limit unit: giờ, giờ làm việc, ngày, ngày làm việc, tháng"),
            Check("time_limit_value", "(time_limit_value IS NULL) <> (time_limit_unit IS NULL)",
                  "give both time_limit_value and time_limit_unit, or neither"),
            Check("time_limit_value", "time_limit_value < 0", "a time limit cannot be negative"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE incoming_raw AS SELECT s.code, s.national_code, s.name, s.sector, s.level, "
            "coalesce(TRY_CAST(split_part(s.time_limit, '|', 1) AS INTEGER), s.time_limit_value, "
            "TRY_CAST(split_part(t.code, '|', 1) AS INTEGER)) AS limit_value, "
            "coalesce(nullif(split_part(s.time_limit, '|', 2), ''), u.code, nullif(split_part(t.code, '|', 2), '')) "
            "AS limit_unit, s.cutoff, s.fee, s.paper_result, s.online_level, s.applies_to_persons, s.source "
            "FROM stage s LEFT JOIN lk_limit_unit u ON u.raw = s.time_limit_unit "
            "LEFT JOIN lk_limit_text t ON t.raw = s.time_limit_text"
        )
        missing = con.execute("SELECT s._line, coalesce(s.time_limit_text, ''), s.code FROM stage s "
                              "JOIN incoming_raw i ON i.code = s.code WHERE i.limit_value IS NULL "
                              "ORDER BY s._line").fetchall()
        header = ctx.header("time_limit_text") if ctx.has("time_limit_text") else ctx.header("time_limit")
        ctx.warnings += [Reject(int(line), header, str(text), f"{code}: no legal time limit stated; imported "
                                "without one and flagged (chiso procedures list --missing-limit)")
                         for line, text, code in missing]
        if missing:
            ctx.notes.append(f"{vn_number(len(missing))} thủ tục chưa có thời hạn / procedures without a time limit: "
                             "flagged, never given a made-up one")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT *, hash({COLUMNS}) AS row_hash FROM incoming_raw")
        con.execute(f"CREATE OR REPLACE TEMP VIEW procedures_hashed AS SELECT code, hash({COLUMNS}) AS row_hash "
                    "FROM procedures")
        counts = changed_counts(ctx.store, "procedures_hashed", "code", "incoming")
        replace_changed(ctx.store, "procedures", "code", "incoming", COLUMNS)
        if counts.updated:  # new procedures have no dossiers yet; changed limits move existing due dates
            ctx.store.recompute_due()
        return counts
