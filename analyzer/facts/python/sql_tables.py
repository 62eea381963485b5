"""SQL written as string literals in a file: the tables it creates (with their columns), the rows it inserts
and the SELECTs it runs. Enough for "decisions go into an `approvals` table with tool, decision, decided_by"
without running anything. Not a check; memoised on the module."""

from __future__ import annotations

import re
from dataclasses import dataclass

import libcst as cst

from analyzer.parse.python import PythonModule, find_all, string_value

_CREATE = re.compile(r"\bcreate\s+table\s+(?:if\s+not\s+exists\s+)?[`\"\[]?([A-Za-z_][\w.]*)[`\"\]]?\s*\(", re.I)
_INSERT = re.compile(r"\b(?:insert|replace)\s+(?:or\s+\w+\s+)?into\s+[`\"\[]?([A-Za-z_][\w.]*)[`\"\]]?\s*(\(([^)]*)\))?",
                     re.I)
_SELECT = re.compile(r"^\s*(?:with\b.*?\)\s*)?select\b.*?\bfrom\s+[`\"\[]?([A-Za-z_][\w.]*)", re.I | re.S)
_CONSTRAINTS = {"primary", "unique", "check", "foreign", "constraint", "key", "index"}


@dataclass(frozen=True)
class SqlText:
    node: cst.CSTNode  # the string literal (or f-string) holding the statement
    text: str


@dataclass(frozen=True)
class Insert:
    node: cst.CSTNode
    table: str
    columns: tuple[str, ...]  # from the statement, else from the file's CREATE TABLE; () when unknown


@dataclass(frozen=True)
class Select:
    node: cst.CSTNode
    table: str
    text: str


def sql_texts(module: PythonModule) -> list[SqlText]:
    if "sql_texts" in module.memo:
        return module.memo["sql_texts"]
    found = []
    for node in module.find_all(cst.SimpleString, cst.ConcatenatedString, cst.FormattedString):
        parent = module.parent(node)
        if isinstance(parent, cst.ConcatenatedString):
            continue  # the whole concatenation is read once
        if isinstance(node, cst.FormattedString):
            text = "".join(p.value if isinstance(p, cst.FormattedStringText) else "?" for p in node.parts)
        else:
            text = string_value(node) or ""
        if re.search(r"\b(create\s+table|insert|replace\s+into|select)\b", text, re.I):
            found.append(SqlText(node, text))
    module.memo["sql_texts"] = found
    return found


def _columns(body: str) -> tuple[str, ...]:
    """Column names of a CREATE TABLE body: the first word of each top-level comma-separated part."""
    parts, depth, current = [], 0, []
    for char in body:
        if char == "(":
            depth += 1
        elif char == ")":
            if depth == 0:
                break
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    names = []
    for part in parts:
        words = part.strip().strip("`\"[]").split()
        if words and words[0].lower() not in _CONSTRAINTS:
            names.append(words[0].strip("`\"[]").lower())
    return tuple(names)


def created_tables(module: PythonModule) -> dict[str, tuple[str, ...]]:
    """table -> columns for every CREATE TABLE in the file's strings."""
    tables: dict[str, tuple[str, ...]] = {}
    for sql in sql_texts(module):
        for match in _CREATE.finditer(sql.text):
            tables[match.group(1).split(".")[-1].lower()] = _columns(sql.text[match.end():])
    return tables


def inserts(module: PythonModule) -> list[Insert]:
    tables = created_tables(module)
    found = []
    for sql in sql_texts(module):
        for match in _INSERT.finditer(sql.text):
            table = match.group(1).split(".")[-1].lower()
            listed = tuple(c.strip().strip("`\"[]").lower() for c in (match.group(3) or "").split(",") if c.strip())
            found.append(Insert(sql.node, table, listed or tables.get(table, ())))
    return found


def selects(module: PythonModule) -> list[Select]:
    found = []
    for sql in sql_texts(module):
        match = _SELECT.search(sql.text)
        if match:
            found.append(Select(sql.node, match.group(1).split(".")[-1].lower(), sql.text))
    return found


def executed(module: PythonModule, node: cst.CSTNode) -> bool:
    """Is this statement handed to a call (`conn.execute(SQL, ...)`), directly or through a variable?"""
    if module.enclosing(node, cst.Call) is not None:
        return True
    statement = module.statement_of(node)
    names = set()
    for assign in find_all(statement, cst.Assign):
        for target in assign.targets:  # `sql = "SELECT ..."`, `sql, params = "SELECT ...", []`
            elements = target.target.elements if isinstance(target.target, (cst.Tuple, cst.List)) else [target.target]
            names |= {getattr(e, "value", e).value for e in elements if isinstance(getattr(e, "value", e), cst.Name)}
    return any(isinstance(arg.value, cst.Name) and arg.value.value in names for call in module.calls for arg in call.args)
