"""Importing plans: targets per unit (and per campaign milestone), and reported values given with them."""

from chiso.store.importing import Check, Context, Counts, changed_counts, replace_changed
from chiso.store.kinds.lookups import unit_resolver
from chiso.store.staging import Resolver, lit

COLUMNS = "plan, target_code, name, unit_code, indicator, target_value, direction, deadline, baseline, milestone"


class PlanImporter:
    kind = "plan"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        units = unit_resolver(ctx.store.con, ctx.store.config)
        return {"unit": units, "owner_unit": units}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        catalogue = ctx.store.catalogue()
        computed = sorted(i for i, v in catalogue.indicators.items() if v[-1].kind != "reported")
        listed = ", ".join(lit(k) for k in computed)
        return [
            Check("indicator", f"indicator IS NOT NULL AND indicator NOT IN ({listed})",
                  "not a computed indicator of the catalogue (see `chiso indicator list`); leave empty for a "
                  "reported target"),
            Check("target_code", "count(*) OVER (PARTITION BY plan, target_code, unit, coalesce(milestone, '')) > 1",
                  "the same plan, target, unit and milestone appear more than once in this file"),
            Check("baseline", "baseline IS NOT NULL AND baseline = target_value",
                  "the baseline equals the target: attainment cannot be measured"),
            Check("actual", "actual IS NOT NULL AND indicator IS NOT NULL",
                  "a computed target takes its actual value from the dossiers; leave 'actual' empty"),
            Check("start", "start IS NOT NULL AND start > deadline", "the start is after the deadline"),
            Check("target_value", "target_value < 0", "a target cannot be negative"),
            Check("baseline", "baseline < 0", "a baseline cannot be negative"),
            Check("actual", "actual < 0", "a value cannot be negative"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute("CREATE OR REPLACE TEMP TABLE incoming0 AS SELECT concat_ws('|', plan, target_code, unit, "
                    "coalesce(milestone, '')) AS key, plan, target_code, name, unit AS unit_code, indicator, "
                    "CAST(target_value AS DOUBLE) AS target_value, coalesce(direction, 'higher') AS direction, "
                    "deadline, CAST(baseline AS DOUBLE) AS baseline, milestone FROM stage")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT *, hash({COLUMNS}) AS row_hash, "
                    f"{ctx.import_id} AS import_id FROM incoming0")
        counts = changed_counts(ctx.store, "targets", "key", "incoming")
        replace_changed(ctx.store, "targets", "key", "incoming")
        con.execute(f"""
INSERT OR REPLACE INTO plans
SELECT plan, coalesce(max(plan_name), plan), max(document), max(owner_unit),
    coalesce(min(start), make_date(CAST(year(min(deadline)) AS BIGINT), 1, 1)), max(deadline), {ctx.import_id}
FROM stage GROUP BY plan""")
        con.execute(f"""
INSERT INTO target_values
SELECT (SELECT coalesce(max(id), 0) FROM target_values) + row_number() OVER (ORDER BY _line), plan, target_code,
    unit, CAST(actual AS DOUBLE), deadline, 'import #{ctx.import_id}', current_timestamp::TIMESTAMP, NULL, NULL,
    NULL, NULL
FROM stage s WHERE actual IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM target_values v WHERE v.plan = s.plan AND v.target_code = s.target_code
    AND v.unit_code = s.unit AND v.as_of = s.deadline AND v.value = CAST(s.actual AS DOUBLE))""")
        return counts
