"""Bench: a one-stop system pushes 100,000 dossier records to POST /api/v1/dossiers in batches of 1,000 while 20
users browse; goal ≥ 5,000 records/s accepted and ≤ 5 s from a push to the late monitor showing its dossier.

The records are DVCQG sync records (dates yyyyMMddHHmmss, channel and status codes, units by name) of the last
weeks of the demo's data, spread over every unit and procedure; one record of each batch is open and overdue, and
the bench times how long after its push the late monitor of its unit lists it. Both run on copies of the bench
store (1.5 M dossiers): the push against `chiso serve` with 20 users reading random units × periods × pages (a
page every THINK seconds on average, as people do; logged in, and browsing for HEAD_START seconds before the first
batch), and, as the reference measured in the same run, `chiso
import` of the same records from one JSON file. Prints records/s of both, the push latency per batch, the
time-to-visible, the users' page times and the server's peak memory.
"""

import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index import STORES, build
from web import PASSWORD, log_in, percentile

RECORDS = int(os.environ.get("CHISO_BENCH_PUSH_RECORDS", "100000"))
BATCH = 1000
USERS = int(os.environ.get("CHISO_BENCH_PUSH_USERS", "20"))
THINK = 3.0
HEAD_START = 5.0  # seconds the users browse before the first batch
POLL = 0.25  # seconds between two looks at the late monitor for a batch's marker (its resolution)
PORT = 8772
CHANNELS = (1, 2, 3)


def chiso(env: dict[str, str], *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "chiso", *args], env={**os.environ, **env}, input=stdin,
                          capture_output=True, text=True, check=False)


def make_records(env: dict[str, str]) -> tuple[list[dict[str, object]], list[str]]:
    """RECORDS records over the store's units and procedures, and the marker numbers (one per batch)."""
    units = json.loads(chiso(env, "units", "list", "--format", "json").stdout)
    procedures = [p["code"] for p in json.loads(chiso(env, "procedures", "list", "--format", "json").stdout)
                  if p.get("time_limit")]
    names = [u["name"] for u in units if u.get("parent_code")]
    quick = [p["code"] for p in json.loads(chiso(env, "procedures", "list", "--format", "json").stdout)
             if re.fullmatch(r"[1-5] ngày làm việc", str(p.get("time_limit") or ""))]  # markers: overdue by 31/12
    rng = random.Random(2025)
    stamp = int(time.time())
    out: list[dict[str, object]] = []
    markers: list[str] = []
    for i in range(RECORDS):
        day = 1 + rng.randrange(0, 29)
        hour = 7 + rng.randrange(0, 10)
        number = f"PUSH-{stamp}-{i:06d}"
        unit = rng.choice(names)
        record: dict[str, object] = {
            "MaHoSo": number, "MaTTHC": rng.choice(procedures), "KenhThucHien": rng.choice(CHANNELS),
            "SoGiayToChuHoSo": f"0641{rng.randrange(10**7, 10**8)}", "ChuHoSo": "Người nộp mô phỏng",
            "NgayTiepNhan": f"202512{day:02d}{hour:02d}{rng.randrange(60):02d}00", "TrangThaiHoSo": 4,
            "NoiNopHoSo": unit, "DonViXuLy": unit, "DanhSachLePhi": []}
        if rng.random() < 0.6:
            end = min(29, day + rng.randrange(0, 3))
            record.update(TrangThaiHoSo=10, NgayKetThucXuLy=f"202512{end:02d}17{rng.randrange(60):02d}00")
        if i % BATCH == BATCH // 2:  # the marker: open since 01/12, overdue at the data end
            record.update(NgayTiepNhan="20251201080000", TrangThaiHoSo=4, DonViXuLy=names[i % len(names)],
                          NoiNopHoSo=names[i % len(names)], MaTTHC=quick[i % len(quick)])
            record.pop("NgayKetThucXuLy", None)
            markers.append(number)
        out.append(record)
    return out, markers


def copy_store(source: Path, folder: Path) -> dict[str, str]:
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, folder / source.name)
    shutil.copy(STORES / "secret.key", folder / "secret.key")
    return {"CHISO_HOME": str(folder), "CHISO_DB": str(folder / source.name), "CHISO_CONFIG": str(folder / "config")}


def peak_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def file_import(env: dict[str, str], records: list[dict[str, object]], tmp: Path) -> float:
    path = tmp / "push-records.json"
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    began = time.perf_counter()
    done = chiso(env, "import", "dossiers", str(path))
    seconds = time.perf_counter() - began
    assert done.returncode == 0, done.stderr[-800:]
    return seconds


