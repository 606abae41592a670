"""Importing scorecard scores in bulk: a round's self-assessment or appraisal sheet, or a survey's results (SIPAS),
one row per unit and criterion; checked against the scorecard's definition."""

from chiso.store.importing import Check, Context, Counts
from chiso.store.kinds.lookups import unit_resolver
from chiso.store.scorecards import versions
from chiso.store.staging import Resolver, lit


class ScoreImporter:
    kind = "scores"

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"unit": unit_resolver(ctx.store.con, ctx.store.config)}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        every = versions(ctx.store.config)
        cards = {ident: found[-1] for ident, found in every.items()}
        maxima_of: dict[tuple[str, str], float] = {}
        for ident, found in every.items():  # any version's criteria (the year's version is applied on reading)
            for card in found:
                for x in card.leaves:
                    if not x.computed:
                        maxima_of[(ident, x.code)] = max(x.maximum, maxima_of.get((ident, x.code), 0.0))
        scored = [(i, code, m) for (i, code), m in sorted(maxima_of.items())]
        known = ", ".join(lit(i) for i in sorted(cards)) or "''"
        pairs = " OR ".join(f"(scorecard = {lit(i)} AND criterion = {lit(code)})" for i, code, _ in scored) or "FALSE"
        maxima = " ".join(f"WHEN scorecard = {lit(i)} AND criterion = {lit(code)} THEN {m}" for i, code, m in scored)
        return [
            Check("scorecard", f"scorecard NOT IN ({known})", "unknown scorecard (see chiso scorecard list)"),
            Check("criterion", f"scorecard IN ({known}) AND NOT ({pairs})",
                  "not a criterion of this scorecard that is scored by hand (see chiso scorecard unit)"),
            Check("points", f"points < 0 OR points > (CASE {maxima or 'WHEN FALSE THEN 0'} ELSE 1e300 END)",
                  "points above the criterion's maximum, or below 0"),
            Check("explanation", "coalesce(stage, 'self') = 'appraisal' AND explanation IS NULL",
                  "an appraisal needs its reason"),
            Check("criterion", "count(*) OVER (PARTITION BY scorecard, year, unit, criterion, coalesce(stage, 'self')) "
                  "> 1", "the same scorecard, year, unit, criterion and stage appear more than once in this file"),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        before = con.execute("SELECT coalesce(max(id), 0) FROM scorecard_scores").fetchone()
        start = int(before[0]) if before else 0
        con.execute(f"""
INSERT INTO scorecard_scores
SELECT {start} + row_number() OVER (ORDER BY _line), scorecard, CAST(year AS INTEGER), unit, criterion,
    coalesce(stage, 'self'), CAST(points AS DOUBLE), explanation, NULL, NULL, NULL, 'import #{ctx.import_id}',
    current_timestamp::TIMESTAMP
FROM stage""")
        row = con.execute("SELECT count(*) FROM stage").fetchone()
        return Counts(inserted=int(row[0]) if row else 0)
