"""Bench: page times of `chiso serve` under 20 concurrent users on loopback, goal p95 ≤ 300 ms per page.

The server runs on the demo store (1.5 M dossiers) in its own process(es). After it starts, the bench waits for
the server's background warm-up (the figures of every standard period, `/health`) and prints how long it took.
Each simulated user logs in with its own session. Phase 1 requests a fixed set of pages in turn for DURATION
seconds, after one pass. Phase 2, "random", requests random units × periods × pages for DURATION seconds (no page
was rendered before: only the figures are warm), with logins in the mix (one request in 25 is a new login) and,
half-way, an officer's web import of a small dossier file, which changes the data: every cached page and figure
is forgotten and warmed again while the users go on; the bench prints how long that re-warm took. Phase 2 has
every user ask for the next page as soon as one arrives (the server's capacity: with two cores shared with the
client, even the static file queues); phase 3 is the same mix with users reading each page THINK seconds on
average, as people do (other random pages, another import half-way). The reference, measured in the same run
under the same load, is a static file (/static/chiso.css).

`python bench/web.py` runs on the DuckDB file (one worker); `python bench/web.py --postgres` restores the same
demo into a throw-away PostgreSQL server (Debian's package, as the tests start it) and serves it with
`--workers 2` (`--workers N` to choose).
"""

import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(1, str(Path(__file__).resolve().parent.parent))
from tests.postgres_server import postgres_server

from index import STORES, build

USERS = 20
DURATION = 30.0
THINK = 3.0  # seconds a user reads a page before the next, on average, in the last phase
PORT = 8771
PERIOD = "2024-Q2"
PAGES = ["/static/chiso.css", f"/?period={PERIOD}", f"/unit/H21.03?period={PERIOD}",
         f"/unit/H21.03/metric/ON_TIME?period={PERIOD}", "/late?unit=H21.03", "/plans/KH-CDS-2024?period=2024-H1",
         f"/indicator/ONLINE_RATE?period={PERIOD}", f"/public/index?period={PERIOD}"]
PASSWORD = "bench-password-2024"


def log_in(url: str, username: str = "bench") -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=120)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    done = client.post("/login", data={"csrf": token.group(1), "username": username, "password": PASSWORD})
    assert done.status_code == 303, done.status_code
    return client


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    db = build(1_500_000)
    if "--postgres" in sys.argv:
        with postgres_server() as pg:
            url = pg.new_database()
            restore(STORES, db, url)
            workers = sys.argv[sys.argv.index("--workers") + 1] if "--workers" in sys.argv else "2"
            serve(url, f"PostgreSQL, {workers} worker{'s' if workers != '1' else ''}", ("--workers", workers))
        return
    serve(str(db), f"DuckDB {db.name}", ())


def restore(home: Path, db: Path, url: str) -> None:
    """The DuckDB store ``db`` (its key in ``home``) restored into the empty PostgreSQL database ``url``."""
    env = {**os.environ, "CHISO_HOME": str(home), "CHISO_DB": str(db)}
    archive = home / "demo-bench.chiso-backup"
    subprocess.run([sys.executable, "-m", "chiso", "backup", str(archive)], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "chiso", "restore", str(archive)], env={**env, "CHISO_DB": url},
                   check=True, capture_output=True)
    archive.unlink()


