"""Importing the national portal's published 766 figures (per unit, metric and period), to reconcile with chiso's."""

from chiso.store.importing import Check, Context, Counts, changed_counts, replace_changed
from chiso.store.kinds.lookups import unit_resolver
from chiso.store.kinds.reported import period_lookup
from chiso.store.staging import Resolver, lit

COLUMNS = "unit_code, metric, period_start, period_end, numerator, denominator, score, source"


class PublishedImporter:
    kind = "published"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"unit": unit_resolver(ctx.store.con, ctx.store.config), "period": period_lookup}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        known = {"TOTAL"}
        display: set[str] = set()
        for versions in ctx.store.catalogue().indexes.values():
            for definition in versions:
                known |= {m.code for m in definition.metrics} | {g.code for g in definition.groups}
                display |= set(definition.display_codes)
        known |= display
        listed = ", ".join(lit(k) for k in sorted(known))
        shown = ", ".join(lit(k) for k in sorted(display)) or "''"
        return [
            Check("metric", f"metric NOT IN ({listed})",
                  "not a 766 metric, group or display-only item (see chiso index compute --unit)"),
            Check("metric", "count(*) OVER (PARTITION BY unit, metric, period) > 1 AND period IS NOT NULL",
                  "the same unit, metric and period appear more than once in this file"),
            Check("numerator", "numerator < 0 OR denominator < 0", "counts cannot be negative"),
            Check("numerator", f"numerator > denominator AND metric NOT IN ({shown})",
                  "numerator is larger than denominator"),
            Check("numerator", "(numerator IS NULL) <> (denominator IS NULL)",
                  "give both numerator and denominator, or neither (the portal's 'no data')"),
            Check("score", "score < 0 OR score > 100", "a score is between 0 and 100"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        source = lit(f"import {ctx.import_id}")
        con.execute("CREATE OR REPLACE TEMP TABLE incoming0 AS SELECT concat_ws('|', unit, metric, period) AS key, "
                    "unit AS unit_code, metric, CAST(split_part(period, '..', 1) AS DATE) AS period_start, "
                    "CAST(split_part(period, '..', 2) AS DATE) AS period_end, numerator, denominator, "
                    f"CAST(score AS DECIMAL(18, 4)) AS score, {source} AS source FROM stage")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT *, hash(unit_code, metric, period_start, "
                    f"period_end, numerator, denominator, score) AS row_hash, {ctx.import_id} AS import_id "
                    "FROM incoming0")
        counts = changed_counts(ctx.store, "published_scores", "key", "incoming")
        replace_changed(ctx.store, "published_scores", "key", "incoming")
        return counts
