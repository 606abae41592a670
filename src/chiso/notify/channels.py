"""The channels alerts leave chiso by, one registry: a channel sends one message (an e-mail digest to a person,
one webhook POST) and raises ``ChannelError`` with the reason when it cannot. The inbox needs no sending."""

import hashlib
import hmac
import json
import os
import smtplib
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

from chiso.domain.alerts import RULE_VI
from chiso.domain.settings import Settings
from chiso.store.alerts import Alert

TIMEOUT = 20  # seconds for one SMTP conversation or webhook POST
LINES_PER_RULE = 100


class ChannelError(Exception):
    """A message could not be delivered; the text says why (for the run's report and the retry)."""


def digest_text(alerts: Sequence[Alert], base_url: str, name: str) -> tuple[str, str]:
    """The subject and plain text of one person's digest: per rule, how many and each alert with its link."""
    base = base_url.rstrip("/")
    by_rule: dict[str, list[Alert]] = {}
    for a in alerts:
        by_rule.setdefault(a.rule, []).append(a)
    lines = [f"Kính gửi {name}," if name else "Kính gửi đồng chí,", "",
             f"chiso có {len(alerts)} cảnh báo mới cần đồng chí xem:", ""]
    for rule, items in by_rule.items():
        lines.append(f"{RULE_VI.get(rule, rule)}: {len(items)}")
        for a in items[:LINES_PER_RULE]:
            lines += [f"  - {a.message}", f"    {base}{a.link}"]
        if len(items) > LINES_PER_RULE:
            lines.append(f"  … và {len(items) - LINES_PER_RULE} cảnh báo khác: {base}/inbox")
        lines.append("")
    lines += [f"Hộp thư cảnh báo: {base}/inbox", "",
              "Thư gửi tự động từ chiso; không chứa thông tin cá nhân của người nộp hồ sơ."]
    return f"[chiso] {len(alerts)} cảnh báo mới", "\n".join(lines) + "\n"


def send_email(settings: Settings, to: str, subject: str, body: str) -> None:
    host = settings.text("alerts.smtp_host")
    if not host:
        raise ChannelError("no SMTP server (setting alerts.smtp_host)")
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.text("alerts.sender"), to, subject
    message["Date"], message["Message-ID"] = formatdate(localtime=True), make_msgid(domain="chiso")
    message.set_content(body, charset="utf-8")
    security, port = settings.text("alerts.smtp_security"), settings.number("alerts.smtp_port")
    try:
        if security == "ssl":
            client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(host, port, timeout=TIMEOUT)
        with client:
            if security == "starttls":
                client.starttls(context=ssl.create_default_context())
            user = settings.text("alerts.smtp_user")
            if user:
                client.login(user, os.environ.get("CHISO_SMTP_PASSWORD", ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        raise ChannelError(f"SMTP {host}:{port}: {type(exc).__name__}: {str(exc)[:200]}") from None


def post_webhook(settings: Settings, alerts: Sequence[Alert]) -> None:
    url = settings.text("alerts.webhook_url")
    if not url.startswith(("http://", "https://")):
        raise ChannelError(f"no webhook address (setting alerts.webhook_url: {url!r})")
    base = settings.text("alerts.base_url").rstrip("/")
    body = json.dumps({"alerts": [{"id": a.id, "rule": a.rule, "subject": a.subject, "unit_code": a.unit,
                                   "message": a.message, "url": base + a.link,
                                   "detected_at": a.detected_at.isoformat(timespec="seconds")} for a in alerts]},
                      ensure_ascii=False).encode("utf-8")
    headers = {"content-type": "application/json; charset=utf-8", "user-agent": "chiso-alerts"}
    secret = os.environ.get("CHISO_WEBHOOK_SECRET", "")
    if secret:
        headers["x-chiso-signature"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:
            if not 200 <= answer.status < 300:
                raise ChannelError(f"webhook {url}: HTTP {answer.status}")
    except urllib.error.HTTPError as exc:
        raise ChannelError(f"webhook {url}: HTTP {exc.code}") from None
    except (OSError, ValueError) as exc:
        raise ChannelError(f"webhook {url}: {type(exc).__name__}: {str(exc)[:200]}") from None


# channel -> whether the settings turn it on
ENABLED: dict[str, Callable[[Settings], bool]] = {
    "inbox": lambda s: True,
    "email": lambda s: bool(s.text("alerts.smtp_host")),
    "webhook": lambda s: bool(s.text("alerts.webhook_url")),
}