def main() -> None:
    source = build(1_500_000)
    with tempfile.TemporaryDirectory(prefix="chiso-push-") as tmp_text:
        tmp = Path(tmp_text)
        reference_env = copy_store(source, tmp / "file")
        records, markers = make_records(reference_env)
        import_seconds = file_import(reference_env, records, tmp)
        print(f"reference, `chiso import` of the same {RECORDS:,} records from one JSON file: {import_seconds:.1f} s "
              f"({RECORDS / import_seconds:,.0f} records/s)")
        shutil.rmtree(tmp / "file")
        env = copy_store(source, tmp / "push")
        token = chiso(env, "token", "add", "bench-motcua", "--push").stdout.strip().splitlines()[-1]
        for name, role, unit in (("bench", "steering", None),):
            chiso(env, "user", "add", name, "--role", role, "--password-stdin", *(["--unit", unit] if unit else []),
                  stdin=PASSWORD + "\n")
        server = subprocess.Popen([sys.executable, "-m", "chiso", "serve", "--port", str(PORT)],
                                  env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        url = f"http://127.0.0.1:{PORT}"
        try:
            for _ in range(600):
                try:
                    if httpx.get(url + "/health", timeout=5).json()["warm_runs"] > 0:
                        break
                except (httpx.TransportError, ValueError):
                    pass
                time.sleep(0.5)
            _run(url, token, records, markers, server.pid)
        finally:
            server.terminate()
            server.wait(timeout=60)


def _run(url: str, token: str, records: list[dict[str, object]], markers: list[str], pid: int) -> None:
    reader = log_in(url)
    codes = re.findall(r'href="/unit/([^"?/]+)\?', reader.get("/?period=2025-Q4").text)
    unit_of = {u["name"]: u["code"] for u in reader.get("/api/v1/units?page_size=1000").json()["items"]}
    periods = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2025-Q{q}" for q in range(1, 5)] + ["2025", "2024-Q4"]
    kinds = {"unit": "/unit/{u}?period={p}", "overview": "/?period={p}", "late": "/late?unit={u}",
             "indicator": "/indicator/ONLINE_RATE?period={p}&unit={u}"}
    pages: dict[str, list[float]] = {k: [] for k in kinds}
    errors: list[str] = []
    done = threading.Event()

    # The users and the operations centre's screens are logged in, and the users browsing, before the first batch:
    # the bench times pushes while people browse, not a storm of logins (password hashing) at the same moment.
    clients = [log_in(url) for _ in range(USERS)]
    screens = [log_in(url) for _ in range(0, len(markers), 10)]  # one per timed batch

    def user(k: int) -> None:
        client, rng = clients[k], random.Random(k)
        while not done.is_set():
            kind = rng.choice(list(kinds))
            path = kinds[kind].format(u=rng.choice(codes), p=rng.choice(periods))
            began = time.perf_counter()
            try:
                status = client.get(path).status_code
            except httpx.TransportError as exc:  # e.g. a kept-alive connection the server had just closed
                errors.append(f"{path}: {type(exc).__name__}")
                client = log_in(url)
                continue
            pages[kind].append(time.perf_counter() - began)
            if status != 200:
                errors.append(f"{path}: {status}")
            done.wait(rng.expovariate(1 / THINK))

    threads = [threading.Thread(target=user, args=(k,)) for k in range(USERS)]
    for t in threads:
        t.start()
    time.sleep(HEAD_START)
    pusher = httpx.Client(base_url=url, timeout=300, headers={"authorization": f"Bearer {token}"})
    latencies: list[float] = []
    visible: list[float] = []
    accepted = 0
    probes: list[threading.Thread] = []

    def watch(marker: dict[str, object], sent: float, client: httpx.Client) -> None:
        """Poll the late monitor of the marker's unit (narrowed to its procedure) every POLL seconds until it lists
        the marker (an operations centre refreshing four times a second; ten times, as this bench did, added as
        much load as the users)."""
        path = (f"/late?unit={unit_of.get(str(marker['DonViXuLy']), '')}&state=overdue"
                f"&procedure={marker['MaTTHC']}")
        while time.perf_counter() - sent < 60:
            if str(marker["MaHoSo"]) in client.get(path).text:
                visible.append(time.perf_counter() - sent)
                return
            time.sleep(POLL)
        errors.append(f"marker {marker['MaHoSo']} not on the late monitor after 60 s")

    began = time.perf_counter()
    for batch, start in enumerate(range(0, len(records), BATCH)):
        chunk = records[start:start + BATCH]
        sent = time.perf_counter()
        answer = pusher.post("/api/v1/dossiers", json=chunk)
        latencies.append(time.perf_counter() - sent)
        if answer.status_code != 200:
            errors.append(f"push {batch}: {answer.status_code} {answer.text[:200]}")
            continue
        accepted += answer.json()["accepted"]
        if batch % 10 == 0 and batch < len(markers):  # every tenth batch: how soon its overdue dossier shows
            marker = next(r for r in chunk if r["MaHoSo"] == markers[batch])
            probe = threading.Thread(target=watch, args=(marker, sent, screens[batch // 10]))
            probe.start()
            probes.append(probe)
    seconds = time.perf_counter() - began
    for probe in probes:
        probe.join()
    done.set()
    for t in threads:
        t.join()
    print(f"\npush of {len(records):,} records in batches of {BATCH:,} while {USERS} users browse: {seconds:.1f} s, "
          f"{accepted:,} accepted, {accepted / seconds:,.0f} records/s (goal ≥ 5,000), {len(errors)} errors")
    for error in errors[:5]:
        print(f"  error: {error}")
    print(f"  one batch: p50 {1000 * statistics.median(latencies):.0f} ms, "
          f"p95 {1000 * percentile(latencies, 0.95):.0f} ms, max {1000 * max(latencies):.0f} ms")
    if visible:
        print(f"  push → late monitor: p50 {statistics.median(visible):.2f} s, max {max(visible):.2f} s "
              f"(goal ≤ 5 s, {len(visible)} batches timed)")
    print(f"  server peak memory (VmHWM): {peak_rss_mb(pid):,.0f} MB")
    print(f"{'page':<12} {'n':>5} {'p50 ms':>8} {'p95 ms':>8} {'≤300':>5}")
    for kind, values in pages.items():
        if values:
            p95 = percentile(values, 0.95)
            print(f"{kind:<12} {len(values):5d} {1000 * statistics.median(values):8.0f} {1000 * p95:8.0f} "
                  f"{'yes' if p95 <= 0.3 else 'NO':>5}")


if __name__ == "__main__":
    main()
