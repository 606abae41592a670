"""The web server runs the alerts every ``alerts.every_minutes`` (as `chiso alerts run` does from cron), in a
background thread at a lower priority, writing under the server's write lock. With several server workers on one
machine, only the worker holding ``<home>/alerts.lock`` runs them, so nothing is sent twice."""

import fcntl
import logging
import threading
import time
from typing import IO

from chiso.notify.run import run_alerts
from chiso.web.core import Web, lower_priority

LOG = logging.getLogger("chiso.alerts")
FIRST_AFTER = 120.0  # seconds after the server starts at the latest (the first warm-up goes first)


def _holder(web: Web) -> IO[str] | None:
    """The lock file, held (for the life of the process) by the one worker that runs the alerts; else None."""
    path = web.workspace.home / "alerts.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return None
    return handle


def start(web: Web) -> threading.Thread | None:
    minutes = web.root.settings.number("alerts.every_minutes")
    if minutes <= 0:
        return None

    def loop() -> None:
        lower_priority()
        holder: IO[str] | None = None
        began = time.monotonic()
        while web.warm_runs == 0 and time.monotonic() - began < FIRST_AFTER:
            time.sleep(0.5)
        while True:
            holder = holder or _holder(web)
            if holder is not None:
                try:
                    result = run_alerts(web.store(live=True), lock=lambda: web.write_lock)
                    if result.new or result.errors:
                        LOG.info("alerts: new %s, sent %s, failed %s", result.new, result.sent, result.failed)
                except Exception:  # the next run tries again; the server goes on
                    LOG.exception("the alerts run failed")
            time.sleep(max(60, minutes * 60))

    thread = threading.Thread(target=loop, name="chiso-alerts", daemon=True)
    thread.start()
    return thread

