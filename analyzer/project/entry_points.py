"""Entry points a project names in its configuration: console scripts and LangGraph graphs.

Read from `pyproject.toml` (`[project.scripts]`, `[tool.poetry.scripts]`) and `langgraph.json`
(`graphs`) at the audited root. A file that cannot be read or parsed gives no hints (the code's
own entry points still count); it is never an error of the audit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from analyzer.parse.python import module_name


def entry_hints(root: Path) -> tuple[str, ...]:
    """`module:attribute` references, module names as the project model names them."""
    hints: list[str] = []
    hints += _pyproject_scripts(root / "pyproject.toml")
    hints += _langgraph_graphs(root / "langgraph.json")
    return tuple(sorted(set(hints)))


def _pyproject_scripts(path: Path) -> list[str]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return []
    tables = [data.get("project", {}).get("scripts", {}), data.get("project", {}).get("gui-scripts", {}),
              data.get("tool", {}).get("poetry", {}).get("scripts", {})]
    found = []
    for table in tables:
        if isinstance(table, dict):
            found += [value.split("[")[0].strip() for value in table.values() if isinstance(value, str) and ":" in value]
    return found


def _langgraph_graphs(path: Path) -> list[str]:
    """`"graphs": {"agent": "./src/agent/graph.py:graph"}` -> `agent.graph:graph`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    graphs = data.get("graphs", {}) if isinstance(data, dict) else {}
    found = []
    for value in graphs.values() if isinstance(graphs, dict) else ():
        target = value.get("path", "") if isinstance(value, dict) else value
        if not isinstance(target, str) or ":" not in target:
            continue
        file, _, attribute = target.rpartition(":")
        file = file.removeprefix("./")
        found.append(f"{module_name(file) if file.endswith('.py') else file}:{attribute}")
    return found
