"""Facts for one discovered file, whatever its kind. Each file is analysed on its own.

Whatever a file holds, `extract` returns: a file that cannot be read, decoded, parsed or
analysed within its budget (analyzer/budget.py), or that trips a bug in a check, comes back
with `skipped` set to the reason, and the run goes on without it.
"""

from __future__ import annotations

import io
import tokenize
from typing import Callable

from analyzer.budget import BudgetExceeded, FileBudget, screen_python, within_budget
from analyzer.discover import SourceFile
from analyzer.facts.agent_config import analyze_config, analyze_shell, load_config_checks
from analyzer.facts.agent_config.hook_python import looks_like_hook, python_hook_actions
from analyzer.facts.check import Check
from analyzer.facts.docs import analyze_markdown, load_markdown_checks
from analyzer.facts.model import FileFacts
from analyzer.facts.python import analyze_python, load_checks
from analyzer.suppress import find_suppressions

# kind -> function(text, relpath, checks=None) -> FileFacts, one per kind of file (and of check).
EXTRACTORS: dict[str, Callable[..., FileFacts]] = {
    "python": analyze_python,
    "markdown": analyze_markdown,
    "config": analyze_config,
    "shell": analyze_shell,
}

MAX_FILE_BYTES = 2_000_000


def all_checks() -> list[type[Check]]:
    """Every check an audit runs: Python, then agent config, then Markdown, each kind by id."""
    return [*load_checks(), *load_config_checks(), *load_markdown_checks()]


def extract(source: SourceFile, budget: FileBudget = FileBudget()) -> FileFacts:
    """Read and analyse one file. Unreadable, unparsable or over-budget files come back with `skipped` set."""
    raw = read_source(source)
    return raw if isinstance(raw, FileFacts) else extract_bytes(source, raw, budget)


def read_source(source: SourceFile) -> bytes | FileFacts:
    """The file's bytes, or facts saying why it is skipped (no reader, too big, unreadable)."""
    if source.kind not in EXTRACTORS:
        return _skipped(source, f"no reader for {source.kind} files")
    try:
        size = source.path.stat().st_size
        if size > MAX_FILE_BYTES:
            return _skipped(source, f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
        return source.path.read_bytes()
    except OSError as error:
        return _skipped(source, f"cannot read: {error.strerror}")


def extract_bytes(source: SourceFile, raw: bytes, budget: FileBudget = FileBudget()) -> FileFacts:
    """Analyse one file's bytes: a pure function of the bytes, the path and the kind (so it can be
    cached); a file skipped for its budget is not (the budget is not in the key)."""
    extractor = EXTRACTORS[source.kind]
    if b"\x00" in raw[:8192]:
        return _skipped(source, "binary file")
    text, problem = decode(raw, source.kind)
    if text is None:
        return _skipped(source, problem)
    if source.kind == "python":
        reason = screen_python(text, budget)
        if reason:
            return _skipped(source, reason)
        load_checks()  # importing the checks is the run's cost, not this file's
    try:
        with within_budget(budget):
            facts = extractor(text, source.relpath)
            if source.kind == "python" and not facts.skipped and looks_like_hook(text):
                facts.hook_actions = python_hook_actions(text, source.relpath)  # read when a client's settings run it
            facts.suppressions = find_suppressions(text, source.kind, source.relpath)  # inline ignore comments
    except BudgetExceeded as error:
        return _skipped(source, str(error))
    except RecursionError:
        return _skipped(source, "too deeply nested to analyse")
    except Exception as error:  # noqa: BLE001 - one bad file must not end the run; it is reported
        if _caused_by_recursion(error):
            return _skipped(source, "too deeply nested to analyse")
        return _skipped(source, f"internal error while analysing ({type(error).__name__}: {_describe(error)}); "
                                "please report it with this file (run with --debug for the traceback)")
    return facts


def decode(raw: bytes, kind: str) -> tuple[str | None, str]:
    """The file's text, or None and why not. Python follows PEP 263 (a BOM or a coding cookie)."""
    encoding = "utf-8-sig"
    if kind == "python":
        try:
            encoding, _ = tokenize.detect_encoding(io.BytesIO(raw).readline)
        except SyntaxError as error:  # an unknown encoding or a BOM that contradicts the cookie
            return None, f"cannot decode: {error.msg if hasattr(error, 'msg') else error}"
    try:
        return raw.decode(encoding), ""
    except UnicodeDecodeError as error:
        name = "UTF-8" if encoding.startswith("utf-8") else encoding
        line = raw.count(b"\n", 0, error.start) + 1
        return None, f"not {name} (line {line}, byte {error.start})"
    except LookupError:
        return None, f"unknown encoding {encoding!r}"


def _skipped(source: SourceFile, reason: str) -> FileFacts:
    return FileFacts(path=source.relpath, kind=source.kind, skipped=reason)


def _caused_by_recursion(error: BaseException) -> bool:
    seen = 0
    while error is not None and seen < 50:
        if isinstance(error, RecursionError):
            return True
        error, seen = error.__cause__ or error.__context__, seen + 1
    return False


def _describe(error: BaseException) -> str:
    """The error's text, short and never raising (a KeyError holding a deep node cannot be printed)."""
    try:
        text = str(error)
    except BaseException:  # noqa: BLE001 - the description must not become the crash
        return "(no description)"
    return text if len(text) <= 200 else text[:200] + "..."
