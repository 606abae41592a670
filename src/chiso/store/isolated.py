"""Reading an uploaded file in a separate, watched process, so that no file can take the server down.

Parsing is where a hostile or broken file does harm: a workbook that unpacks to gigabytes, millions of empty
rows, a crash inside a parser or the engine. The web server therefore reads every upload in a child process
(``store/watched.py``: forked from a clean fork server, nothing of the server's threads or connections is
inherited) with its own in-memory engine. The
parent watches it: past ``import.max_seconds`` of reading, or ``import.max_memory_mb`` of resident memory, the
child is killed; a child that dies (a segmentation fault, the kernel's out-of-memory killer) is reported as such.
The child also refuses files beyond ``import.max_rows``, ``import.max_columns`` and ``import.max_cells``. What it
read comes back as a Parquet file of text columns; the checks and the write then run as for any import, in one
transaction, so a refused or killed read writes nothing.
"""

import os
import signal
import tempfile
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from chiso.domain.errors import ChisoError
from chiso.domain.formatting import vn_number
from chiso.store.reader import Limits, Staged, stage_file
from chiso.store.staging import lit
from chiso.store.store import Store
from chiso.store.watched import Watch, run_watched


@dataclass(frozen=True)
class ReadLimits:
    """What reading one file may take (settings ``import.max_*``)."""

    seconds: float
    memory_mb: int
    rows: int
    columns: int
    cells: int
    workbook: Limits

    @classmethod
    def of(cls, store: Store) -> "ReadLimits":
        s = store.settings
        return cls(float(s.number("import.max_seconds")), s.number("import.max_memory_mb"),
                   s.number("import.max_rows"), s.number("import.max_columns"),
                   s.number("import.max_cells"), Limits(s.max_unpacked_mb, s.max_shared_strings_mb))


def _read(path: str, known: list[str], limits: ReadLimits, out: str, crash: bool,
          tell: Callable[[str], None]) -> dict[str, Any]:
    """In the child: stage the file with an engine of its own, check its size, save it as Parquet."""
    import duckdb

    if crash:  # test hook (CHISO_FAULT=reading in the server's environment): the reader crashes as a parser might
        os.kill(os.getpid(), signal.SIGSEGV)
    con = duckdb.connect(config={"memory_limit": f"{max(limits.memory_mb // 2, 64)}MB",
                                 "temp_directory": str(Path(out).parent / "spill")})
    staged = stage_file(con, Path(path), set(known), tell, limits.workbook)
    columns = len(staged.headers)
    if staged.rows > limits.rows:
        raise ChisoError(f"the file has {staged.rows:,} rows, more than import.max_rows ({limits.rows:,})",
                         vi=f"tệp có {vn_number(staged.rows, 0)} dòng, quá import.max_rows "
                         f"({vn_number(limits.rows, 0)})")
    if columns > limits.columns:
        raise ChisoError(f"the file has {columns:,} columns, more than import.max_columns ({limits.columns:,})",
                         vi=f"tệp có {vn_number(columns, 0)} cột, quá import.max_columns "
                         f"({vn_number(limits.columns, 0)})")
    if staged.rows * columns > limits.cells:
        raise ChisoError(f"the file has {staged.rows * columns:,} cells, more than import.max_cells "
                         f"({limits.cells:,})", vi=f"tệp có {vn_number(staged.rows * columns, 0)} ô, quá "
                         f"import.max_cells ({vn_number(limits.cells, 0)})")
    con.execute(f"COPY stage_raw TO {lit(out)} (FORMAT parquet)")
    return asdict(staged)


READING = ("reading the file", "đọc tệp")


def stage_isolated(store: Store, path: Path, known: set[str], tell: Callable[[str], None],
                   limits: ReadLimits | None = None) -> Staged:
    """Read ``path`` in a watched child process into the store's temporary table ``stage_raw``."""
    limits = limits or ReadLimits.of(store)
    watch = Watch(limits.seconds, limits.memory_mb, "import", READING, ("the reading process", "tiến trình đọc tệp"),
                  ("the file could not be read", "không đọc được tệp"))
    with tempfile.TemporaryDirectory(prefix="chiso-read-") as tmp:
        out = str(Path(tmp) / "stage.parquet")
        crash = os.environ.get("CHISO_FAULT") == "reading"
        fields = dict(run_watched(_read, (str(path), sorted(known), limits, out, crash), watch, tell, "chiso-read"))
        fields["bad_lines"] = [tuple(b) for b in fields.get("bad_lines", [])]
        store.con.execute(f"CREATE OR REPLACE TEMP TABLE stage_raw AS SELECT * FROM read_parquet({lit(out)})")
        return Staged(**fields)
