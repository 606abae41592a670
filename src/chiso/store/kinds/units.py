"""Importing units: a tree of any depth with validity dates and successors."""

import pyarrow as pa

from chiso.domain.errors import ChisoError
from chiso.domain.text import name_key
from chiso.store.importing import Check, Context, Counts, changed_counts, duplicate_check, replace_changed
from chiso.store.staging import Resolver

KNOWN = "(SELECT code FROM units UNION SELECT code FROM stage)"
COLUMNS = "code, name, name_key, kind, parent_code, head, valid_from, valid_to, successor_code"


class UnitImporter:
    kind = "units"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        return [
            duplicate_check("code", "unit code"),
            Check("parent_code", f"parent_code IS NOT NULL AND parent_code NOT IN {KNOWN}",
                  "unknown parent unit: not in the store nor in this file"),
            Check("parent_code", "parent_code = code", "a unit cannot be its own parent"),
            Check("successor_code", f"successor_code IS NOT NULL AND successor_code NOT IN {KNOWN}",
                  "unknown successor unit: not in the store nor in this file"),
            Check("valid_to", "valid_to < valid_from", "valid_to is before valid_from"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        names = [str(r[0]) for r in con.execute("SELECT DISTINCT name FROM stage").fetchall()]
        con.register("name_keys_in", pa.table({"name": names, "name_key": [name_key(n) for n in names]}))
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT s.code, s.name, k.name_key, s.kind, s.parent_code, "
            f"s.head, s.valid_from, s.valid_to, s.successor_code, hash({COLUMNS}) AS row_hash "
            "FROM stage s JOIN name_keys_in k USING (name)"
        )
        con.unregister("name_keys_in")
        con.execute(f"CREATE OR REPLACE TEMP VIEW units_hashed AS SELECT code, hash({COLUMNS}) AS row_hash FROM units")
        counts = changed_counts(ctx.store, "units_hashed", "code", "incoming")
        replace_changed(ctx.store, "units", "code", "incoming", COLUMNS)
        update_depths(ctx)
        return counts


def update_depths(ctx: Context) -> None:
    con = ctx.store.con
    con.execute(  # computed first, then applied: an UPDATE may not read the table it writes on PostgreSQL
        "CREATE OR REPLACE TEMP TABLE unit_depths AS WITH RECURSIVE tree(code, depth) AS ("
        " SELECT code, 0 FROM units WHERE parent_code IS NULL"
        " UNION ALL SELECT u.code, t.depth + 1 FROM units u JOIN tree t ON u.parent_code = t.code)"
        " SELECT code, depth FROM tree"
    )
    con.execute("UPDATE units SET depth = d.depth FROM unit_depths d WHERE units.code = d.code "
                "AND units.depth IS DISTINCT FROM d.depth")
    con.execute("DROP TABLE unit_depths")
    row = con.execute(
        "WITH RECURSIVE tree(code) AS (SELECT code FROM units WHERE parent_code IS NULL"
        " UNION ALL SELECT u.code FROM units u JOIN tree t ON u.parent_code = t.code)"
        " SELECT string_agg(code, ', ') FROM units WHERE code NOT IN (SELECT code FROM tree)"
    ).fetchone()
    if row and row[0]:
        raise ChisoError(f"units {row[0]} form a cycle of parents; nothing was written",
                         vi=f"các đơn vị {row[0]} tạo thành vòng cha–con; chưa ghi gì")
