"""One call from a store to report files: gather the figures once, compose, write each format asked for."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from chiso.domain.errors import InvalidValue
from chiso.domain.periods import Period
from chiso.reports.compose import compose
from chiso.reports.document import Report
from chiso.reports.formats import report_format
from chiso.reports.review import build_review
from chiso.store.store import Store


@dataclass(frozen=True)
class Generated:
    paths: list[Path]
    report: Report


def default_name(period: Period, unit: str | None, suffix: str) -> str:
    who = (unit or "tinh").replace("/", "-").replace(".", "-")
    return f"bao-cao-{period.label.replace('..', '_')}-{who}{suffix}"


def _target(output: Path | None, period: Period, unit: str | None, suffix: str, several: bool) -> Path:
    """A folder (existing, or a path without suffix) gets the default name; a file name gets ``suffix``."""
    if output is None:
        return Path(default_name(period, unit, suffix))
    if output.is_dir() or not output.suffix:
        return output / default_name(period, unit, suffix)
    if several or output.suffix.lower() == suffix:
        return output.with_suffix(suffix)
    raise InvalidValue("--output", str(output), f"a file ending in {suffix}, or a folder")


def review_report(store: Store, period: Period, unit: str | None = None, plans: Sequence[str] | None = None,
                  made: date | None = None, at: datetime | None = None) -> Report:
    """The review of ``unit`` (default: the province), composed from the store's figures, ready to be written."""
    return compose(build_review(store, period, unit, plans, made, at), store.settings)


def generate_review(store: Store, period: Period, formats: Sequence[str], output: Path | None = None,
                    unit: str | None = None, plans: Sequence[str] | None = None, made: date | None = None,
                    at: datetime | None = None) -> Generated:
    """Write the review of ``unit`` (default: the province) in every format of ``formats``."""
    writers = [report_format(f) for f in dict.fromkeys(formats)]
    if not writers:
        raise InvalidValue("--format", "", "at least one format")
    targets = [_target(output, period, unit, w.suffix, len(writers) > 1) for w in writers]
    report = review_report(store, period, unit, plans, made, at)
    for writer, path in zip(writers, targets, strict=True):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".part")
        try:
            writer.write(report, partial)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
    return Generated(targets, report)
