"""Project configuration: `[tool.harness-audit]` in pyproject.toml, or a `.harness-audit.toml`.

```toml
[tool.harness-audit]            # in .harness-audit.toml the same keys are top-level
fail-on = "high"                # critical | high | medium | low | info | none
exclude = ["legacy/**", "scripts/*.py"]
docs = ["design/*.md"]          # more Markdown to read as design docs
select = ["P2", "P5", "HA101"]  # only these (rule or primitive ids, or slugs)
ignore = ["P12", "HA102"]
rubric = ["ops/harness-rubric.yaml"]   # relative to this file
file-time-budget = 30           # seconds one file may take before it is skipped (analyzer/budget.py)
file-memory-budget = 1024       # MB one file's analysis may add

[tool.harness-audit.severity]
HA102 = "medium"
P11 = "low"
```

Where: the first folder, from the audited root upward, then from the current folder upward,
holding a `.harness-audit.toml` or a `pyproject.toml` with a `[tool.harness-audit]` table (the
dedicated file wins when a folder has both), unless `--config FILE` names one.

Command-line flags win: `--fail-on` replaces `fail-on`, `--select` / `--ignore` replace
`select` / `ignore`; `--exclude`, `--docs` and `--rubric` add to the file's lists.
`exclude` and `docs` globs are written relative to the config file's folder; when the audited
root is below it, globs that start with the path to the root are rebased onto the root.

Anything wrong (bad TOML, an unknown key, a value of the wrong type, an unknown rule id) is a
`ConfigError` whose text reads `FILE:LINE: message`; the command exits 2 with it.
"""

from __future__ import annotations

import difflib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from analyzer.input_file import InputFileError, parse_bounded, read_input_text
from analyzer.parse.config import strip_hash_comment
from analyzer.policy import Policy, resolve_id
from analyzer.rubric import SEVERITIES, Rubric

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CONFIG_FILE = ".harness-audit.toml"
PYPROJECT = "pyproject.toml"
TABLE = ("tool", "harness-audit")
FAIL_ON = (*SEVERITIES, "none")
_LIST_KEYS = ("exclude", "docs", "select", "ignore", "rubric")
_BUDGET_KEYS = {"file-time-budget": 0.1, "file-memory-budget": 16}  # key -> smallest value (seconds, MB)
KEYS = ("fail-on", "baseline", *_LIST_KEYS, "severity", *_BUDGET_KEYS)


class ConfigError(Exception):
    """A configuration file is wrong. `str()` reads `path:line: message`."""

    def __init__(self, path: str | Path, line: int, message: str):
        self.path, self.line, self.message = str(path), line, message
        super().__init__(f"{path}:{line}: {message}")


@dataclass(frozen=True)
class Config:
    """The settings one file holds (all empty when there is no file)."""

    path: Path | None = None
    fail_on: str | None = None
    exclude: tuple[str, ...] = ()
    docs: tuple[str, ...] = ()
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    severity: tuple[tuple[str, str], ...] = ()
    rubric: tuple[str, ...] = ()  # absolute paths
    file_time_budget: float | None = None  # seconds per file (analyzer/budget.py)
    file_memory_budget: int | None = None  # MB per file
    baseline: Path | None = None  # relative to the file; used when --baseline is not given
    lines: dict[tuple[str, ...], int] = field(default_factory=dict, compare=False, repr=False)

    def line(self, *key: str) -> int:
        return self.lines.get(key) or self.lines.get(key[:1]) or self.lines.get((), 1)

    def fail(self, key: tuple[str, ...], message: str) -> ConfigError:
        return ConfigError(self.path or "<config>", self.line(*key), message)

    def globs_for(self, globs: Sequence[str], root: Path) -> tuple[str, ...]:
        """`globs` (relative to the config folder) as seen from the audited root."""
        if self.path is None:
            return tuple(globs)
        try:
            prefix = root.resolve().relative_to(self.path.parent.resolve()).as_posix()
        except ValueError:
            return tuple(globs)
        if prefix in ("", "."):
            return tuple(globs)
        return tuple(g[len(prefix) + 1:] if g.startswith(prefix + "/") else g for g in globs)


# --- finding and reading the file ---------------------------------------------------------------

def find_config(starts: Iterable[Path]) -> Path | None:
    """The configuration file that applies to an audit of `starts` (folders), or None."""
    for start in starts:
        start = start.resolve()
        folder = start if start.is_dir() else start.parent
        for candidate in (folder, *folder.parents):
            dedicated = candidate / CONFIG_FILE
            if dedicated.is_file():
                return dedicated
            pyproject = candidate / PYPROJECT
            if pyproject.is_file() and _mentions_table(pyproject):
                return pyproject
    return None


