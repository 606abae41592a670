"""Importing a task register ("Danh mục nhiệm vụ"): STT, content, lead and coordinating units, deadline, assigning
document, progress; the headers vary by province and are matched like a one-stop export's."""

from chiso.domain.errors import InvalidValue
from chiso.domain.tasks import parse_deadline
from chiso.store.importing import Check, Context, Counts, changed_counts, future_checks, replace_changed
from chiso.store.kinds.lookups import coordinating_units, link_coordinators, unit_resolver
from chiso.store.staging import Resolver, parse_stamp

COLUMNS = ("code, content, lead_unit, coordinators, deadline_text, deadline, recurrence, due_day, recurs_from, "
           "recurs_to, product, document, document_date, progress, done_on, withdrawn, note, plan, target_code")
NUMBER = "coalesce(nullif(regexp_extract(document, '(\\d+[^\\s,;]*/[^\\s,;]+)', 1), ''), document)"  # 123/KH-UBND
CODE = f"coalesce(code, CASE WHEN document IS NOT NULL AND number IS NOT NULL THEN concat({NUMBER}, '#', number) END)"
DOCUMENT_DATE = ("coalesce(document_date, CAST("
                 + parse_stamp("regexp_extract(document, 'ng[àa]y\\s*(\\d{1,2}/\\d{1,2}/\\d{4})', 1)", ["%d/%m/%Y"])
                 + " AS DATE))")
KIND = "split_part(deadline, '|', 1)"
YEAR = f"coalesce(TRY_CAST(nullif(split_part(deadline, '|', 3), '') AS INTEGER), year({DOCUMENT_DATE}))"
DONE_TEXT = "regexp_matches(strip_accents(replace(lower(coalesce(progress, '')), 'đ', 'd')), '^\\s*(da )?hoan thanh')"


def deadline_lookup(values: list[str]) -> dict[str, str]:
    """Each deadline spelling as 'day|YYYY-MM-DD', or 'RECURRENCE|due day|year' (empty parts unknown)."""
    out: dict[str, str] = {}
    for value in values:
        try:
            found = parse_deadline(value)
        except InvalidValue:
            continue
        if found.day is not None:
            out[value] = f"day|{found.day:%Y-%m-%d}|"
        else:
            out[value] = f"{found.recurrence}|{found.due_day or ''}|{found.year or ''}"
    return out


class TaskImporter:
    kind = "tasks"
    owned_elsewhere = ("content", f"{CODE} IN (SELECT code FROM tasks WHERE lead_unit NOT IN {{inside}})")

    def resolvers(self, ctx: Context) -> dict[str, Resolver]:
        return {"lead_unit": unit_resolver(ctx.store.con, ctx.store.config), "deadline": deadline_lookup}

    def extra_columns(self, ctx: Context) -> list[str]:
        return []

    def checks(self, ctx: Context) -> list[Check]:
        return [
            Check("code", f"{CODE} IS NULL", "no task code: give 'Mã nhiệm vụ', or the assigning document and STT"),
            Check("code", f"{CODE} IS NOT NULL AND count(*) OVER (PARTITION BY {CODE}) > 1",
                  "the same task code appears more than once in this file"),
            Check("progress", f"done_on IS NULL AND {DONE_TEXT}",
                  "marked done without the day it was completed ('Ngày hoàn thành')"),
            Check("deadline", f"{KIND} NOT IN ('day', 'continuous') AND {YEAR} IS NULL",
                  "a recurring task needs its year: write it in the deadline (hằng quý năm 2024) or give the "
                  "document's date"),
            Check("done_on", f"done_on < {DOCUMENT_DATE}", "completed before the task was assigned"),
            Check("plan", "(plan IS NULL) <> (target_code IS NULL)", "give the plan and the target code together"),
            *future_checks(ctx, ["done_on"]),
        ]

    def write(self, ctx: Context) -> Counts:
        con = ctx.store.con
        con.execute(f"""
CREATE OR REPLACE TEMP TABLE incoming0 AS SELECT {CODE} AS code, content, lead_unit,
    coordinators, raw_deadline AS deadline_text,
    CASE WHEN {KIND} = 'day' THEN CAST(split_part(deadline, '|', 2) AS DATE) END AS deadline,
    CASE WHEN {KIND} <> 'day' THEN {KIND} END AS recurrence,
    TRY_CAST(nullif(split_part(deadline, '|', 2), '') AS INTEGER) AS due_day,
    CASE WHEN {KIND} NOT IN ('day', 'continuous') THEN greatest(make_date({YEAR}, 1, 1),
        coalesce({DOCUMENT_DATE}, make_date({YEAR}, 1, 1))) END AS recurs_from,
    CASE WHEN {KIND} NOT IN ('day', 'continuous') THEN make_date({YEAR}, 12, 31) END AS recurs_to,
    product, document, {DOCUMENT_DATE} AS document_date, progress, done_on, coalesce(withdrawn, FALSE) AS withdrawn,
    note, plan, target_code
FROM stage""")
        con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS SELECT *, hash({COLUMNS}) AS row_hash, "
                    f"{ctx.import_id} AS import_id FROM incoming0")
        counts = changed_counts(ctx.store, "tasks", "code", "incoming")
        replace_changed(ctx.store, "tasks", "code", "incoming")
        self._coordinators(ctx)
        return counts

    @staticmethod
    def _coordinators(ctx: Context) -> None:
        """The coordinating units the register names that chiso knows, linked to each task of the file."""
        rows = ctx.store.con.execute("SELECT code, lead_unit, coordinators FROM incoming").fetchall()
        link_coordinators(ctx.store, {str(code): coordinating_units(ctx.store, str(lead), text)
                                      for code, lead, text in rows})
