"""Make the upgrade test's store from a release: ``python scripts/release_store.py REV``.

The code at git revision REV (the last release) builds a small demo store, backs it up and computes its
figures; the backup and the figures go to ``tests/data/release/``. ``tests/test_postgres.py`` then restores that
backup with the current code on both engines (restore loads a backup at its own schema version and migrates it,
as opening an older store does) and checks that every row is kept and every figure is the same. Run it again
at each release, so that the next one's migrations are tested against a store its predecessor really made.
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "data" / "release"
PERIODS = ("2024-Q2", "2024-06", "2024")
INDICATORS = ("ON_TIME", "ONLINE_RATE", "DOSSIER_SYNC")


def main(rev: str) -> None:
    commit = subprocess.run(["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="chiso-release-") as tmp:
        source = Path(tmp, "source")
        subprocess.run(["git", "worktree", "add", "--detach", str(source), commit], cwd=ROOT, check=True,
                       capture_output=True)
        try:
            env = {**os.environ, "PYTHONPATH": str(source / "src"), "CHISO_HOME": str(Path(tmp, "data")),
                   "CHISO_CONFIG": str(Path(tmp, "config")), "CHISO_SECRET_KEY": "release-store"}
            env.pop("CHISO_DB", None)

            def run(*args: str) -> str:
                done = subprocess.run([sys.executable, "-m", "chiso", *args], env=env, capture_output=True,
                                      text=True, check=False)
                if done.returncode != 0:
                    raise SystemExit(f"chiso {' '.join(args)} at {commit[:7]}: {done.stderr}")
                return done.stdout

            run("demo", "--dossiers", "2000", "--seed", "7")
            OUT.mkdir(parents=True, exist_ok=True)
            run("backup", str(OUT / "store.zip"))
            figures: dict[str, object] = {}
            for period in PERIODS:
                figures[f"index {period}"] = json.loads(run("index", "compute", "--period", period, "--format",
                                                            "json"))
            for indicator in INDICATORS:
                figures[indicator] = json.loads(run("indicator", "compute", indicator, "--period", PERIODS[0],
                                                    "--format", "json"))
            (OUT / "figures.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n",
                                              encoding="utf-8")
            (OUT / "REVISION").write_text(commit + "\n", encoding="utf-8")
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(source)], cwd=ROOT, check=False,
                           capture_output=True)
    print(f"{OUT}: made by {commit[:7]}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    main(sys.argv[1])
