"""Importing reported values: figures units enter or that come from elsewhere (e.g. the portal's group scores)."""

from datetime import date

from chiso.domain.errors import InvalidValue
from chiso.domain.periods import parse_period
from chiso.store.importing import Check, Context, Counts, changed_counts, replace_changed
from chiso.store.kinds.lookups import unit_resolver
from chiso.store.staging import Resolver, lit

COLUMNS = "indicator, unit_code, period_start, period_end, numerator, denominator, value, comment, source"


def period_lookup(values: list[str]) -> dict[str, str]:
    """Each period spelling as 'start..end'."""
    out: dict[str, str] = {}
    for value in values:
        try:
            period = parse_period(value, today=date.today())
        except InvalidValue:
            continue
        out[value] = f"{period.start:%Y-%m-%d}..{period.end:%Y-%m-%d}"
    return out


class ReportedImporter:
    kind = "reported"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"unit": unit_resolver(ctx.store.con, ctx.store.config), "period": period_lookup}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        catalogue = ctx.store.catalogue()
        known = sorted(set(catalogue.indicators) | {g.code for v in catalogue.indexes.values() for d in v
                                                    for g in d.groups})
        listed = ", ".join(lit(k) for k in known)
        return [
            Check("indicator", f"indicator NOT IN ({listed})",
                  "unknown indicator: not in the catalogue (see `chiso indicator list`)"),
            Check("period", "count(*) OVER (PARTITION BY indicator, unit, period) > 1 AND period IS NOT NULL",
                  "the same indicator, unit and period appear more than once in this file"),
            Check("numerator", "numerator < 0 OR denominator < 0", "counts cannot be negative"),
            Check("numerator", "numerator > denominator", "numerator is larger than denominator"),
            Check("numerator", "(numerator IS NULL) <> (denominator IS NULL)",
                  "give both numerator and denominator, or neither"),
            Check("value", "value IS NULL AND numerator IS NULL", "give a value, or a numerator and denominator"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute("CREATE OR REPLACE TEMP TABLE incoming0 AS SELECT concat_ws('|', indicator, unit, period) AS key, "
                    "indicator, unit AS unit_code, CAST(split_part(period, '..', 1) AS DATE) AS period_start, "
                    "CAST(split_part(period, '..', 2) AS DATE) AS period_end, numerator, denominator, value, "
                    "comment, source FROM stage")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT *, hash({COLUMNS}) AS row_hash, "
                    f"{ctx.import_id} AS import_id FROM incoming0")
        counts = changed_counts(ctx.store, "reported_values", "key", "incoming")
        replace_changed(ctx.store, "reported_values", "key", "incoming")
        return counts
