"""Bench: page times of `chiso serve` under 20 concurrent users on loopback, goal p95 ≤ 300 ms per page.

The server runs on the demo store (1.5 M dossiers) in its own process. Each simulated user logs in with its own
session and requests the pages in turn for DURATION seconds, after one warm-up pass. The reference, measured in
the same run under the same load, is a static file (/static/chiso.css): the floor of the stack.
"""

import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index import STORES, build

USERS = 20
DURATION = 30.0
PORT = 8771
PERIOD = "2024-Q2"
PAGES = ["/static/chiso.css", f"/?period={PERIOD}", f"/unit/H21.03?period={PERIOD}",
         f"/unit/H21.03/metric/ON_TIME?period={PERIOD}", "/late?unit=H21.03", "/plans/KH-CDS-2024?period=2024-H1",
         f"/indicator/ONLINE_RATE?period={PERIOD}", f"/public/index?period={PERIOD}"]
PASSWORD = "bench-password-2024"


def log_in(url: str) -> httpx.Client:
    client = httpx.Client(base_url=url, timeout=120)
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert token is not None
    done = client.post("/login", data={"csrf": token.group(1), "username": "bench", "password": PASSWORD})
    assert done.status_code == 303, done.status_code
    return client


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def main() -> None:
    db = build(1_500_000)
    env = {**os.environ, "CHISO_HOME": str(STORES), "CHISO_DB": str(db)}
    subprocess.run([sys.executable, "-m", "chiso", "user", "add", "bench", "--role", "steering", "--password-stdin"],
                   input=PASSWORD + "\n", text=True, env=env, capture_output=True, check=False)  # may exist
    server = subprocess.Popen([sys.executable, "-m", "chiso", "serve", "--port", str(PORT)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(300):
            try:
                httpx.get(url + "/login", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.2)
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
    finally:
        server.terminate()
        server.wait(timeout=30)
    reference = percentile(times[PAGES[0]], 0.95)
    total = sum(len(v) for v in times.values())
    print(f"{USERS} users for {DURATION:.0f} s on loopback, demo store {db.name}: {total} requests "
          f"({total / DURATION:.0f}/s), {len(errors)} errors")
    print(f"{'page':<48} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'p95 × ref':>10} {'≤300':>5}")
    for page, values in times.items():
        p95 = percentile(values, 0.95)
        print(f"{page:<48} {len(values):5d} {1000 * statistics.median(values):8.0f} {1000 * p95:8.0f} "
              f"{1000 * percentile(values, 0.99):8.0f} {p95 / reference:10.1f} {'yes' if p95 <= 0.3 else 'NO':>5}")


if __name__ == "__main__":
    main()
