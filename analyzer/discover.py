"""Which files to audit: walk the given paths, honour .gitignore, skip environments and build output."""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterable, Sequence

import pathspec

from analyzer.facts.agent_config.base import config_type, is_hook_script

# Folders never audited: VCS data, environments, caches, build output, vendored packages.
SKIP_DIRS = frozenset({
    ".git", ".hg", ".svn", "node_modules", "site-packages", "dist-packages", "__pycache__",
    ".venv", "venv", ".tox", ".nox", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".eggs",
    "build", "dist", ".ipynb_checkpoints", ".idea", ".vscode", "__pypackages__",
})
# Markdown read by default: agent instruction files at any depth and design documents.
DEFAULT_DOC_GLOBS = ("CLAUDE.md", "**/CLAUDE.md", "AGENTS.md", "**/AGENTS.md", "docs/**/*.md",
                     "ARCHITECTURE.md", "DESIGN.md", "CLAUDE.local.md", "**/CLAUDE.local.md", "GEMINI.md",
                     "**/GEMINI.md")
# Agent configuration files, by path relative to a project root (and, by pattern, the agent and
# command definitions of `analyzer/facts/agent_config/base.py:config_type`).
CONFIG_FILES = (".claude/settings.json", ".claude/settings.local.json", ".mcp.json", ".codex/config.toml",
                ".gemini/settings.json")

# Test code: `tests/...` (or `test/`, `testing/`), `test_*.py`, `*_test.py`, `conftest.py`.
_TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$")


def is_test_path(relpath: str) -> bool:
    """Is this (POSIX, relative) path test code? Tests are their own scope: they count for
    verification only, never as the agent's own evidence."""
    return bool(_TEST_PATH.search(relpath))


@dataclass(frozen=True, order=True)
class SourceFile:
    relpath: str  # POSIX, relative to the audited root
    path: Path
    kind: str  # python | markdown | config | shell


@dataclass(frozen=True)
class Discovery:
    root: Path
    files: tuple[SourceFile, ...]


def audit_root(paths: Sequence[Path]) -> Path:
    """The folder paths are reported relative to: the one folder given, or the common parent."""
    resolved = [p.resolve() for p in paths]
    if len(resolved) == 1:
        return resolved[0] if resolved[0].is_dir() else resolved[0].parent
    common = Path(os.path.commonpath([str(p) for p in resolved]))
    return common if common.is_dir() else common.parent


def discover(paths: Sequence[str | Path], exclude: Iterable[str] = (), doc_globs: Iterable[str] = ()) -> Discovery:
    """Files to audit under `paths`, sorted, each with its kind.

    A file named explicitly is audited whatever the ignore rules say (as ruff does), as long as
    it is of a kind we read.
    """
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(", ".join(missing))
    root = audit_root(given)
    excludes = tuple(exclude)
    docs = DEFAULT_DOC_GLOBS + tuple(doc_globs)
    found: dict[str, SourceFile] = {}
    for start in given:
        start = start.resolve()
        if start.is_file():
            relpath = _relative(start, root)
            kind = _kind(relpath, docs, explicit=True)
            if kind:
                found[relpath] = SourceFile(relpath, start, kind)
            continue
        for path in _walk(start, root, excludes):
            relpath = _relative(path, root)
            kind = _kind(relpath, docs, explicit=False)
            if kind:
                found[relpath] = SourceFile(relpath, path, kind)
    return Discovery(root=root, files=tuple(sorted(found.values())))


def _relative(path: Path, root: Path) -> str:
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        relative = path.as_posix()
    return printable_path(relative)


