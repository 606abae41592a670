"""Importing results that are not numbers: models, initiatives, dialogue conferences, awards."""

from chiso.store.importing import Check, Context, Counts, changed_counts, future_checks, replace_changed
from chiso.store.kinds.lookups import unit_resolver
from chiso.store.staging import Resolver

COLUMNS = "kind, title, unit_code, happened_on, description, chair, received, answered, awarded_by"
KEY = "concat_ws('|', unit, CAST(happened_on AS VARCHAR), kind, lower(title))"


class AchievementImporter:
    kind = "achievements"
    owned_elsewhere = ("title", f"{KEY} IN (SELECT key FROM achievements WHERE unit_code NOT IN {{inside}})")

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"unit": unit_resolver(ctx.store.con, ctx.store.config)}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        return [
            Check("title", f"count(*) OVER (PARTITION BY {KEY}) > 1 AND title IS NOT NULL",
                  "the same unit, day, kind and title appear more than once in this file"),
            Check("answered", "answered > received", "answered more recommendations than were received"),
            Check("received", "received < 0 OR answered < 0", "counts cannot be negative"),
            Check("received", "kind = 'dialogue' AND received IS NULL",
                  "a dialogue conference needs the recommendations received"),
            *future_checks(ctx, ["happened_on"]),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute(f"""
CREATE OR REPLACE TEMP TABLE incoming0 AS SELECT {KEY} AS key, kind, title, unit AS unit_code, happened_on,
    description, chair, CAST(received AS INTEGER) AS received, CAST(answered AS INTEGER) AS answered, awarded_by
FROM stage""")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT key, {COLUMNS}, NULL::VARCHAR AS evidence_name, "
                    f"NULL::VARCHAR AS evidence_sha256, NULL::BLOB AS evidence, hash({COLUMNS}) AS row_hash, "
                    f"{ctx.import_id} AS import_id FROM incoming0")
        counts = changed_counts(ctx.store, "achievements", "key", "incoming")
        replace_changed(ctx.store, "achievements", "key", "incoming")
        return counts
