"""PDF of a web page (the overview, a unit page): its HTML printed to A4 by headless Chromium with the print
stylesheet, offline: the stylesheet is put inside the page, scripts are left out, collapsed sections are
opened, and Chromium resolves no host name, so nothing is fetched."""

import re
import subprocess
import tempfile
import threading
from pathlib import Path

from chiso.domain.errors import ChisoError
from chiso.reports.pdf import on_path

CANDIDATES = ("chromium", "chromium-browser", "google-chrome")
TIMEOUT_S = 60
AT_ONCE = 2  # Chromium processes at once in a server process (each takes ~150 MB)
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--no-pdf-header-footer"]
_SLOTS = threading.BoundedSemaphore(AT_ONCE)


def chromium() -> str:
    if found := on_path(CANDIDATES):
        return found
    raise ChisoError("PDF of a page needs Chromium (Debian: apt install chromium); the page's \"In / Lưu PDF\" "
                     "button prints it from the browser instead", vi="tạo PDF của trang cần Chromium (Debian: apt "
                     "install chromium); nút \"In / Lưu PDF\" của trang in được từ trình duyệt")


def offline_html(html: str, css: str) -> str:
    """The page as Chromium prints it: the stylesheet inside, no script, every collapsed section open."""
    html = re.sub(r"<link\b[^>]*rel=\"stylesheet\"[^>]*>", "", html)
    html = re.sub(r"<script\b[^>]*>.*?</script>", "", html, flags=re.DOTALL)
    html = re.sub(r"<details(?![^>]*\bopen\b)", "<details open", html)
    return html.replace("</head>", f"<style>{css}</style></head>", 1)


def html_to_pdf(html: str, css: str) -> bytes:
    """The PDF of ``html`` (A4, the print stylesheet of ``css``). Blocks for up to TIMEOUT_S: call it off the
    event loop."""
    binary = chromium()
    with _SLOTS, tempfile.TemporaryDirectory(prefix="chiso-page-") as tmp:
        page, out = Path(tmp, "page.html"), Path(tmp, "page.pdf")
        page.write_text(offline_html(html, css), encoding="utf-8")
        command = [binary, *ARGS, f"--user-data-dir={Path(tmp, 'profile')}", f"--print-to-pdf={out}", page.as_uri()]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired:
            raise ChisoError(f"Chromium did not print the page in {TIMEOUT_S} s",
                             vi=f"Chromium không in xong trang trong {TIMEOUT_S} giây") from None
        if done.returncode != 0 or not out.exists() or out.stat().st_size == 0:
            raise ChisoError(f"Chromium could not print the page (exit {done.returncode}): "
                             f"{(done.stderr or done.stdout).strip()[-300:]}",
                             vi=f"Chromium không in được trang (mã {done.returncode})")
        return out.read_bytes()