def printable_path(path: str) -> str:
    """A file name as reports print it: bytes that are not UTF-8 become `\\xNN` (never a crash on output)."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return path


def _kind(relpath: str, doc_globs: Sequence[str], explicit: bool) -> str | None:
    name = relpath.rsplit("/", 1)[-1]
    if name.endswith(".py"):
        return "python"
    if any(relpath == c or relpath.endswith("/" + c) for c in CONFIG_FILES) or config_type(relpath):
        return "config"
    if is_hook_script(relpath):
        return "shell"
    if name.lower().endswith(".md"):
        if explicit or any(_glob_match(relpath, g) for g in doc_globs):
            return "markdown"
    return None


def _glob_match(relpath: str, pattern: str) -> bool:
    path = PurePosixPath(relpath)
    if path.match(pattern):
        return True
    if pattern.startswith("**/"):
        return path.match(pattern[3:])
    if "**" in pattern:
        return fnmatch.fnmatch(relpath, pattern.replace("**/", "*"))
    return False


def _is_excluded(relpath: str, name: str, excludes: Sequence[str]) -> bool:
    return any(
        fnmatch.fnmatch(relpath, g) or fnmatch.fnmatch(name, g) or _glob_match(relpath, g)
        or fnmatch.fnmatch(relpath, g.rstrip("/") + "/*")
        for g in excludes
    )


def _walk(start: Path, root: Path, excludes: Sequence[str]) -> Iterable[Path]:
    """Depth-first, sorted, with .gitignore files applied from the folder they sit in."""
    ignores: list[tuple[Path, pathspec.GitIgnoreSpec]] = []
    # .gitignore files above the start folder (up to the audited root) apply too.
    for parent in reversed([start, *start.parents]):
        if parent != start and root not in (parent, *parent.parents):
            continue
        spec = _gitignore(parent)
        if spec and parent != start:
            ignores.append((parent, spec))
    yield from _walk_dir(start, root, excludes, ignores)


def _walk_dir(folder: Path, root: Path, excludes: Sequence[str], ignores: list) -> Iterable[Path]:
    """Depth-first and sorted, with an explicit stack: a tree thousands of folders deep is no crash."""
    stack = [iter(_entries(folder, ignores))]
    while stack:
        entry_and_ignores = next(stack[-1], None)
        if entry_and_ignores is None:
            stack.pop()
            continue
        entry, ignores_here = entry_and_ignores
        path = Path(entry.path)
        if entry.is_symlink():
            continue  # never follow links out of the tree (or into loops)
        is_dir = entry.is_dir(follow_symlinks=False)
        relpath = _relative(path, root)
        if _ignored(path, is_dir, ignores_here) or _is_excluded(relpath, entry.name, excludes):
            continue
        if is_dir:
            if entry.name in SKIP_DIRS or entry.name.endswith(".egg-info") or (path / "pyvenv.cfg").exists():
                continue
            stack.append(iter(_entries(path, ignores_here)))
        elif entry.is_file(follow_symlinks=False):
            yield path


def _entries(folder: Path, ignores: list) -> list[tuple[os.DirEntry, list]]:
    """A folder's entries, sorted, each with the ignore specs that apply inside the folder."""
    spec = _gitignore(folder)
    if spec:
        ignores = ignores + [(folder, spec)]
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError:
        return []
    return [(entry, ignores) for entry in entries]


def _gitignore(folder: Path) -> pathspec.GitIgnoreSpec | None:
    ignore_file = folder / ".gitignore"
    if not ignore_file.is_file():
        return None
    try:
        lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    patterns = [pattern for pattern in map(_safe_pattern, lines) if pattern is not None]
    return pathspec.GitIgnoreSpec.from_lines(patterns) if patterns else None


# A pattern with more `*` wildcards than this becomes a backtracking regular expression whose
# match time grows as name_length ** wildcards (8 wildcards: minutes per file name); git users
# do not write those, and such a line is left out rather than stalling the run.
MAX_WILDCARDS = 4


def _safe_pattern(line: str) -> str | None:
    """A .gitignore line that pathspec can compile and match in bounded time, or None to drop it.

    Runs of `*` inside a path segment mean the same as one `*` (only a whole `**` segment is
    special), so they are collapsed. A line git itself treats as invalid (a trailing `\\`)
    matches nothing, as in git.
    """
    if line.endswith("\\") and not line.endswith("\\\\"):
        return None
    segments = [segment if segment == "**" else re.sub(r"\*{2,}", "*", segment) for segment in line.split("/")]
    pattern = "/".join(segments)
    if sum(1 if segment == "**" else segment.count("*") for segment in segments) > MAX_WILDCARDS:
        return None
    try:
        pathspec.GitIgnoreSpec.from_lines([pattern])
    except Exception:  # noqa: BLE001 - pathspec's own error for a pattern git would not match either
        return None
    return pattern


def _ignored(path: Path, is_dir: bool, ignores: list[tuple[Path, pathspec.GitIgnoreSpec]]) -> bool:
    for base, spec in ignores:
        try:
            rel = path.relative_to(base).as_posix()
        except ValueError:
            continue
        if spec.match_file(rel + ("/" if is_dir else "")):
            return True
    return False
