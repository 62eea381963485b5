"""Internal errors: exit 3 with one line naming what was being processed, never a bare traceback.

Exit codes are a contract with CI: 0 clean, 1 findings, 2 usage or configuration, 3 a bug in
harness-audit. Code that works on one input names it with `working_on(path)`; when an
unexpected exception escapes a command, `report_internal_error` prints

    harness-audit: internal error while reading agent.py: KeyError: 'x' (run with --debug for
    the traceback, and please report it)

and the command exits 3. `--debug` (anywhere on the command line) or HARNESS_AUDIT_DEBUG=1
prints the traceback as well.
"""

from __future__ import annotations

import os
import sys
import traceback
from contextlib import contextmanager
from typing import Iterator

EXIT_INTERNAL = 3
_current: list[str] = []
_failed_in: list[str] = []  # the innermost input named when an exception left working_on
_debug = [os.environ.get("HARNESS_AUDIT_DEBUG", "") not in ("", "0")]


def set_debug(on: bool) -> None:
    _debug[0] = _debug[0] or on


def debugging() -> bool:
    return _debug[0]


@contextmanager
def working_on(what: str) -> Iterator[None]:
    """Name the input being processed, for the internal-error line."""
    _current.append(what)
    try:
        yield
    except BaseException:
        if not _failed_in:
            _failed_in.append(what)
        raise
    finally:
        _current.pop()


def report_internal_error(error: BaseException) -> int:
    """Print the one-line report (and the traceback with --debug); returns the exit code."""
    named = _failed_in or _current
    where = f" while processing {named[-1]}" if named else ""
    try:
        text = str(error)
    except BaseException:  # noqa: BLE001 - the report must not crash
        text = ""
    text = " ".join(text.split())[:300]
    if debugging():
        traceback.print_exception(type(error), error, error.__traceback__, file=sys.stderr)
    hint = "" if debugging() else "run with --debug for the traceback, and "
    sys.stderr.write(f"harness-audit: internal error{where}: {type(error).__name__}"
                     f"{': ' + text if text else ''} ({hint}please report it)\n")
    _current.clear()
    _failed_in.clear()
    return EXIT_INTERNAL
