"""The provincial server's store: a PostgreSQL database, reached through DuckDB's PostgreSQL extension.

chiso's store code and the catalogue's compiled SQL speak DuckDB. On PostgreSQL every process opens an
in-memory DuckDB, loads the PostgreSQL extension shipped as a Python package (``duckdb-extension-postgres-scanner``,
installed with chiso; never downloaded at run time), and attaches the database as its default catalogue:
tables, rows and transactions live in PostgreSQL, so several server workers and CLI commands work on one
store at once, while staging tables of an import stay in the process's own memory. Migrations run natively
in PostgreSQL (the same files, translated by sqlglot), each in one transaction under an advisory lock.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import duckdb
import sqlglot

from chiso.domain.errors import ChisoError
from chiso.store.staging import lit

ALIAS = "chiso_store"
MIGRATION_LOCK = 7_246_271  # pg_advisory_xact_lock key: one migrating process at a time
# One writing transaction at a time (Store.transaction). LOCK TABLE takes no snapshot, so the transaction's
# snapshot (REPEATABLE READ) is taken after the lock is granted and sees the previous writer's rows.
WRITE_LOCK = "LOCK TABLE write_lock IN EXCLUSIVE MODE"


def redact(url: str) -> str:
    """The address without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def extension_file() -> Path:
    """The PostgreSQL extension built for the installed DuckDB, from the Python package that ships it."""
    try:
        import duckdb_extension_postgres_scanner as package  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ChisoError("PostgreSQL stores need the package duckdb-extension-postgres-scanner "
                         f"(== DuckDB {duckdb.__version__}); run 'make run' or pip install -r requirements.lock"
                         ) from None
    found = sorted(Path(str(package.__file__)).parent.glob(f"extensions/v{duckdb.__version__}/*.duckdb_extension"))
    if not found:
        raise ChisoError("the installed duckdb-extension-postgres-scanner is not built for DuckDB "
                         f"{duckdb.__version__}; reinstall from requirements.lock")
    return found[0]


def connect(url: str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with the PostgreSQL database attached as its default catalogue."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    con.execute(f"LOAD {lit(str(extension_file()))}")
    options = "TYPE postgres" + (", READ_ONLY" if read_only else "")
    try:
        con.execute(f"ATTACH {lit(_libpq(url))} AS {ALIAS} ({options})")
    except duckdb.Error as exc:
        con.close()
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ChisoError(f"cannot open store {redact(url)}: {_clean(first, url)}") from None
    con.execute(f"USE {ALIAS}")
    return con


def _libpq(url: str) -> str:
    """libpq takes the URL as it is; an application name makes chiso's sessions visible in pg_stat_activity."""
    joiner = "&" if "?" in url else "?"
    return url if "application_name=" in url else f"{url}{joiner}application_name=chiso"


def _clean(message: str, url: str) -> str:
    password = urlsplit(url).password
    return message.replace(password, "***") if password else message


def native(con: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run ``sql`` (PostgreSQL's dialect, several statements allowed) in PostgreSQL itself."""
    con.execute(f"CALL postgres_execute('{ALIAS}', ?)", [sql])


def native_rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple[object, ...]]:
    """The rows of the query ``sql`` (PostgreSQL's dialect, values written in), answered by PostgreSQL itself in
    the cursor's own transaction: with its indexes and aggregates, where the scanner would send every row over."""
    return con.execute(f"SELECT * FROM postgres_query({lit(ALIAS)}, {lit(sql)})").fetchall()


def translate_ddl(sql: str) -> str:
    """A migration written for DuckDB, in PostgreSQL's dialect (UBIGINT hashes become NUMERIC(20))."""
    statements = sqlglot.transpile(sql, read="duckdb", write="postgres", comments=False)
    text = ";\n".join(s for s in statements if s.strip())
    return re.sub(r"\bUBIGINT\b", "NUMERIC(20, 0)", text)


def migration_script(sql: str, version: int, name: str) -> str:
    """One migration with its bookkeeping, as a single PostgreSQL transaction under the migration lock."""
    safe_name = name.replace("'", "''")
    return (f"BEGIN;\nSELECT pg_advisory_xact_lock({MIGRATION_LOCK});\n"
            f"DO $chiso$ BEGIN IF NOT EXISTS (SELECT 1 FROM schema_migrations WHERE version = {int(version)}) THEN\n"
            f"EXECUTE {_dollar(translate_ddl(sql))};\n"
            f"INSERT INTO schema_migrations VALUES ({int(version)}, '{safe_name}', localtimestamp);\n"
            "END IF; END $chiso$;\nCOMMIT;")


def _dollar(text: str) -> str:
    tag = "$m$"
    if tag in text:
        raise ChisoError("a migration may not contain '$m$'")
    return f"{tag}{text}{tag}"


def drop_everything(con: duckdb.DuckDBPyConnection) -> None:
    """Empty the database's public schema (``chiso demo --force``)."""
    native(con, "DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;")
    con.execute("CALL pg_clear_cache()")
