"""Work done in a separate, watched process, so that nothing it meets can take the server down.

The child is forked from multiprocessing's fork server: a clean process started once (nothing of the server's
threads or connections is inherited, as with ``spawn``) that has already imported what children need
(``preload``), so a child is ready in tens of milliseconds instead of the third of a second a new interpreter
takes on a quiet machine. It runs in a process group of its own, so that what it starts in turn
(LibreOffice for a PDF) ends with it, and at a lower priority (``NICE``, LibreOffice included), so that the
pages of the server that started it take the cores first. It tells its progress and its answer through a pipe.
The parent watches it: past ``seconds`` of work, or ``memory_mb`` of resident memory, the whole group is killed;
a child that dies (a segmentation fault, the kernel's out-of-memory killer) is reported as such. Every outcome
but the answer is a ``ChisoError`` with one sentence in English and Vietnamese.

Reading an upload (``store/isolated.py``) and writing a report from the web (``reports/isolated.py``) run this way.
"""

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from chiso.domain.errors import ChisoError

POLL = 0.1  # seconds between two looks at the child
NICE = 10  # how much lower than the server's a watched child's priority is (as the server's warm-up threads)
Pipe = multiprocessing.connection.Connection


@dataclass(frozen=True)
class Watch:
    """The limits of one piece of work, and how its sentences name it."""

    seconds: float
    memory_mb: int
    setting: str  # the settings' prefix of the limits: "import" (import.max_seconds, import.max_memory_mb)
    doing: tuple[str, str]  # the work, English and Vietnamese: ("reading the file", "đọc tệp")
    process: tuple[str, str]  # ("the reading process", "tiến trình đọc tệp")
    failed: tuple[str, str]  # the work failing: ("the file could not be read", "không đọc được tệp")
    undone: tuple[str, str] = ("nothing was written", "chưa ghi gì")


def preload(*modules: str) -> None:
    """Modules the fork server imports once, before its first child (the server names the work it will run)."""
    multiprocessing.set_forkserver_preload([*BASE_MODULES, *modules])


BASE_MODULES = ("duckdb", "pyarrow")
multiprocessing.set_forkserver_preload(list(BASE_MODULES))  # never the parent's __main__ (the default)


def run_watched(target: Callable[..., Any], args: tuple[Any, ...], watch: Watch, tell: Callable[[str], None],
                name: str = "chiso-work") -> Any:
    """Run ``target(*args, tell)`` in a watched child (``tell`` passes its progress on); what it returns, or a
    ``ChisoError``: its own, or a sentence for any other failure."""
    started = time.monotonic()  # the limit counts the child's start too
    context = multiprocessing.get_context("forkserver")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_grouped, args=(target, args, watch, send), name=name, daemon=True)
    child.start()
    send.close()
    try:
        return _watch(child, receive, watch, tell, started)
    finally:
        if child.is_alive() or child.exitcode is None:
            _kill(child.pid)
        child.join(5)
        receive.close()


def _grouped(target: Callable[..., Any], args: tuple[Any, ...], watch: Watch, pipe: Pipe) -> None:
    """In the child: a process group of its own (killed whole by the parent) at a lower priority, then the work;
    its answer, or its failure as a sentence in English and Vietnamese (never a traceback), goes back through the
    pipe."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    with contextlib.suppress(OSError):
        os.nice(NICE)
    doing, failed = watch.doing, watch.failed
    try:
        pipe.send(("done", target(*args, lambda step: pipe.send(("progress", step)))))
    except ChisoError as exc:
        pipe.send(("error", (str(exc), exc.vi)))
    except MemoryError:
        pipe.send(("error", (f"{doing[0]} needs more memory than {watch.setting}.max_memory_mb ({watch.memory_mb} MB)",
                             f"{doing[1]} cần nhiều bộ nhớ hơn {watch.setting}.max_memory_mb ({watch.memory_mb} MB)")))
    except Exception as exc:  # any other failure of a parser, a writer or the engine
        first = (str(exc).splitlines() or [type(exc).__name__])[0][:300]
        pipe.send(("error", (f"{failed[0]} ({type(exc).__name__}: {first})",
                             f"{failed[1]} ({type(exc).__name__}: {first})")))
    finally:
        pipe.close()


def _kill(pid: int | None) -> None:
    if not pid:
        return
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    with contextlib.suppress(OSError):
        os.kill(pid, signal.SIGKILL)


def resident_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _watch(child: Any, receive: Pipe, watch: Watch, tell: Callable[[str], None], started: float) -> Any:
    doing, undone = watch.doing, watch.undone
    late = ChisoError(f"{doing[0]} took longer than {watch.setting}.max_seconds ({watch.seconds:.0f} s); "
                      f"{undone[0]}", vi=f"{doing[1]} lâu hơn {watch.setting}.max_seconds ({watch.seconds:.0f} "
                      f"giây); {undone[1]}")
    while True:  # the limits first: a child over them is stopped even if its answer is already on its way
        if time.monotonic() - started > watch.seconds:
            _kill(child.pid)
            raise late
        if resident_mb(child.pid) > watch.memory_mb:
            _kill(child.pid)
            raise ChisoError(f"{doing[0]} needed more than {watch.setting}.max_memory_mb ({watch.memory_mb} MB); "
                             f"{undone[0]}", vi=f"{doing[1]} cần quá {watch.setting}.max_memory_mb "
                             f"({watch.memory_mb} MB); {undone[1]}")
        if receive.poll(POLL):
            try:
                kind, value = receive.recv()
            except EOFError:  # the child closed its end without an answer: it ended
                raise ChisoError(*_death(child, watch)) from None
            if kind == "progress":
                tell(str(value))
                continue
            if kind == "done":
                if time.monotonic() - started > watch.seconds:  # an answer past the limit is not taken
                    raise late
                return value
            if kind == "error":
                raise ChisoError(*value)
        if not child.is_alive() and not receive.poll(POLL):  # ended, and nothing more is coming
            raise ChisoError(*_death(child, watch))


def _death(child: Any, watch: Watch) -> tuple[str, str]:
    """Why the child ended without an answer, as a sentence in English and in Vietnamese."""
    child.join(1)
    code = child.exitcode
    process, undone = watch.process, watch.undone
    if not code:
        return (f"{process[0]} ended without an answer; {undone[0]}",
                f"{process[1]} kết thúc mà không trả lời; {undone[1]}")
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else str(-code)
        cause = {"SIGSEGV": ("a crash in a parser or the engine", "lỗi đổ vỡ trong bộ đọc hoặc bộ máy"),
                 "SIGKILL": ("killed, most likely for memory", "bị dừng, nhiều khả năng vì bộ nhớ")}.get(
            name, ("a signal", "một tín hiệu"))
        return (f"{process[0]} ended with {name} ({cause[0]}); {undone[0]}, the server goes on",
                f"{process[1]} kết thúc với {name} ({cause[1]}); {undone[1]}, máy chủ vẫn chạy")
    return (f"{process[0]} ended with status {code}; {undone[0]}",
            f"{process[1]} kết thúc với mã {code}; {undone[1]}")
