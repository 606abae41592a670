"""Bench: a quarterly review report (charts and annexes) for the demo province, goal ≤ 10 s.

Each row runs in a fresh process (imports, compiled queries and LibreOffice start-up included), 3 times; the
table shows the median. The reference is the least a report must compute: `chiso index compute` for the same
quarter (the 766 ranking with the previous period and last year), measured in the same run.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from index import RUNS, STORES, build

PERIOD = "2024-Q2"
GOAL_S = 10.0


def timed(args: list[str], env: dict[str, str]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "chiso", *args], check=True, env=env, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    db = build(1_500_000)
    env = {**os.environ, "CHISO_HOME": str(STORES), "CHISO_DB": str(db)}
    with tempfile.TemporaryDirectory() as out:
        rows = [("reference: chiso index compute", timed(["index", "compute", "--period", PERIOD], env))]
        for fmt in ("docx", "xlsx", "pdf", "docx,xlsx,pdf"):
            rows.append((f"report review --format {fmt}", timed(
                ["report", "review", "--period", PERIOD, "--format", fmt, "--output", out], env)))
    reference = rows[0][1]
    print(f"Quarterly review {PERIOD}, demo store ({db.name}); median of {RUNS} runs, each a new process")
    print(f"{'command':<40} {'seconds':>8} {'× reference':>12} {'≤ 10 s':>7}")
    for name, seconds in rows:
        print(f"{name:<40} {seconds:8.2f} {seconds / reference:12.2f} {'yes' if seconds <= GOAL_S else 'NO':>7}")


if __name__ == "__main__":
    main()
