"""Per-file budgets: one file may cost so much time and memory, and no more.

An analyzer runs on trees it does not control, so one file must never stall the run or take
its memory. Each file is analysed under a `FileBudget` (defaults below; `--file-time-budget`,
`--file-memory-budget` or `file-time-budget` / `file-memory-budget` in the config change them):

- **Before parsing** (`screen_python`), because libcst parses in native code that cannot be
  interrupted: a file whose token count would take longer than the time budget to parse
  (`TOKENS_PER_SECOND`, measured on a loaded machine) or whose nesting CPython's own compiler
  refuses (deep operator chains, brackets nested past 200) is skipped with that reason.
- **While analysing** (`within_budget`): an interval timer checks the elapsed time and the
  growth of the process's resident memory every `CHECK_INTERVAL` seconds and raises
  `BudgetExceeded` in the Python code that is running; `MemoryError` counts as the memory
  budget. The caller skips the file with the exception's text as the reason.

Everything works inside one process and one call, so a process pool can call `within_budget`
around its own per-file function. The timer needs `signal.setitimer` and the main thread;
elsewhere (Windows, a worker thread) only the screen applies. Memory is read from
`/proc/self/statm` (Linux); where that is missing only the time budget is checked.
"""

from __future__ import annotations

import os
import re
import signal
import threading
import time
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator

DEFAULT_SECONDS = 30.0
DEFAULT_MEGABYTES = 1024
CHECK_INTERVAL = 0.05
# libcst's parse rate on a loaded 2-core machine was 7,000-11,000 tokens a second (1 MB of stdlib
# code: 220,000 tokens in 32 s); the screen assumes the slow end.
TOKENS_PER_SECOND = 7_000
_TOKEN = re.compile(r"\w+|[^\s\w]")


class BudgetExceeded(BaseException):
    """A file went over its time or memory budget; `str()` is the skip reason.

    A BaseException, like KeyboardInterrupt, so that no `except Exception` in a check swallows it.
    """


@dataclass(frozen=True)
class FileBudget:
    seconds: float = DEFAULT_SECONDS
    megabytes: int = DEFAULT_MEGABYTES

    @property
    def max_tokens(self) -> int:
        return int(self.seconds * TOKENS_PER_SECOND)

    def time_reason(self) -> str:
        return f"over the per-file time budget ({self.seconds:g} s; --file-time-budget)"

    def memory_reason(self) -> str:
        return f"over the per-file memory budget ({self.megabytes} MB; --file-memory-budget)"


def screen_python(text: str, budget: FileBudget) -> str | None:
    """Why this Python text must not reach the parser (a skip reason), or None.

    Never runs the code: `compile` only builds bytecode. CPython may reject syntax newer than
    itself; that is not our business here (libcst decides), only resource limits are.
    """
    tokens = sum(1 for _ in _TOKEN.finditer(text))
    if tokens > budget.max_tokens:
        return (f"{budget.time_reason()}: about {tokens} tokens, more than the parser gets through "
                f"in the budget ({budget.max_tokens})")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(text, "<screen>", "exec", dont_inherit=True)
    except RecursionError:
        return "too deeply nested to analyse (an expression or statement nests past CPython's own limit)"
    except MemoryError:
        return budget.memory_reason()
    except SyntaxError as error:
        if "too many nested" in str(error.msg):
            return f"too deeply nested to analyse (line {error.lineno}: {error.msg})"
    except (ValueError, OverflowError):
        pass  # NUL bytes and the like: the parser reports them itself
    return None


def _resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError, AttributeError):
        return None


@contextmanager
def within_budget(budget: FileBudget) -> Iterator[None]:
    """Run the body under `budget`; raises BudgetExceeded when it goes over."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return
    started, base = time.monotonic(), _resident_bytes()
    limit = budget.megabytes * 1024 * 1024

    def check(signum, frame):  # noqa: ARG001 - signal handler signature
        if time.monotonic() - started > budget.seconds:
            raise BudgetExceeded(budget.time_reason())
        if base is not None:
            now = _resident_bytes()
            if now is not None and now - base > limit:
                raise BudgetExceeded(budget.memory_reason())

    previous = signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, CHECK_INTERVAL, CHECK_INTERVAL)
    try:
        yield
    except MemoryError:
        raise BudgetExceeded(budget.memory_reason()) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, previous)
