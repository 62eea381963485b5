"""Shared by the decoy tests: the facts one real file yields, and its evidence for one component."""

from __future__ import annotations

import textwrap

from analyzer.facts.python import analyze_python


def file_facts(code: str, path: str = "agent.py"):
    facts = analyze_python(textwrap.dedent(code).lstrip("\n"), path)
    assert facts.skipped is None, facts.skipped
    return facts


def evidence_of(facts, primitive: str, component: str) -> list[tuple[str, int, str, str]]:
    return [(e.path, e.line, e.detail, e.strength) for e in facts.evidence
            if e.primitive == primitive and e.component == component]
