"""PDF by rendering the Word report with LibreOffice (headless, a throw-away profile, no network)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from chiso.domain.errors import ChisoError

CANDIDATES = ("soffice", "libreoffice")
TIMEOUT_S = 180


def on_path(names: tuple[str, ...]) -> str | None:
    """The first of the programs ``names`` found on PATH."""
    return next((found for name in names if (found := shutil.which(name))), None)


def office() -> str:
    if found := on_path(CANDIDATES):
        return found
    raise ChisoError("PDF needs LibreOffice (Debian: apt install libreoffice-writer-nogui fonts-liberation); "
                     "--format docx works without it")


def docx_to_pdf(source: Path, target: Path) -> None:
    binary = office()
    with tempfile.TemporaryDirectory(prefix="chiso-office-") as tmp:
        profile = Path(tmp, "profile").as_uri()
        out = Path(tmp, "out")
        command = [binary, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nolockcheck",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(out), str(source)]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise ChisoError(f"LibreOffice did not finish converting {source.name} in {TIMEOUT_S} s") from None
        produced = out / (source.stem + ".pdf")
        if done.returncode != 0 or not produced.exists():
            raise ChisoError(f"LibreOffice could not convert {source.name} (exit {done.returncode}): "
                             f"{(done.stderr or done.stdout).strip()[:500]}")
        shutil.move(str(produced), target)
