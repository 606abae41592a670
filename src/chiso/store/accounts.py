"""Web accounts in the store: argon2id password hashes, server-side sessions, throttled logins."""

import hashlib
import secrets
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from chiso.domain.errors import ChisoError, InvalidValue
from chiso.domain.roles import Account, Role, parse_role
from chiso.store.audit import record
from chiso.store.store import Store

HASHER = PasswordHasher()
MIN_PASSWORD = 10
SESSION_HOURS = 8
MAX_FAILURES = 5          # failed logins from one address within FAILURE_WINDOW before a name is locked there
MAX_ADDRESS_FAILURES = 30  # failed logins from one address, whatever the names, before it is locked
FAILURE_WINDOW = timedelta(minutes=15)
_DUMMY = HASHER.hash("chiso-timing-equaliser")


class LoginThrottled(ChisoError):
    """Too many failed logins for this username recently."""


@dataclass(frozen=True)
class Session:
    token: str  # the cookie value (only its hash is stored)
    account: Account
    csrf: str
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(store: Store, username: str, role: str, unit: str | None, password: str, by: str,
             full_name: str = "") -> Account:
    name = username.strip()
    if not name or not name.replace(".", "").replace("_", "").replace("-", "").isalnum():
        raise InvalidValue("username", username, "letters, digits, '.', '_' or '-'")
    if len(password) < MIN_PASSWORD:
        raise InvalidValue("password", "…", f"at least {MIN_PASSWORD} characters")
    account = Account(name, parse_role(role), unit or None, full_name)
    if unit and store.con.execute("SELECT 1 FROM units WHERE code = ?", [unit]).fetchone() is None:
        raise InvalidValue("unit", unit, "a unit code from `chiso units list`")
    if store.con.execute("SELECT 1 FROM users WHERE username = ?", [name]).fetchone():
        raise InvalidValue("username", name, "a name not already taken (`chiso user list`)")
    store.con.execute("INSERT INTO users VALUES (?, ?, ?, ?, ?, TRUE, ?)",
                      [name, full_name, account.role.value, account.unit, HASHER.hash(password), datetime.now()])
    record(store, by, "user.add", name, None, f"{account.role.value} {account.unit or ''}".strip())
    return account


def list_users(store: Store) -> list[tuple[Account, bool, datetime]]:
    rows = store.con.execute("SELECT username, role, unit_code, full_name, active, created_at FROM users "
                             "ORDER BY username").fetchall()
    return [(Account(str(r[0]), Role(r[1]), r[2], r[3] or ""), bool(r[4]), r[5]) for r in rows]


def _failures(store: Store, username: str, ip: str, now: datetime) -> tuple[int, int]:
    """Recent failures of ``username`` from ``ip``, and of any name from ``ip``."""
    row = store.con.execute("SELECT count(*) FILTER (WHERE username = ?), count(*) FROM login_failures "
                            "WHERE coalesce(ip, '') = ? AND failed_at > ?",
                            [username, ip, now - FAILURE_WINDOW]).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def login(store: Store, username: str, password: str, now: datetime | None = None,
          ip: str = "", guard: AbstractContextManager[object] | None = None) -> Session | None:
    """A new session, or None for a wrong name or password.

    LoginThrottled after MAX_FAILURES failures of this name from this address, or MAX_ADDRESS_FAILURES of any
    names from it: someone elsewhere who does not know the password cannot lock the account out. ``guard`` (the
    web's lock on sessions and failures) is held only while they are read and written, not while the password is
    checked, so logins at the same moment check their passwords side by side. The caller bounds how many attempts
    from one address run at once (``Web.login_slot``), which bounds how far concurrent attempts can overrun the
    budget.
    """
    guard = guard or nullcontext()
    now = now or datetime.now()
    with guard:
        mine, address = _failures(store, username, ip, now)
        if mine >= MAX_FAILURES or address >= MAX_ADDRESS_FAILURES:
            raise LoginThrottled(f"too many failed logins from this address; try again in "
                                 f"{int(FAILURE_WINDOW.total_seconds() // 60)} minutes")
        row = store.con.execute("SELECT password_hash, role, unit_code, full_name FROM users WHERE username = ? "
                                "AND active", [username]).fetchone()
    try:
        HASHER.verify(row[0] if row else _DUMMY, password)
        ok = row is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or row is None:
        with guard:
            store.con.execute("INSERT INTO login_failures (username, failed_at, ip) VALUES (?, ?, ?)",
                              [username, now, ip])
        return None
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = now + timedelta(hours=SESSION_HOURS)
    with guard:
        store.con.execute("DELETE FROM login_failures WHERE username = ? AND coalesce(ip, '') = ?", [username, ip])
        store.con.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
                          [_digest(token), username, csrf, now, expires])
    return Session(token, Account(username, Role(row[1]), row[2], row[3] or ""), csrf, expires)


def session(store: Store, token: str, now: datetime | None = None) -> Session | None:
    now = now or datetime.now()
    row = store.con.execute(
        "SELECT s.username, u.role, u.unit_code, u.full_name, s.csrf, s.expires_at FROM sessions s "
        "JOIN users u ON u.username = s.username WHERE s.token_hash = ? AND s.expires_at > ? AND u.active",
        [_digest(token), now]).fetchone()
    if row is None:
        return None
    return Session(token, Account(str(row[0]), Role(row[1]), row[2], row[3] or ""), str(row[4]), row[5])


def logout(store: Store, token: str) -> None:
    store.con.execute("DELETE FROM sessions WHERE token_hash = ? OR expires_at < ?", [_digest(token), datetime.now()])


def set_active(store: Store, username: str, active: bool, by: str) -> None:
    """Enable or disable an account; disabling ends its sessions."""
    row = store.con.execute("SELECT active FROM users WHERE username = ?", [username]).fetchone()
    if row is None:
        raise InvalidValue("username", username, "an existing account (`chiso user list`)")
    store.con.execute("UPDATE users SET active = ? WHERE username = ?", [active, username])
    if not active:
        store.con.execute("DELETE FROM sessions WHERE username = ?", [username])
    record(store, by, "user.active", username, str(bool(row[0])).lower(), str(active).lower())


def set_password(store: Store, username: str, password: str, by: str) -> None:
    """A new password (argon2id); the account's sessions end."""
    if len(password) < MIN_PASSWORD:
        raise InvalidValue("password", "…", f"at least {MIN_PASSWORD} characters")
    if store.con.execute("SELECT 1 FROM users WHERE username = ?", [username]).fetchone() is None:
        raise InvalidValue("username", username, "an existing account (`chiso user list`)")
    store.con.execute("UPDATE users SET password_hash = ? WHERE username = ?", [HASHER.hash(password), username])
    store.con.execute("DELETE FROM sessions WHERE username = ?", [username])
    record(store, by, "user.password", username, None, "changed")
