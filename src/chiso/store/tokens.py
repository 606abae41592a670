"""API tokens: how another system (a one-stop system pushing dossiers, an operations centre reading figures)
authenticates. A token is random, shown once when it is made; the store keeps only its SHA-256 (a random
256-bit secret needs no slow hash), its name, what it may do and the units it is scoped to. Revoking keeps the
row (the audit log names it); every change is audited."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from chiso.domain.errors import InvalidValue
from chiso.store.audit import record
from chiso.store.store import Store

PREFIX = "chiso_"
NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@dataclass(frozen=True)
class ApiToken:
    name: str
    may_push: bool
    may_read: bool
    units: tuple[str, ...]  # each with its descendants; empty: every unit
    created_by: str
    created_at: datetime
    revoked_at: datetime | None = None

    @property
    def everywhere(self) -> bool:
        return not self.units


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def add_token(store: Store, name: str, units: list[str], may_push: bool, may_read: bool, by: str) -> str:
    """Make a token; returns the secret (shown once, never stored)."""
    name = name.strip()
    if not name or len(name) > 64 or set(name) - NAME_CHARS:
        raise InvalidValue("token name", name, "1–64 letters, digits, '.', '_' or '-'")
    if not (may_push or may_read):
        raise InvalidValue("token rights", "none", "--push and/or --read")
    codes = sorted(dict.fromkeys(u.strip() for u in units if u.strip()))
    for code in codes:
        if store.con.execute("SELECT 1 FROM units WHERE code = ?", [code]).fetchone() is None:
            raise InvalidValue("unit", code, "a unit code from `chiso units list`")
    if store.con.execute("SELECT 1 FROM api_tokens WHERE name = ?", [name]).fetchone():
        raise InvalidValue("token name", name, "a name not already taken (`chiso token list`)")
    secret = PREFIX + secrets.token_urlsafe(32)
    with store.transaction():
        store.con.execute("INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?, ?, ?, NULL)",
                          [name, digest(secret), may_push, may_read, " ".join(codes), by, datetime.now()])
        rights = "+".join(r for r, ok in (("push", may_push), ("read", may_read)) if ok)
        record(store, by, "token.add", name, None, f"{rights} {' '.join(codes) or '*'}")
    return secret


def _token(row: tuple[object, ...]) -> ApiToken:
    name, push, read, units, by, at, revoked = row
    assert isinstance(at, datetime)
    return ApiToken(str(name), bool(push), bool(read), tuple(str(units).split()), str(by), at,
                    revoked if isinstance(revoked, datetime) else None)


FIELDS = "name, may_push, may_read, units, created_by, created_at, revoked_at"


def list_tokens(store: Store) -> list[ApiToken]:
    return [_token(r) for r in store.con.execute(f"SELECT {FIELDS} FROM api_tokens ORDER BY name").fetchall()]


def revoke_token(store: Store, name: str, by: str) -> None:
    row = store.con.execute("SELECT revoked_at FROM api_tokens WHERE name = ?", [name]).fetchone()
    if row is None:
        raise InvalidValue("token name", name, "a token from `chiso token list`")
    if row[0] is not None:
        return
    with store.transaction():
        store.con.execute("UPDATE api_tokens SET revoked_at = ? WHERE name = ?", [datetime.now(), name])
        record(store, by, "token.revoke", name, None, None)


def find_token(store: Store, secret: str) -> ApiToken | None:
    """The live token whose secret this is, or None (unknown, malformed or revoked)."""
    if not secret.startswith(PREFIX) or len(secret) > 200:
        return None
    row = store.con.execute(f"SELECT {FIELDS} FROM api_tokens WHERE token_sha256 = ? AND revoked_at IS NULL",
                            [digest(secret)]).fetchone()
    return None if row is None else _token(row)