def start_server(home: Path, store: str, port: int, args: tuple[str, ...],
          users: tuple[tuple[str, str, str | None], ...]) -> tuple[subprocess.Popen[bytes], str]:
    """`chiso serve` on ``store`` with ``users`` (name, role, unit) added, once it answers; prints how long its
    background warm-up took. The caller stops the process."""
    env = {**os.environ, "CHISO_HOME": str(home), "CHISO_DB": store}
    for name, role, unit in users:
        subprocess.run([sys.executable, "-m", "chiso", "user", "add", name, "--role", role, "--password-stdin",
                        *(["--unit", unit] if unit else [])],
                       input=PASSWORD + "\n", text=True, env=env, capture_output=True, check=False)  # may exist
    server = subprocess.Popen([sys.executable, "-m", "chiso", "serve", "--port", str(port), *args], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            httpx.get(url + "/login", timeout=2)
            break
        except httpx.TransportError:
            time.sleep(0.2)
    print(f"background warm-up after start: {_wait_warm(url, 0):.1f} s")
    return server, url


def serve(store: str, label: str, args: tuple[str, ...]) -> None:
    server, url = start_server(STORES, store, PORT, args, (("bench", "steering", None),
                                                            ("bench-officer", "unit_officer", "H21.03")))
    try:
        _first_visits(url)
        warm = log_in(url)
        start = time.perf_counter()
        for page in PAGES:
            assert warm.get(page).status_code == 200, page
        print(f"warm-up pass (first computation of every page): {time.perf_counter() - start:.1f} s")
        times: dict[str, list[float]] = {p: [] for p in PAGES}
        errors: list[str] = []
        stop = time.perf_counter() + DURATION

        def user(k: int) -> None:
            client = log_in(url)
            i = k
            while time.perf_counter() < stop:
                page = PAGES[i % len(PAGES)]
                began = time.perf_counter()
                response = client.get(page)
                elapsed = time.perf_counter() - began
                if response.status_code != 200:
                    errors.append(f"{page}: {response.status_code}")
                times[page].append(elapsed)
                i += 1

        threads = [threading.Thread(target=user, args=(k,)) for k in range(USERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        random_times = _random_phase(url)
        reading_times = _random_phase(url, think=THINK)
    finally:
        server.terminate()
        server.wait(timeout=30)
    _print(times, errors, label, "fixed pages, after a warm-up pass")
    _print(random_times[0], random_times[1], label, "random units × periods × pages (cold), logins, an import")
    _print(reading_times[0], reading_times[1], label, f"the same, each user reading a page {THINK:.0f} s on average "
           "before the next")


def _import(url: str) -> tuple[float, int]:
    """An officer's web import of a small one-stop export (new dossiers of their unit); seconds and status."""
    client = log_in(url, "bench-officer")
    form = client.get("/entry/import").text
    token = re.search(r'name="csrf" value="([^"]+)"', form)
    assert token is not None
    stamp = int(time.time())
    rows = "\n".join(f"BENCH-{stamp}-{i:04d},1.001193,H21.03,H21.03,2025-12-01 09:00,2025-12-02 10:00,online"
                     for i in range(50))
    body = ("number,procedure,processing_unit,receiving_unit,received_at,finished_at,channel\n" + rows + "\n")
    began = time.perf_counter()
    done = client.post("/entry/import", data={"csrf": token.group(1), "kind": "dossiers"},
                       files={"file": ("bench.csv", body.encode("utf-8"), "text/csv")})
    return time.perf_counter() - began, done.status_code


FIRST_VISITS = {"overview": "/?period={p}", "unit": "/unit/{u}?period={p}",
                "metric": "/unit/{u}/metric/ON_TIME?period={p}",
                "indicator": "/indicator/ONLINE_RATE?period={p}&unit={u}", "late by unit": "/late/units",
                "late": "/late?unit={u}", "campaign": "/plans/629/KH-UBND?period={p}",
                "plan": "/plans/KH-CDS-2024?period={p}", "tasks": "/tasks?period={p}&unit={u}",
                "accountability": "/accountability?period={p}", "achievements": "/achievements?period={p}",
                "scorecard": "/scorecard?id=PAR_INDEX_UNITS&year=2025", "rankings": "/rankings"}


def _first_visits(url: str, rounds: int = 6) -> None:
    """One user alone, each main page for random units and periods never opened before (goal: any page ≤ 1 s;
    the late pages do not depend on the period, so after the first they are read from the page cache)."""
    client, rng = log_in(url), random.Random(7)
    codes = re.findall(r'href="/unit/([^"?/]+)\?', client.get(f"/?period={PERIOD}").text)
    periods = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)] + [f"{y}-Q{q}" for y in (2024, 2025)
                                                                              for q in range(1, 5)]
    print(f"\nfirst visits, one user, {rounds} random units × periods per page (goal ≤ 1000 ms):")
    print(f"{'page':<16} {'n':>3} {'p50 ms':>8} {'max ms':>8} {'≤1 s':>5}")
    for name, pattern in FIRST_VISITS.items():
        times = []
        for _ in range(rounds):
            path = pattern.format(u=rng.choice(codes), p=rng.choice(periods))
            began = time.perf_counter()
            assert client.get(path).status_code == 200, path
            times.append(time.perf_counter() - began)
        print(f"{name:<16} {len(times):3d} {1000 * statistics.median(times):8.0f} {1000 * max(times):8.0f} "
              f"{'yes' if max(times) <= 1 else 'NO':>5}")


def _wait_warm(url: str, runs: int) -> float:
    """Seconds until the server has finished a warm-up beyond ``runs`` (its ``/health``); every worker on PostgreSQL
    is asked until one answers warm, so the time is that of the worker answering."""
    began = time.perf_counter()
    while time.perf_counter() - began < 900:
        health = httpx.get(url + "/health", timeout=30).json()
        if health["warm_runs"] > runs and not health["warming"]:
            break
        time.sleep(0.5)
    return time.perf_counter() - began


def _random_phase(url: str, think: float = 0.0) -> tuple[dict[str, list[float]], list[str]]:
    """USERS users requesting random units, periods and pages for DURATION seconds; ``think``: the mean pause
    of a user between two pages (exponentially distributed; 0 = none, each user asks again at once)."""
    codes = re.findall(r'href="/unit/([^"?/]+)\?', log_in(url).get(f"/?period={PERIOD}").text)
    periods = [f"{y}-{m:02d}" for y in (2024, 2025) for m in range(1, 13)] + [
        f"{y}-Q{q}" for y in (2024, 2025) for q in range(1, 5)] + ["2024", "2025", "2024-H1", "2025-H2"]
    kinds = {"unit": "/unit/{u}?period={p}", "metric": "/unit/{u}/metric/ON_TIME?period={p}",
             "indicator": "/indicator/ONLINE_RATE?period={p}&unit={u}", "overview": "/?period={p}",
             "static": "/static/chiso.css"}
    times: dict[str, list[float]] = {k: [] for k in [*kinds, "login", "import (web, 50 dossiers)"]}
    errors: list[str] = []
    began_phase = time.perf_counter()
    stop = began_phase + DURATION
    slow: list[tuple[float, float, str]] = []  # seconds, moment in the phase, path
    imported: list[float] = []

    def user(k: int) -> None:
        client, rng = log_in(url), random.Random(k + (1000 if think else 0))  # other pages than phase 2's
        while time.perf_counter() < stop:
            if rng.random() < 1 / 25:
                began = time.perf_counter()
                client = log_in(url)
                times["login"].append(time.perf_counter() - began)
                continue
            kind = rng.choice(list(kinds))
            path = kinds[kind].format(u=rng.choice(codes), p=rng.choice(periods))
            began = time.perf_counter()
            response = client.get(path)
            times[kind].append(time.perf_counter() - began)
            slow.append((time.perf_counter() - began, began - began_phase, path))
            if response.status_code != 200:
                errors.append(f"{path}: {response.status_code}")
            if think:
                time.sleep(rng.expovariate(1 / think))

    def importer() -> None:
        time.sleep(DURATION / 2)
        runs = httpx.get(url + "/health").json()["warm_runs"]
        imported.append(time.perf_counter() - began_phase)
        seconds, status = _import(url)
        times["import (web, 50 dossiers)"].append(seconds)
        if status not in (200, 303):
            errors.append(f"import: {status}")
        print(f"re-warm after the import, while the users browse: {_wait_warm(url, runs):.1f} s")

    threads = [threading.Thread(target=user, args=(k,)) for k in range(USERS)] + [threading.Thread(target=importer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(f"slowest pages (the import began {imported[0] if imported else 0:.1f} s into the phase):")
    for seconds, moment, path in sorted(slow, reverse=True)[:8]:
        print(f"  {1000 * seconds:6.0f} ms at {moment:5.1f} s  {path}")
    return times, errors


def _print(times: dict[str, list[float]], errors: list[str], store: str, title: str, users: int = USERS,
           duration: float = DURATION) -> None:
    reference = percentile(next(v for k, v in times.items() if "static" in k or k.endswith(".css")), 0.95)
    total = sum(len(v) for v in times.values())
    slowest = 1000 * max(max(v) for v in times.values() if v)
    print(f"\n{title}: {users} users for {duration:.0f} s on loopback, {store}: {total} requests "
          f"({total / duration:.0f}/s), {len(errors)} errors; slowest {slowest:.0f} ms")
    for error in sorted(set(errors))[:5]:
        print(f"  error: {error}")
    print(f"{'page':<48} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95 × ref':>10} {'≤300':>5}")
    for page, values in times.items():
        if not values:
            continue
        p95 = percentile(values, 0.95)
        print(f"{page:<48} {len(values):5d} {1000 * statistics.median(values):8.0f} {1000 * p95:8.0f} "
              f"{1000 * percentile(values, 0.99):8.0f} {p95 / reference:10.1f} {'yes' if p95 <= 0.3 else 'NO':>5}")


if __name__ == "__main__":
    main()
