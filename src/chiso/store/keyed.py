"""Finding a few stored rows by key without reading the whole table.

On PostgreSQL the tables are read through DuckDB's scanner, which passes a constant list of keys down to
PostgreSQL (where an index finds them, migration 0016) but not a join or an ``IN (subquery)``: those read every row
of the table over the connection, about half a second per statement for 1.5 million dossiers. So where an import
or a local copy looks up the rows of its own few keys, the keys are written out as literals; past ``LITERAL_KEYS``
keys (a big file) reading the whole table is as cheap per row as anything, and the subquery stays. On the embedded
store the subquery is what the engine does best, and is left as it is.
"""

from collections.abc import Iterable

import duckdb

from chiso.store.staging import lit
from chiso.store.store import Store

LITERAL_KEYS = 5000


def keys_in(store: Store, column: str, keys: str, limit: int = LITERAL_KEYS) -> str:
    """A condition: ``column`` is one of the values of the one-column query ``keys``. ``FALSE`` when it has none
    (a NULL key matches nothing, as in ``IN``)."""
    if store.engine != "postgres":
        return f"{column} IN ({keys})"
    return literal_keys(store.con, column, keys, limit)


def literal_keys(con: duckdb.DuckDBPyConnection, column: str, keys: str, limit: int = LITERAL_KEYS) -> str:
    """``keys_in`` for a table attached from PostgreSQL: the keys written out when there are at most ``limit``."""
    rows = con.execute(f"SELECT DISTINCT * FROM ({keys}) k LIMIT {limit + 1}").fetchall()
    if len(rows) > limit:
        return f"{column} IN ({keys})"
    values = [str(r[0]) for r in rows if r[0] is not None]
    return f"{column} IN ({written(values)})" if values else "FALSE"


def written(keys: Iterable[str]) -> str:
    """``keys`` as a list of literals, for ``IN (…)``: what DuckDB's scanner passes down to PostgreSQL."""
    return ", ".join(lit(k) for k in keys)
