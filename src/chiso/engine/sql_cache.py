"""Compiled DuckDB statements kept on disk, so a new process does not compile the same indicators again.

Compiling catalogue filters through Ibis takes about 0.3 s per query; a CLI call or a report pays it on every
start. The key covers everything the SQL depends on: the indicator definitions, the breakdown, the settings
that change figures, and the versions of chiso, Ibis and sqlglot. The cache is an optimisation only: a file
that cannot be read or written is ignored.
"""

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING

from chiso.domain.catalogue import Indicator

if TYPE_CHECKING:
    from chiso.engine.compile import Compiled

FORMAT = 1


@dataclass(frozen=True)
class Statements:
    """One compiled query as DuckDB SQL: temporary-table stages, then the result."""

    indicators: tuple[Indicator, ...]
    stages: list[tuple[str, str]]
    final: str


@cache
def _versions() -> tuple[str, ...]:
    """Read once per process: package metadata lookups are slow for a per-query key."""
    return version("chiso"), version("ibis-framework"), version("sqlglot")


def cache_key(indicators: Sequence[Indicator], by: str | None, fingerprint: tuple[object, ...]) -> str:
    parts = [FORMAT, *_versions(), [repr(i) for i in indicators], by, repr(fingerprint)]
    return hashlib.sha256(json.dumps(parts, default=str).encode()).hexdigest()[:32]


def load(folder: Path, key: str, indicators: Sequence[Indicator]) -> list[Statements] | None:
    try:
        data = json.loads((folder / f"sql-{key}.json").read_text(encoding="utf-8"))
        by_id = {i.id: i for i in indicators}
        return [Statements(tuple(by_id[i] for i in s["indicators"]), [(n, q) for n, q in s["stages"]], s["final"])
                for s in data]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(folder: Path, key: str, statements: Sequence[Statements]) -> None:
    data = [{"indicators": [i.id for i in s.indicators], "stages": s.stages, "final": s.final} for s in statements]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".sql-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, folder / f"sql-{key}.json")
    except OSError:
        return


def to_statements(compiled: "Compiled") -> Statements:
    return Statements(compiled.indicators, compiled.stage_sql("duckdb"), compiled.sql("duckdb"))
