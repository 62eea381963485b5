"""Facts for one discovered file, whatever its kind. Each file is analysed on its own."""

from __future__ import annotations

from typing import Callable

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


def extract(source: SourceFile) -> FileFacts:
    """Read and analyse one file. Unreadable or unparsable files come back with `skipped` set."""
    raw = read_source(source)
    return raw if isinstance(raw, FileFacts) else extract_bytes(source, raw)


def read_source(source: SourceFile) -> bytes | FileFacts:
    """The file's bytes, or facts saying why it is skipped (no reader, too big, unreadable)."""
    if source.kind not in EXTRACTORS:
        return FileFacts(path=source.relpath, kind=source.kind, skipped=f"no reader for {source.kind} files")
    try:
        size = source.path.stat().st_size
        if size > MAX_FILE_BYTES:
            return FileFacts(path=source.relpath, kind=source.kind,
                             skipped=f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
        return source.path.read_bytes()
    except OSError as error:
        return FileFacts(path=source.relpath, kind=source.kind, skipped=f"cannot read: {error.strerror}")


def extract_bytes(source: SourceFile, raw: bytes) -> FileFacts:
    """Analyse one file's bytes: a pure function of the bytes, the path and the kind (so it can be cached)."""
    extractor = EXTRACTORS[source.kind]
    if b"\x00" in raw[:8192]:
        return FileFacts(path=source.relpath, kind=source.kind, skipped="binary file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return FileFacts(path=source.relpath, kind=source.kind, skipped=f"not UTF-8 (byte {error.start})")
    try:
        facts = extractor(text, source.relpath)
    except RecursionError:
        return FileFacts(path=source.relpath, kind=source.kind, skipped="too deeply nested to analyse")
    except Exception as error:  # noqa: BLE001 - one bad file must not end the run; it is reported
        return FileFacts(path=source.relpath, kind=source.kind,
                         skipped=f"internal error while analysing ({type(error).__name__}: {error}); "
                                 "please report it with this file")
    if source.kind == "python" and not facts.skipped and looks_like_hook(text):
        facts.hook_actions = python_hook_actions(text, source.relpath)  # read when a client's settings run it
    facts.suppressions = find_suppressions(text, source.kind, source.relpath)  # inline ignore comments
    return facts
