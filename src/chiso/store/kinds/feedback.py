"""Importing citizen feedback (PAKN)."""

from chiso.store.importing import (
    Check,
    Context,
    Counts,
    changed_counts,
    duplicate_check,
    future_checks,
    replace_changed,
)
from chiso.store.kinds.lookups import unit_resolver
from chiso.store.staging import Resolver

COLUMNS = "id, unit_code, received_at, transferred_at, answered_at, category, rating, repeated"


class FeedbackImporter:
    kind = "feedback"
    owned_elsewhere = ("id", "id IN (SELECT id FROM feedback WHERE unit_code NOT IN {inside})")

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"unit": unit_resolver(ctx.store.con, ctx.store.config)}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        return [
            duplicate_check("id", "feedback id"),
            Check("transferred_at", "transferred_at < received_at", "transferred_at is before received_at"),
            Check("answered_at", "answered_at < received_at", "answered_at is before received_at"),
            *future_checks(ctx, ["received_at", "transferred_at", "answered_at"]),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute("CREATE OR REPLACE TEMP TABLE incoming AS SELECT id, unit AS unit_code, received_at, "
                    "transferred_at, answered_at, category, rating, repeated FROM stage")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming2 AS SELECT *, hash({COLUMNS}) AS row_hash, "
                    f"{ctx.import_id} AS import_id FROM incoming")
        counts = changed_counts(ctx.store, "feedback", "id", "incoming2")
        replace_changed(ctx.store, "feedback", "id", "incoming2")
        return counts
