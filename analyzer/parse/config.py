"""Agent configuration files: JSON and TOML parsed once, with the line of every key.

Neither `json` nor `tomllib` reports positions, so after a successful parse a small scan of
the text maps each key path (`("permissions", "allow", 0)`) to the line it starts on. A file
that does not parse raises `ConfigParseError` carrying the line the parser stopped at.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from json.decoder import scanstring
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

KeyPath = tuple  # of str (object keys / table names) and int (array indexes)


class ConfigParseError(Exception):
    """The file is not valid JSON or TOML. `line` is 1-based; `str()` says where and why."""

    def __init__(self, message: str, line: int, column: int = 0):
        self.message, self.line, self.column = message, line, column
        where = f"line {line}, column {column}" if column else f"line {line}"
        super().__init__(f"{message} at {where}")


@dataclass
class ConfigDoc:
    """Parsed data plus the line where each key path starts."""

    path: str
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def line(self, *keys: str | int) -> int:
        """Line of the deepest known prefix of `keys` (1 when nothing is known)."""
        path = tuple(keys)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return 1


def parse_json(text: str, path: str) -> ConfigDoc:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ConfigParseError(f"invalid JSON: {error.msg}", error.lineno, error.colno) from None
    except RecursionError:
        raise ConfigParseError("invalid JSON: nested too deeply", 1) from None
    lines: dict[KeyPath, int] = {}
    try:
        _JsonPositions(text, lines).value(_skip(text, 0), ())
    except (ValueError, IndexError, RecursionError):
        pass  # positions are a convenience; the data is already parsed
    return ConfigDoc(path, data, lines)


_WHITESPACE = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _skip(text: str, index: int) -> int:
    return _WHITESPACE.match(text, index).end()


class _JsonPositions:
    """Walk valid JSON text once, recording the line of every object key and array item."""

    def __init__(self, text: str, lines: dict[KeyPath, int]):
        self.text, self.lines = text, lines
        self._newlines = [i for i, ch in enumerate(text) if ch == "\n"]

    def _line(self, index: int) -> int:
        low, high = 0, len(self._newlines)
        while low < high:  # number of newlines before index, by bisection
            mid = (low + high) // 2
            if self._newlines[mid] < index:
                low = mid + 1
            else:
                high = mid
        return low + 1

    def value(self, index: int, path: KeyPath) -> int:
        """Record `path` at `index` and return the index just past the value."""
        self.lines.setdefault(path, self._line(index))
        ch = self.text[index]
        if ch == "{":
            index = _skip(self.text, index + 1)
            if self.text[index] == "}":
                return index + 1
            while True:
                key_at = index
                key, index = scanstring(self.text, index + 1)
                self.lines[path + (key,)] = self._line(key_at)
                index = _skip(self.text, index)
                index = _skip(self.text, index + 1)  # past ':'
                index = _skip(self.text, self.value(index, path + (key,)))
                if self.text[index] == "}":
                    return index + 1
                index = _skip(self.text, index + 1)  # past ','
        if ch == "[":
            index = _skip(self.text, index + 1)
            if self.text[index] == "]":
                return index + 1
            position = 0
            while True:
                index = _skip(self.text, self.value(index, path + (position,)))
                position += 1
                if self.text[index] == "]":
                    return index + 1
                index = _skip(self.text, index + 1)
        if ch == '"':
            return scanstring(self.text, index + 1)[1]
        for literal in ("true", "false", "null"):
            if self.text.startswith(literal, index):
                return index + len(literal)
        match = _NUMBER.match(self.text, index)
        if not match:
            raise ValueError(index)
        return match.end()


_TOML_ERROR_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_TABLE = re.compile(r"^\s*\[\[?\s*(?P<name>[^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_TOML_KEY = re.compile(r"^\s*(?P<key>(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+)(?:\s*\.\s*(?:\"[^\"]*\"|'[^']*'|[A-Za-z0-9_-]+))*)\s*=")


def parse_toml(text: str, path: str) -> ConfigDoc:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        column = getattr(error, "colno", None)
        message = str(error)
        match = _TOML_ERROR_AT.search(message)
        if match:
            line, column = line or int(match[1]), column or int(match[2])
            message = message[:match.start()]
        raise ConfigParseError(f"invalid TOML: {getattr(error, 'msg', None) or message}", line or 1,
                               column or 0) from None
    return ConfigDoc(path, data, _toml_lines(text))


def _toml_key(raw: str) -> tuple[str, ...]:
    parts = re.findall(r"\"([^\"]*)\"|'([^']*)'|([A-Za-z0-9_-]+)", raw)
    return tuple(a or b or c for a, b, c in parts)


def _toml_lines(text: str) -> dict[KeyPath, int]:
    """Line of each table header and each `key =` line (with its table); multi-line values are
    skipped over by tracking open brackets and triple quotes."""
    lines: dict[KeyPath, int] = {}
    table: tuple[str, ...] = ()
    depth, in_string = 0, ""
    for number, raw in enumerate(text.splitlines(), start=1):
        if in_string:
            if in_string in raw:
                in_string = ""
            continue
        if depth == 0:
            header = _TOML_TABLE.match(raw)
            if header:
                table = _toml_key(header["name"])
                lines.setdefault(table, number)
                continue
            key = _TOML_KEY.match(raw)
            if key:
                lines.setdefault(table + _toml_key(key["key"]), number)
        code = raw.split("#", 1)[0] if '"' not in raw and "'" not in raw else raw
        for quote in ('"""', "'''"):
            if code.count(quote) % 2 == 1:
                in_string = quote
        if not in_string:
            depth = max(0, depth + code.count("[") + code.count("{") - code.count("]") - code.count("}"))
    return lines


def strip_hash_comment(line: str, word_start: bool = False) -> str:
    """`line` up to a `#` comment outside quotes. With `word_start` (shell), `#` starts a comment
    only at the start of a word (`echo a#b` keeps it)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (not word_start or index == 0 or line[index - 1] in " \t;"):
            return line[:index]
    return line


_FRONT_KEY = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:")


def parse_frontmatter(text: str, path: str) -> ConfigDoc:
    """The YAML frontmatter of a Markdown definition (`---` ... `---` at the top), with the line
    of each top-level key. A file with no frontmatter has empty data."""
    import yaml

    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return ConfigDoc(path, {}, {})
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        raise ConfigParseError("frontmatter is not closed with ---", len(lines))
    try:
        data = yaml.safe_load("\n".join(lines[1:end])) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise ConfigParseError(f"invalid YAML frontmatter: {getattr(error, 'problem', None) or error}",
                               (mark.line + 2) if mark else 1) from None
    if not isinstance(data, dict):
        raise ConfigParseError("frontmatter is not a mapping", 2)
    positions: dict[KeyPath, int] = {}
    for number in range(1, end):
        match = _FRONT_KEY.match(lines[number])
        if match:
            positions.setdefault((match["key"],), number + 1)
    return ConfigDoc(path, data, positions)
