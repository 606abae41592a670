"""A real `chiso serve` on loopback over a small demo store, with one account per role (for the web tests)."""

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from playwright.sync_api import Page

from tests.conftest import chiso

ACCOUNTS = {  # username: (role, unit, password)
    "admin": ("admin", None, "admin-password-1"),
    "bcd": ("steering", None, "steering-password-1"),
    "sotuphap": ("unit_officer", "H21.03", "officer-password-1"),
    "xem": ("viewer", None, "viewer-password-1"),
}
PERIOD = "2024-Q2"
LATEST_QUARTER = "2025-Q4"  # the demo's data end on 31/12/2025 (chiso.demo.dossiers.DATA_END)
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def csrf(client: httpx.Client, path: str) -> str:
    """The CSRF token of the first form on ``path``."""
    token = re.search(r'name="csrf" value="([^"]+)"', client.get(path).text)
    assert token is not None, f"no CSRF token on {path}"
    return token.group(1)


@dataclass
class Server:
    url: str
    env: dict[str, str]
    expected: dict[str, object] = field(default_factory=dict)  # figures from the CLI, taken before serving
    log: Path | None = None  # what the server wrote

    def log_tail(self, lines: int = 40) -> str:
        if self.log is None or not self.log.exists():
            return ""
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])

    def client(self, username: str | None = None) -> httpx.Client:
        client = httpx.Client(base_url=self.url, follow_redirects=False, timeout=120)
        if username is not None:
            done = client.post("/login", data={"csrf": csrf(client, "/login"), "username": username,
                                               "password": ACCOUNTS[username][2], "next": "/"})
            assert done.status_code == 303, done.text[:300]
        return client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start(root: Path, store: str | None = None, serve_args: tuple[str, ...] = (),
          before_serving: Callable[[dict[str, str]], None] | None = None) -> Iterator[Server]:
    """A demo store (at ``store``: a DuckDB file by default, or a PostgreSQL URL) served by ``chiso serve``;
    ``before_serving`` runs CLI commands of its own in the environment given (e.g. making API tokens)."""
    env = {"CHISO_HOME": str(root / "data"), "CHISO_CONFIG": str(root / "config"),
           **({"CHISO_DB": store} if store else {})}
    done = chiso("demo", "--dossiers", "40000", "--seed", "5", env=env)
    assert done.returncode == 0, done.stderr
    for username, (role, unit, password) in ACCOUNTS.items():
        args = ["user", "add", username, "--role", role, "--password-stdin"] + (["--unit", unit] if unit else [])
        added = subprocess.run([sys.executable, "-m", "chiso", *args], input=password + "\n", capture_output=True,
                               text=True, env={**os.environ, **env}, check=False)
        assert added.returncode == 0, added.stderr
    expected: dict[str, object] = {}
    for unit in ("52", "H21.03"):
        out = chiso("index", "compute", "--period", PERIOD, "--unit", unit, "--format", "json", env=env)
        assert out.returncode == 0, out.stderr
        expected[unit] = json.loads(out.stdout)[0]
    plan = chiso("plan", "status", "KH-CDS-2024", "--at", "2024-06-30", "--format", "json", env=env)
    expected["plan"] = json.loads(plan.stdout)
    commands: tuple[tuple[str, tuple[str, ...]], ...] = (
        ("late_units", ("late", "units")), ("units", ("units", "list")),
        ("campaign", ("campaign", "status", "629/KH-UBND", "--at", "2024-06-30")),
        ("overdue_indicator", ("indicator", "compute", "OVERDUE_OPEN", "--period", LATEST_QUARTER, "--level",
                               "province")))
    for key, command in commands:
        out = chiso(*command, "--format", "json", env=env)
        assert out.returncode == 0, out.stderr
        expected[key] = json.loads(out.stdout)
    if before_serving is not None:
        before_serving(env)
    port = free_port()
    log = (root / "server.log").open("wb")  # a file, not a pipe nobody reads: a full pipe would stop the server
    process = subprocess.Popen([sys.executable, "-m", "chiso", "serve", "--port", str(port), *serve_args],
                               env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(url + "/login", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        else:
            raise AssertionError("chiso serve did not start")
        yield Server(url, env, expected, root / "server.log")
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def sign_in(page: Page, server: Server, username: str) -> Page:
    """``page`` logged in as ``username`` through the login form."""
    page.goto(server.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", ACCOUNTS[username][2])
    page.click("form.stack button")
    page.wait_for_load_state("load")
    return page
