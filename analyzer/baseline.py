"""Baselines: accept today's findings so CI fails only on new ones.

`--write-baseline FILE` records the id of every current finding; `--baseline FILE` leaves out
the findings whose id the file lists and counts them in the report (`baselined`). A finding's
id is a fingerprint of its rule, its file and the code it points at (see
`analyzer/finding_factory.py`), never its line number, so a baseline keeps matching when edits
elsewhere shift lines; changing the offending line itself makes it a new finding.

The file is deterministic JSON (sorted, no timestamps), so it diffs cleanly in review:

    {"schema": "harness-audit/baseline/v1",
     "findings": [{"id": "HA101-3f2c...", "rule": "HA101", "path": "agent.py"}, ...]}

`rule` and `path` are there for people reading the file; only `id` is matched, by
`analyzer/finding_filter.py` (the one place that rules on a finding).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from analyzer.domain import Finding
from analyzer.safe_write import WriteError, write_file
from analyzer.input_file import InputFileError, parse_bounded, read_input_text

SCHEMA = "harness-audit/baseline/v1"


class BaselineError(Exception):
    """A baseline file cannot be read or is not a harness-audit baseline."""


def baseline_text(findings: Iterable[Finding]) -> str:
    entries = sorted({(f.id, f.rule, f.path) for f in findings})
    document = {"schema": SCHEMA, "findings": [{"id": i, "rule": r, "path": p} for i, r, p in entries]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_baseline(findings: list[Finding], path: Path) -> int:
    """Write the baseline for `findings` to `path`; returns how many ids it lists."""
    try:
        write_file(path, baseline_text(findings))
    except WriteError as error:
        raise BaselineError(f"baseline: {error}") from None
    return len({f.id for f in findings})


def read_baseline(path: Path) -> frozenset[str]:
    """The finding ids a baseline file lists."""
    try:
        text = read_input_text(path, "baseline")
        document = parse_bounded(lambda: json.loads(text), "baseline")
    except InputFileError as error:
        raise BaselineError(f"{path}:{error.line}: {error.message}") from None
    except json.JSONDecodeError as error:
        raise BaselineError(f"{path}:{error.lineno}: baseline is not valid JSON: {error.msg}") from None
    if not isinstance(document, dict) or document.get("schema") != SCHEMA:
        raise BaselineError(f"{path}: not a harness-audit baseline (expected \"schema\": \"{SCHEMA}\"); "
                            "write one with --write-baseline")
    entries = document.get("findings")
    if not isinstance(entries, list) or not all(isinstance(e, dict) and isinstance(e.get("id"), str) for e in entries):
        raise BaselineError(f"{path}: \"findings\" must be a list of objects with an \"id\"")
    return frozenset(e["id"] for e in entries)
