"""Importing a national table of all provinces as published (766 totals, PAR Index, SIPAS, DTI, ICT index …)."""

from datetime import date

from chiso.domain.periods import parse_period
from chiso.domain.rankings import Regions, index_code, province_key
from chiso.store.importing import Check, Context, Counts, changed_counts, replace_changed
from chiso.store.kinds.reported import period_lookup
from chiso.store.staging import Resolver, register_lookup

COLUMNS = "index_code, period_label, period_start, period_end, province, province_key, score, rank, source"


class RankingImporter:
    kind = "rankings"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        known = Regions.load(ctx.store.config).known()

        def provinces(values: list[str]) -> dict[str, str]:
            return {v: province_key(v) for v in values if province_key(v) in known}

        return {"province": provinces, "period": period_lookup}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        return [
            Check("province", "count(*) OVER (PARTITION BY upper(index), period, province) > 1 "
                  "AND province IS NOT NULL",
                  "the same index, period and province appear more than once in this file"),
            Check("rank", "rank < 1", "a rank is 1 or more"),
            Check("score", "score IS NULL AND rank IS NULL", "give a score or a rank"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        index_of = {str(r[0]): index_code(str(r[0]))
                    for r in con.execute("SELECT DISTINCT index FROM stage").fetchall()}
        register_lookup(con, "index_codes", index_of)
        label_of = {str(r[0]): parse_period(str(r[0]), date.today()).label for r in con.execute(
            "SELECT DISTINCT trim(raw_period) FROM stage").fetchall()}
        register_lookup(con, "period_labels", label_of)
        con.execute("""
CREATE OR REPLACE TEMP TABLE incoming0 AS SELECT c.code AS index_code,
    l.code AS period_label, CAST(split_part(s.period, '..', 1) AS DATE) AS period_start,
    CAST(split_part(s.period, '..', 2) AS DATE) AS period_end, s.raw_province AS province, s.province AS province_key,
    CAST(s.score AS DOUBLE) AS score, CAST(s.rank AS INTEGER) AS rank, s.source
FROM stage s JOIN index_codes c ON c.raw = s.index JOIN period_labels l ON l.raw = trim(s.raw_period)""")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT concat_ws('|', index_code, period_label, "
                    f"province_key) AS key, {COLUMNS}, hash({COLUMNS}) AS row_hash, {ctx.import_id} AS import_id "
                    "FROM incoming0")
        counts = changed_counts(ctx.store, "national_scores", "key", "incoming")
        replace_changed(ctx.store, "national_scores", "key", "incoming")
        return counts
