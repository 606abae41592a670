"""Writing a report file in a watched process of its own (the web server's report jobs).

The figures are gathered and the text composed in the server, from the figures its pages keep; the Word, Excel or
PDF file is then written in a child process (``store/watched.py``) under the settings ``report.max_seconds`` and
``report.max_memory_mb``. A writer that hangs (LibreOffice), grows without bound or crashes ends its own job with a
sentence; the server goes on and no partial file is left.
"""

from collections.abc import Callable
from pathlib import Path

from chiso.domain.settings import Settings
from chiso.reports.document import Report
from chiso.reports.formats import report_format
from chiso.store.watched import Watch, run_watched


def _write(report: Report, fmt: str, path: str, tell: Callable[[str], None]) -> int:
    """In the child: write ``report`` in format ``fmt`` to ``path`` (through a partial file); its size."""
    target = Path(path)
    partial = target.with_name(target.name + ".part")
    tell("viết tệp / writing")
    report_format(fmt).write(report, partial)
    partial.replace(target)
    return target.stat().st_size


def write_isolated(report: Report, fmt: str, path: Path, settings: Settings, tell: Callable[[str], None]) -> int:
    """Write ``report`` to ``path`` in a watched child process; the file's size in bytes."""
    report_format(fmt)  # an unknown format is refused here, before a process is started
    watch = Watch(float(settings.number("report.max_seconds")), settings.number("report.max_memory_mb"), "report",
                  ("writing the report", "viết báo cáo"), ("the report process", "tiến trình viết báo cáo"),
                  ("the report could not be written", "không viết được báo cáo"),
                  ("no file was made", "chưa tạo tệp nào"))
    try:
        return int(run_watched(_write, (report, fmt, str(path)), watch, tell, "chiso-report"))
    finally:
        path.with_name(path.name + ".part").unlink(missing_ok=True)
