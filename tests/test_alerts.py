"""Alerts end to end on a demo store: the rules find due-soon and overdue dossiers, each alert is recorded once,
the inbox shows it, one e-mail digest per person reaches a real SMTP server on loopback (aiosmtpd), the webhook a
real HTTP receiver; a failing channel is reported and retried without stopping the rest."""

import hashlib
import hmac
import json
import os
import re
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import httpx
import pytest
from aiosmtpd.controller import Controller

from tests.conftest import chiso
from tests.web_server import free_port, start

SECRET = "webhook-secret-for-tests"


class Mailbox:
    """What the SMTP server on loopback received."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


class Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[tuple[dict[str, str], bytes]]] = []
    fail: ClassVar[bool] = False

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["content-length"]))
        if Receiver.fail:
            self.send_response(503)
        else:
            Receiver.received.append(({k.lower(): v for k, v in self.headers.items()}, body))
            self.send_response(204)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture(scope="module")
def webhook() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/chiso"
    server.shutdown()


@pytest.fixture(scope="module")
def smtp_port() -> int:
    return free_port()


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory, webhook: str, smtp_port: int) -> dict[str, str]:
    """A demo store with an officer, a head and the steering committee, their addresses, and settings that send
    e-mail to the loopback SMTP server and alerts to the loopback webhook."""
    root = tmp_path_factory.mktemp("alerts")
    env = {"CHISO_HOME": str(root / "data"), "CHISO_CONFIG": str(root / "config"), "CHISO_WEBHOOK_SECRET": SECRET}
    assert chiso("demo", "--dossiers", "40000", "--seed", "5", env=env).returncode == 0
    for user, role, unit, email in (("sotuphap", "unit_officer", "H21.03", "stp@gialai.gov.vn"),
                                    ("giamdoc", "unit_officer", "H21.03", "gd@gialai.gov.vn"),
                                    ("bcd", "steering", None, "bcd@gialai.gov.vn"),
                                    ("sotaichinh", "unit_officer", "H21.04", "stc@gialai.gov.vn")):
        import subprocess
        import sys

        args = ["user", "add", user, "--role", role, "--password-stdin"] + (["--unit", unit] if unit else [])
        done = subprocess.run([sys.executable, "-m", "chiso", *args], input="password-of-" + user + "\n",
                              capture_output=True, text=True, env={**os.environ, **env}, check=False)
        assert done.returncode == 0, done.stderr
        contact = chiso("user", "contact", user, "--email", email, *(["--head"] if user == "giamdoc" else []),
                        env=env)
        assert contact.returncode == 0, contact.stderr
    assert chiso("user", "contact", "bcd", "--email", "not an address", env=env).returncode == 1
    config = root / "config"
    config.mkdir(exist_ok=True)
    (config / "settings.toml").write_text(
        f'[alerts]\nsmtp_host = "127.0.0.1"\nsmtp_port = {smtp_port}\nsmtp_security = "none"\ndigest_hour = 0\n'
        f'webhook_url = "{webhook}"\nbase_url = "https://chiso.gialai.gov.vn"\n', encoding="utf-8")
    (config / "alerts.toml").write_text('[[rule]]\nid = "dossier_due_soon"\nkind = "dossier_due_soon"\n'
                                        'within_working_days = 5\nto = ["unit"]\n', encoding="utf-8")
    # A dossier received just before the data end, due within days and still open: it is not late yet.
    (root / "new.csv").write_text("number,procedure,processing_unit,receiving_unit,received_at,channel\n"
                                  "H21.03-251231-8001,1.001193,H21.03,H21.03,2025-12-31 08:00,online\n",
                                  encoding="utf-8")
    assert chiso("import", "dossiers", str(root / "new.csv"), env=env).returncode == 0
    return env


def run(env: dict[str, str], *args: str) -> tuple[int, str]:
    done = chiso("alerts", "run", *args, env=env)
    return done.returncode, done.stdout + done.stderr


def counts(env: dict[str, str]) -> dict[tuple[str, str, str], int]:
    rows = json.loads(chiso("alerts", "list", "--format", "json", env=env).stdout)
    return {(r["rule"], r["channel"], r["status"]): r["deliveries"] for r in rows}


def test_alerts_reach_the_inbox_by_mail_and_the_webhook(province: dict[str, str], smtp_port: int) -> None:
    code, out = run(province, "--dry-run")
    assert code == 0 and "dossier_due_soon" in out and "nothing written" in out
    assert counts(province) == {}, "a dry run records nothing"
    mailbox = Mailbox()
    # First run with the SMTP server down: e-mail fails and is reported, the inbox and webhook still work.
    code, out = run(province)
    assert code == 1 and "email" in out and "Connection refused" in out, out
    assert any(k[1] == "email" and k[2] == "pending" for k in counts(province)), "kept to be retried"
    assert Receiver.received, "the webhook got the alerts although e-mail failed"
    controller = Controller(mailbox, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    try:
        code, out = run(province)
        assert code == 0, out
        by_person = {tuple(to): m for to, m in mailbox.messages}
        assert set(by_person) >= {("stp@gialai.gov.vn",), ("gd@gialai.gov.vn",)}
        assert len(mailbox.messages) == len(by_person), "one digest per person"
        officer = by_person[("stp@gialai.gov.vn",)]
        text = officer.get_payload(decode=True)
        assert isinstance(text, bytes)
        body = text.decode("utf-8")
        assert "H21.03-251231-8001" in body and "sắp đến hạn" in body.lower(), "warned before it is late"
        assert "https://chiso.gialai.gov.vn/dossier/H21.03-251231-8001" in body
        assert "H21.04-" not in body, "an officer hears only of their own unit"
        head = by_person[("gd@gialai.gov.vn",)].get_payload(decode=True)
        assert isinstance(head, bytes) and "quá hạn" in head.decode("utf-8"), "the head hears of overdue dossiers"
        sent = len(mailbox.messages)
        code, out = run(province)
        assert code == 0 and len(mailbox.messages) == sent, "each alert once, and at most one digest a day"
    finally:
        controller.stop()
    headers, body_bytes = Receiver.received[0]
    expected = "sha256=" + hmac.new(SECRET.encode(), body_bytes, hashlib.sha256).hexdigest()
    assert headers["x-chiso-signature"] == expected
    posted = [a for _, b in Receiver.received for a in json.loads(b)["alerts"]]
    assert len({a["id"] for a in posted}) == len(posted), "each alert posted once"
    assert all(a["url"].startswith("https://chiso.gialai.gov.vn/") for a in posted)


def test_the_inbox_in_the_web_app(province: dict[str, str]) -> None:
    from starlette.testclient import TestClient

    from chiso.store.workspace import Workspace
    from chiso.web.app import create_app

    old = {k: os.environ.get(k) for k in province}
    os.environ.update(province)
    try:
        client = TestClient(create_app(Workspace.resolve(), warm=False))
        token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
        assert token is not None
        assert client.post("/login", data={"csrf": token.group(1), "username": "sotuphap",
                                           "password": "password-of-sotuphap"}, follow_redirects=False
                           ).status_code == 303
        page = client.get("/inbox").text
        unread = int(re.search(r'id="unread">[^<]*<strong>([\d.]+)', page).group(1).replace(".", ""))  # type: ignore[union-attr]
        assert unread > 0 and "H21.03-251231-8001" in page and "H21.04-" not in page
        assert f'class="count" aria-label="{unread} ' in client.get("/").text, "the menu counts unread alerts"
        ident = re.search(r'name="id" value="(\d+)"', page)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page)
        assert ident is not None and csrf is not None
        done = client.post("/inbox/read", data={"csrf": csrf.group(1), "id": ident.group(1)}, follow_redirects=False)
        assert done.status_code == 303
        after = client.get("/inbox").text
        assert f"<strong>{unread - 1:,}".replace(",", ".") in after
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_the_server_runs_the_alerts_itself(tmp_path: Path) -> None:
    """A real `chiso serve` runs the alerts on its own once its first warm-up is done."""
    config = tmp_path / "config"
    config.mkdir()
    (config / "settings.toml").write_text("[alerts]\nevery_minutes = 1\n", encoding="utf-8")
    for server in start(tmp_path):
        client = server.client("sotuphap")
        for _ in range(240):
            if 'class="count"' in client.get("/late").text or "H21.03-" in client.get("/inbox").text:
                break
            import time

            time.sleep(0.5)
        page = client.get("/inbox").text
        assert "H21.03-" in page, server.log_tail()
        assert httpx.get(server.url + "/health").json()["ok"]


def test_alerts_are_kept_once_on_both_engines(catalogue_store: Any) -> None:
    """The store side on DuckDB and PostgreSQL: recorded once per rule and subject, deliveries per channel,
    retries counted until the limit, the inbox read marks."""
    from datetime import datetime

    from chiso.store.accounts import add_user
    from chiso.store.alerts import NewAlert, inbox, mark, mark_read, pending, save, set_contact, unread

    store = catalogue_store
    add_user(store, "stp", "unit_officer", "H21.03", "password-of-stp", "test")
    set_contact(store, "stp", "stp@gialai.gov.vn", True, "test")
    now = datetime(2025, 12, 31, 17, 0)
    found = [NewAlert("dossier_overdue", f"D-{i}", "H21.03", f"Hồ sơ D-{i} quá hạn", f"/dossier/D-{i}", ("stp",))
             for i in range(3)]
    assert len(save(store, found, {"stp": "stp@gialai.gov.vn"}, True, now)) == 3
    assert save(store, found, {"stp": "stp@gialai.gov.vn"}, True, now) == [], "each alert once"
    assert unread(store, "stp") == 3 and len(pending(store, "email")) == 3 and len(pending(store, "webhook")) == 3
    mails = pending(store, "email")
    for _ in range(2):
        mark(store, pending(store, "email"), "SMTP down", now, max_attempts=2)
    assert pending(store, "email") == [], "given up after the limit"
    assert {d.attempts for d in mails} == {0}
    mark(store, pending(store, "webhook"), None, now, max_attempts=2)
    assert pending(store, "webhook") == []
    assert mark_read(store, "stp", [inbox(store, "stp")[0].alert.id], now) == 1 and unread(store, "stp") == 2
    assert mark_read(store, "stp", None, now) == 2 and unread(store, "stp") == 0
