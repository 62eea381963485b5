"""Plain-text renderings of the rubric: the `rubric` table and `explain` pages."""

from __future__ import annotations

import textwrap

from analyzer.rubric import Primitive, Rubric, Rule

WIDTH = 92


def _wrap(text: str, indent: str = "  ") -> str:
    paragraphs = [p for p in text.strip().split("\n\n") if p.strip()]
    return "\n\n".join(
        textwrap.fill(" ".join(p.split()), width=WIDTH, initial_indent=indent, subsequent_indent=indent)
        for p in paragraphs
    )


def _bullets(items, indent: str = "  - ") -> str:
    return "\n".join(
        textwrap.fill(" ".join(str(item).split()), width=WIDTH, initial_indent=indent,
                      subsequent_indent=" " * len(indent))
        for item in items
    )


def rubric_table(rubric: Rubric) -> str:
    lines = ["Primitives", ""]
    for p in rubric.primitives:
        lines.append(f"  {p.id:<4} {p.slug:<20} {p.tier:<10} absent={p.severity_absent:<8} {p.title}")
    lines += ["", "Rules", ""]
    for r in rubric.rules:
        lines.append(f"  {r.id:<6} {r.slug:<34} {r.primitive:<4} {r.severity:<8} {r.title}")
    lines += ["", "harness-audit explain ID prints one in full."]
    return "\n".join(lines) + "\n"


def explain_primitive(p: Primitive) -> str:
    parts = [
        f"{p.id} {p.slug} — {p.title}",
        f"tier: {p.tier}   severity: absent={p.severity_absent}, partial={p.severity_partial}"
        + ("   (rises with tool exposure)" if p.exposure_sensitive else "")
        + (f"   depends on: {', '.join(p.depends_on)}" if p.depends_on else ""),
        "",
        _wrap(p.summary),
        "",
        "Why",
        _wrap(p.rationale),
        "",
        "What counts as evidence",
        _bullets(f"{c.id}{' (required)' if c.required else ''}: {c.description}" for c in p.evidence),
    ]
    if p.not_evidence:
        parts += ["", "What does not count", _bullets(p.not_evidence)]
    if p.frameworks:
        parts += ["", "In frameworks", _bullets(f"{name}: {text}" for name, text in p.frameworks)]
    parts += ["", "How to add it", _bullets(f"{i}. {step}" for i, step in enumerate(p.upgrade, 1))]
    parts += ["", "Tests that prove it", _bullets(f"test_{t.name}: {t.checks}" for t in p.tests)]
    if p.references:
        parts += ["", "References", _bullets(p.references)]
    return "\n".join(parts) + "\n"


def explain_rule(rule: Rule, rubric: Rubric) -> str:
    primitive = rubric.primitive(rule.primitive)
    parts = [
        f"{rule.id} {rule.slug} — {rule.title}",
        f"severity: {rule.severity}   primitive: {primitive.id} {primitive.slug}",
        "",
        _wrap(rule.message),
        "",
        "Fix",
        _wrap(rule.remediation),
    ]
    if rule.help:
        parts += ["", rule.help.strip()]
    return "\n".join(parts) + "\n"