def config_for(root: Path, explicit: str | Path | None = None) -> Config:
    """The configuration for an audit rooted at `root`: `explicit`, else the one found, else none."""
    if explicit is not None:
        path = Path(explicit)
        if not path.exists():
            raise ConfigError(path, 1, "configuration file does not exist")
        return load_config(path)
    found = find_config([root, Path.cwd()])
    return load_config(found) if found else Config()


def _mentions_table(pyproject: Path) -> bool:
    """Cheap look for our table, so an unrelated (even broken) pyproject.toml is passed over."""
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return re.search(r"""^\s*\[\s*tool\s*\.\s*["']?harness-audit["']?\s*[\].]|^\s*tool\s*\.\s*["']?harness-audit""",
                     text, re.MULTILINE) is not None


def load_config(path: Path) -> Config:
    """Read and validate one configuration file."""
    try:
        text = read_input_text(path, "configuration")
        data = parse_bounded(lambda: tomllib.loads(text), "configuration")
    except InputFileError as error:
        raise ConfigError(path, error.line, error.message) from None
    except tomllib.TOMLDecodeError as error:
        match = re.search(r"line (\d+)", str(error))
        raise ConfigError(path, int(match.group(1)) if match else 1, f"invalid TOML: {error}") from None
    lines = _key_lines(text)
    if path.name == PYPROJECT:
        table: object = data.get("tool", {}).get("harness-audit", {})
        base: tuple[str, ...] = TABLE
        where = "[tool.harness-audit]"
    else:
        table, base, where = data, (), path.name
    located = {key[len(base):]: line for key, line in lines.items() if key[:len(base)] == base}
    config = Config(path=path, lines=located)
    if not isinstance(table, dict):
        raise ConfigError(path, lines.get(base, 1), f"{where} must be a table")
    values: dict[str, object] = {}
    for key, value in table.items():
        if key not in KEYS:
            close = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            if key == "tool" and base == ():
                hint = f"; in {CONFIG_FILE} the settings are top-level keys, without [tool.harness-audit]"
            raise config.fail((key,), f"unknown key {key!r} in {where} (allowed: {', '.join(KEYS)}){hint}")
        values[key] = value
    fail_on = values.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise config.fail(("fail-on",), f"fail-on must be one of {', '.join(FAIL_ON)}, not {fail_on!r}")
    lists = {key: _strings(config, key, values[key]) for key in _LIST_KEYS if key in values}
    severity = values.get("severity", {})
    if not isinstance(severity, dict):
        raise config.fail(("severity",), "severity must be a table of rule or primitive id = severity")
    for key, value in severity.items():
        if value not in SEVERITIES:
            raise config.fail(("severity", key),
                              f"severity.{key} must be one of {', '.join(SEVERITIES)}, not {value!r}")
    for key, smallest in _BUDGET_KEYS.items():
        value = values.get(key)
        wanted = int if key == "file-memory-budget" else (int, float)
        if value is not None and (isinstance(value, bool) or not isinstance(value, wanted) or value < smallest):
            raise config.fail((key,), f"{key} must be a number of {'MB' if wanted is int else 'seconds'} "
                                      f">= {smallest}, not {value!r}")
    baseline = values.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline.strip()):
        raise config.fail(("baseline",), 'baseline must be a file name, e.g. baseline = ".harness-audit-baseline.json"')
    for item in lists.get("rubric", ()):
        if not (path.parent / item).exists():
            raise config.fail(("rubric",), f"rubric: {item!r} does not exist (paths are relative to {path.name})")
    return Config(
        path=path,
        fail_on=fail_on,  # type: ignore[arg-type]
        exclude=lists.get("exclude", ()),
        docs=lists.get("docs", ()),
        select=lists.get("select"),
        ignore=lists.get("ignore"),
        severity=tuple(severity.items()),
        rubric=tuple(str((path.parent / item).resolve()) for item in lists.get("rubric", ())),
        file_time_budget=values.get("file-time-budget"),  # type: ignore[arg-type]
        file_memory_budget=values.get("file-memory-budget"),  # type: ignore[arg-type]
        baseline=path.parent / baseline if isinstance(baseline, str) else None,
        lines=located,
    )


