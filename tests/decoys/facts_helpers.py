"""Shared by the decoy tests: the facts one real file yields, its evidence for one component, its rule hits."""

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


def hits_of(facts, rule: str) -> list[tuple[str, int, str]]:
    return [(h.path, h.line, h.detail) for h in facts.hits if h.rule == rule]
