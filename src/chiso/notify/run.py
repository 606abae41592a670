"""One alerts run (`chiso alerts run`, and the web server every ``alerts.every_minutes``): detect with every rule,
record what is new (each alert once), then deliver. The inbox has it at once; the webhook gets every new alert
at once; e-mail is a daily digest per person (at most one a day, from ``alerts.digest_hour``). A failing rule or
channel is reported and retried at the next run; it never stops the others."""

import contextlib
import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime, time
from functools import partial

from chiso.domain.alerts import AlertRule, load_rules
from chiso.domain.roles import Account, Role
from chiso.engine.alerts import detect
from chiso.engine.summary import latest_event
from chiso.engine.units import Units
from chiso.notify.channels import ENABLED, ChannelError, digest_text, post_webhook, send_email
from chiso.store.accounts import list_users
from chiso.store.alerts import Delivery, NewAlert, contacts, mailed_since, mark, pending, save
from chiso.store.store import Store

LOG = logging.getLogger("chiso.alerts")
WEBHOOK_BATCH = 500


@dataclass
class RunResult:
    at: datetime | None  # the moment of the data looked at
    found: dict[str, int] = field(default_factory=dict)  # rule -> subjects found now
    new: dict[str, int] = field(default_factory=dict)  # rule -> new alerts recorded (dry run: would be)
    sent: dict[str, int] = field(default_factory=dict)  # channel -> messages sent
    failed: dict[str, int] = field(default_factory=dict)  # channel -> messages that failed (retried later)
    errors: list[str] = field(default_factory=list)


def recipients(rule: AlertRule, unit: str | None, users: list[Account], heads: set[str],
               units: Units) -> tuple[str, ...]:
    """Who receives an alert of ``rule`` about ``unit``: its officers and those of the units above it (the
    province excepted), the heads of those units, the steering committee, as the rule says."""
    root = units.root().code
    near = [u for u in (units.ancestors(unit) if unit and unit in units.by_code else []) if u != root]
    out = []
    for account in users:
        mine = account.unit in near
        if ("unit" in rule.to and account.role is Role.UNIT_OFFICER and mine) or (
                "head" in rule.to and account.username in heads and mine) or (
                "steering" in rule.to and account.role in (Role.STEERING, Role.ADMIN)):
            out.append(account.username)
    return tuple(out)


def run_alerts(store: Store, now: datetime | None = None, dry_run: bool = False,
               lock: Callable[[], AbstractContextManager[object]] = contextlib.nullcontext) -> RunResult:
    """``lock`` is held around each write (the web server's write lock); sending happens outside it."""
    now = now or datetime.now()
    at = latest_event(store) or now
    result = RunResult(at)
    rules = load_rules(store.config)
    units = Units(store)
    accounts = [a for a, active, _ in list_users(store) if active]
    known = contacts(store)
    heads = {u for u, (_, head) in known.items() if head}
    emails = {u: e for u, (e, _) in known.items() if e}
    found: list[NewAlert] = []
    for rule in rules:
        try:
            hits = detect(store, rule, at)
        except Exception as exc:  # one broken rule must not stop the others
            LOG.exception("alert rule %s failed", rule.id)
            result.errors.append(f"{rule.id}: {type(exc).__name__}: {str(exc)[:200]}")
            continue
        result.found[rule.id] = len(hits)
        found += [NewAlert(rule.id, h.subject, h.unit, h.message, h.link,
                           recipients(rule, h.unit, accounts, heads, units)) for h in hits]
    settings = store.settings
    if dry_run:
        recorded = {(str(r), str(s)) for r, s in store.con.execute("SELECT rule, subject FROM alerts").fetchall()}
        for f in found:
            if (f.rule, f.subject) not in recorded:
                result.new[f.rule] = result.new.get(f.rule, 0) + 1
        return result
    with lock():
        fresh = save(store, found, emails if ENABLED["email"](settings) else {}, ENABLED["webhook"](settings), now)
    for f in fresh:
        result.new[f.rule] = result.new.get(f.rule, 0) + 1
    _deliver(store, now, result, lock, {a.username: a for a in accounts}, emails)
    return result


def _deliver(store: Store, now: datetime, result: RunResult, lock: Callable[[], AbstractContextManager[object]],
             accounts: dict[str, Account], emails: dict[str, str]) -> None:
    settings = store.settings
    attempts = settings.number("alerts.max_attempts")
    if ENABLED["webhook"](settings):
        waiting = pending(store, "webhook")
        for start in range(0, len(waiting), WEBHOOK_BATCH):
            batch = waiting[start:start + WEBHOOK_BATCH]
            alerts = [d.alert for d in batch]
            _try("webhook", batch, partial(post_webhook, settings, alerts), store, now, result, lock, attempts)
    if ENABLED["email"](settings) and now.hour >= settings.number("alerts.digest_hour"):
        by_person: dict[str, list[Delivery]] = {}
        for d in pending(store, "email"):
            by_person.setdefault(d.recipient, []).append(d)
        midnight = datetime.combine(now.date(), time())
        for person, items in by_person.items():
            address = emails.get(person)
            if address is None or mailed_since(store, person, midnight):
                continue  # no address any more (kept pending), or today's digest already went
            account = accounts.get(person)
            subject, body = digest_text([d.alert for d in items], settings.text("alerts.base_url"),
                                        account.full_name if account else "")
            _try("email", items, partial(send_email, settings, address, subject, body), store, now, result, lock,
                 attempts)


def _try(channel: str, items: list[Delivery], send: Callable[[], None], store: Store, now: datetime,
         result: RunResult, lock: Callable[[], AbstractContextManager[object]], attempts: int) -> None:
    try:
        send()
        error = None
        result.sent[channel] = result.sent.get(channel, 0) + 1
    except ChannelError as exc:
        error = str(exc)
        result.failed[channel] = result.failed.get(channel, 0) + 1
        result.errors.append(f"{channel}: {error}")
        LOG.warning("alerts: %s", error)
    with lock():
        mark(store, items, error, now, attempts)
