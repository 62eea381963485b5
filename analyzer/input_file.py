"""Reading a file the user names (config, baseline, rubric, answers, plan): every failure says which.

`read_input_text` refuses what is not a regular file before opening it (a FIFO would block the
run, a folder or device is a mistake) and reports undecodable bytes with their line.
`parse_bounded` runs a parser (tomllib, json, yaml) and turns the recursion a deeply nested
document causes into a plain error, so nesting in a file can never crash the command.
Callers turn `InputFileError` into their own error type (ConfigError, BaselineError, ...), whose
text reads `path:line: message`.
"""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")


class InputFileError(Exception):
    def __init__(self, line: int, message: str):
        self.line, self.message = line, message
        super().__init__(message)


def read_input_text(path: str | Path, what: str) -> str:
    """The UTF-8 text of a regular file `path`; InputFileError (with a line when there is one) otherwise."""
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except OSError as error:
        raise InputFileError(1, f"cannot read {what}: {error.strerror}") from None
    if stat.S_ISDIR(mode):
        raise InputFileError(1, f"{what} is a folder, not a file")
    if not stat.S_ISREG(mode):
        raise InputFileError(1, f"{what} is not a regular file (a pipe, socket or device is not read)")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputFileError(1, f"cannot read {what}: {error.strerror}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        raise InputFileError(line, f"{what} is not UTF-8 (byte {error.start}: {raw[error.start]:#04x})") from None


def parse_bounded(parse: Callable[[], T], what: str) -> T:
    """`parse()`, with nesting too deep for the parser reported as an error rather than a crash."""
    try:
        return parse()
    except (RecursionError, MemoryError):
        raise InputFileError(1, f"{what} is nested too deeply to read") from None
