"""Importing the procedure catalogue: codes, limits as (value, unit), cut-off, fees, online level."""

from chiso.domain.limits import UNIT_ALIASES
from chiso.store.importing import Check, Context, Counts, changed_counts, duplicate_check
from chiso.store.staging import Resolver, limit_lookup, lit, q, sql_key

COLUMNS = ("code, national_code, name, sector, level, limit_value, limit_unit, cutoff, fee, paper_result, "
           "online_level, applies_to_persons, source")


def unit_case(expr: str) -> str:
    groups: dict[str, list[str]] = {}
    for spelling, unit in UNIT_ALIASES.items():
        groups.setdefault(unit.value, []).append(lit(spelling))
    key = sql_key(expr)
    return "(CASE " + " ".join(f"WHEN {key} IN ({', '.join(v)}) THEN {lit(u)}" for u, v in groups.items()) + " END)"


class ProcedureImporter:
    kind = "procedures"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"time_limit": limit_lookup}

    def extra_columns(self, ctx: Context) -> list[str]:
        unit = "CAST(NULL AS VARCHAR)"
        if ctx.has("time_limit_unit"):
            unit = unit_case(f"r.{q(ctx.header('time_limit_unit'))}")
        code = f"trim(r.{q(ctx.header('code'))})"
        return [f"{unit} AS limit_unit_parsed", f"regexp_extract({code}, '^[0-9]\\.[0-9]{{6}}') AS national_code"]

    def checks(self, ctx: Context) -> list[Check]:
        return [
            duplicate_check("code", "procedure code"),
            Check("code", "national_code = '' OR national_code IS NULL",
                  "not a national procedure code like 1.001234 (a local suffix may follow)"),
            Check("time_limit_unit", "time_limit_unit IS NOT NULL AND limit_unit_parsed IS NULL",
                  "not a time limit unit: giờ, giờ làm việc, ngày, ngày làm việc, tháng"),
            Check("time_limit_value", "(time_limit_value IS NULL) <> (time_limit_unit IS NULL)",
                  "give both time_limit_value and time_limit_unit, or neither"),
            Check("time_limit_value", "time_limit_value < 0", "a time limit cannot be negative"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute(
            "CREATE OR REPLACE TEMP TABLE incoming_raw AS SELECT code, national_code, name, sector, level, "
            "coalesce(TRY_CAST(split_part(time_limit, '|', 1) AS INTEGER), time_limit_value) AS limit_value, "
            "coalesce(nullif(split_part(time_limit, '|', 2), ''), limit_unit_parsed) AS limit_unit, "
            "cutoff, fee, paper_result, online_level, applies_to_persons, source FROM stage"
        )
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT *, hash({COLUMNS}) AS row_hash FROM incoming_raw")
        con.execute(f"CREATE OR REPLACE TEMP VIEW procedures_hashed AS SELECT code, hash({COLUMNS}) AS row_hash "
                    "FROM procedures")
        counts = changed_counts(ctx.store, "procedures_hashed", "code", "incoming")
        con.execute("DELETE FROM procedures WHERE code IN (SELECT k FROM classified WHERE action = 'updated')")
        con.execute(
            f"INSERT INTO procedures ({COLUMNS}) SELECT {COLUMNS} FROM incoming "
            "WHERE code IN (SELECT k FROM classified WHERE action IN ('inserted', 'updated'))"
        )
        ctx.store.recompute_due()
        return counts