def _strings(config: Config, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
        raise config.fail((key,), f"{key} must be a list of non-empty strings, e.g. {key} = [\"...\"]")
    return tuple(value)


def _key_lines(text: str) -> dict[tuple[str, ...], int]:
    """The line where each table and key is first written (tomllib keeps no positions)."""
    lines: dict[tuple[str, ...], int] = {}
    table: tuple[str, ...] = ()
    depth = 0  # inside a multi-line array or inline table: keys there belong to the value
    for number, raw in enumerate(text.splitlines(), start=1):
        line = strip_hash_comment(raw).strip()
        if not line:
            continue
        if depth == 0:
            header = re.match(r"^\[\[?\s*(.+?)\s*\]\]?$", line)
            if header:
                table = _dotted(header.group(1))
                lines.setdefault(table, number)
                continue
            assignment = re.match(r"""^((?:"[^"]*"|'[^']*'|[A-Za-z0-9_\-.\s])+?)\s*=""", line)
            if assignment:
                key = table + _dotted(assignment.group(1))
                for size in range(len(table) + 1, len(key) + 1):
                    lines.setdefault(key[:size], number)
                for inline in re.finditer(r"""[{,]\s*("[^"]*"|'[^']*'|[A-Za-z0-9_\-]+)\s*=""", line):
                    lines.setdefault(key + _dotted(inline.group(1)), number)
        depth += line.count("[") + line.count("{") - line.count("]") - line.count("}")
        depth = max(depth, 0)
    return lines




def _dotted(key: str) -> tuple[str, ...]:
    parts = re.findall(r"""\s*("[^"]*"|'[^']*'|[^.]+)\s*(?:\.|$)""", key.strip())
    return tuple(part.strip().strip("\"'") for part in parts if part.strip())


# --- combining the file with the command line ------------------------------------------------------

@dataclass(frozen=True)
class Settings:
    """What an audit runs with, after the file and the flags are combined."""

    fail_on: str
    exclude: tuple[str, ...]
    docs: tuple[str, ...]
    policy: Policy
    config: Path | None


def check_ids(config: Config, rubric: Rubric) -> None:
    """Every id the file names is a rule or primitive in `rubric` (else ConfigError at its line)."""
    for key in ("select", "ignore"):
        for item in getattr(config, key) or ():
            if resolve_id(rubric, item) is None:
                raise config.fail((key,), f"{key}: unknown rule or primitive {item!r} (see `harness-audit rubric`)")
    for item, _ in config.severity:
        if resolve_id(rubric, item) is None:
            raise config.fail(("severity", item), f"severity: unknown rule or primitive {item!r}")


def settings(config: Config, rubric: Rubric, root: Path, *, fail_on: str | None, exclude: Sequence[str],
             docs: Sequence[str], select: Sequence[str] | None, ignore: Sequence[str] | None) -> Settings:
    """Combine the file and the flags (flags win). Unknown ids in flags raise ValueError."""
    check_ids(config, rubric)

    def ids(values: Iterable[str], flag: str) -> tuple[str, ...]:
        resolved = []
        for value in values:
            found = resolve_id(rubric, value)
            if found is None:
                raise ValueError(f"{flag}: unknown rule or primitive {value!r} (see `harness-audit rubric`)")
            resolved.append(found)
        return tuple(dict.fromkeys(resolved))

    chosen_select = ids(select, "--select") if select else ids(config.select or (), "select")
    chosen_ignore = ids(ignore, "--ignore") if ignore else ids(config.ignore or (), "ignore")
    severity = tuple((resolve_id(rubric, key) or key, value) for key, value in config.severity)
    return Settings(
        fail_on=fail_on or config.fail_on or "high",
        exclude=config.globs_for(config.exclude, root) + tuple(exclude),
        docs=config.globs_for(config.docs, root) + tuple(docs),
        policy=Policy(select=chosen_select, ignore=chosen_ignore, severity=severity),
        config=config.path,
    )


def split_ids(values: Iterable[str]) -> tuple[str, ...]:
    """`--select P2,P5 --select HA101` -> ("P2", "P5", "HA101")."""
    return tuple(part for value in values for part in re.split(r"[,\s]+", value) if part)


def repository_prefix(root: Path, cwd: Path | None = None) -> str:
    """The audited root relative to the repository root, for repository-relative URIs.

    The repository root is the nearest folder at or above the audited root holding `.git`;
    without one, the current folder when the audited root is inside it; otherwise the audited
    root itself (prefix "").
    """
    root = root.resolve()
    for candidate in (root, *root.parents):
        if (candidate / ".git").exists():
            return _posix_relative(root, candidate)
    here = (cwd or Path.cwd()).resolve()
    return _posix_relative(root, here) if here in (root, *root.parents) else ""


def working_prefix(root: Path, cwd: Path | None = None) -> str:
    """The audited root as the user reaches it from the working directory: relative when inside it
    ("" when it is the working directory), else absolute. Human-readable formats prefix paths with it."""
    root = root.resolve()
    here = (cwd or Path.cwd()).resolve()
    return _posix_relative(root, here) if here in (root, *root.parents) else root.as_posix()


def _posix_relative(path: Path, base: Path) -> str:
    relative = path.relative_to(base).as_posix()
    return "" if relative == "." else relative
