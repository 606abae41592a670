"""A throw-away PostgreSQL server (Debian's package) in a temporary folder, for the tests on both engines.

initdb refuses to run as root, so as root the cluster belongs to the ``postgres`` system user that the Debian
package creates. The server listens on loopback only, on a free port, and is stopped and removed afterwards.
"""

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import count
from pathlib import Path

from tests.web_server import free_port

_NUMBERS = count(1)


def binaries() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not found:
        raise RuntimeError("PostgreSQL is not installed: run scripts/system-packages.sh --required (make test does)")
    return found[-1].parent


@dataclass
class PostgresServer:
    port: int
    bindir: Path

    def url(self, database: str) -> str:
        return f"postgresql://chiso@127.0.0.1:{self.port}/{database}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        done = subprocess.run([str(self.bindir / "psql"), "-X", "-q", "-At", "-h", "127.0.0.1", "-p", str(self.port),
                               "-U", "chiso", "-d", database, "-c", sql], capture_output=True, text=True, check=True)
        return done.stdout

    def new_database(self) -> str:
        """A new empty database; its URL."""
        name = f"chiso_t{os.getpid()}_{next(_NUMBERS)}"
        self.psql(f"CREATE DATABASE {name}")
        return self.url(name)


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextmanager
def postgres_server() -> Iterator[PostgresServer]:
    bindir = binaries()
    root = Path(tempfile.mkdtemp(prefix="chiso-pg-"))
    data = root / "data"
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    port = free_port()
    subprocess.run(_as_owner([str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "chiso", "-E", "UTF8",
                              "--locale", "C.UTF-8"]), check=True, capture_output=True)
    options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=200")
    subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w",
                              "start"]), check=True, capture_output=True)
    server = PostgresServer(port, bindir)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                server.psql("SELECT 1")
                break
            except subprocess.CalledProcessError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        subprocess.run(_as_owner([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
                       check=False, capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

