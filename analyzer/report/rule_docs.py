"""One Markdown page per primitive and rule, rendered from the rubric.

The same text is the SARIF `help.markdown` of each rule and the page its `helpUri` points at:
`docs/rules/<ID>.md` in the repository (`rule_url`). The pages are generated, never edited:

    python3 -m analyzer.report.rule_docs            # rewrite docs/rules/ from rubrics/*.yaml

`tests/ci/test_sarif.py` fails when the committed pages and the rubric disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analyzer.release import REPOSITORY
from analyzer.rubric import Primitive, Rubric, Rule, load_rubric
from analyzer.suppress import INVALID_RULE, NO_REASON_RULE

REPOSITORY_URL = REPOSITORY  # [project.urls] Repository, stamped into analyzer/release.py
DOCS_FOLDER = "docs/rules"


def rule_url(rule_id: str) -> str:
    """The stable documentation address of a primitive (P5) or rule (HA101)."""
    return f"{REPOSITORY_URL}/blob/main/{DOCS_FOLDER}/{rule_id}.md"


def _paragraph(text: str) -> str:
    return " ".join(text.split())


def primitive_markdown(primitive: Primitive, rubric: Rubric) -> str:
    out = [
        f"# {primitive.id} {primitive.slug}: {primitive.title}",
        "",
        f"Tier: **{primitive.tier}**. Severity when absent: **{primitive.severity_absent}**, when partial: "
        f"**{primitive.severity_partial}**"
        + (" (one step higher when tools reach high-risk side effects, one lower when every tool is read-only)"
           if primitive.exposure_sensitive else "") + ".",
    ]
    if primitive.depends_on:
        out[-1] += " Build first: " + ", ".join(f"[{d}]({d}.md)" for d in primitive.depends_on) + "."
    out += ["", _paragraph(primitive.summary), "", "## Why", "", _paragraph(primitive.rationale), "",
            "## What counts as evidence", ""]
    out += [f"- **{c.id}**{' (required)' if c.required else ''}: {_paragraph(c.description)}" for c in primitive.evidence]
    if primitive.not_evidence:
        out += ["", "## What does not count", ""] + [f"- {_paragraph(item)}" for item in primitive.not_evidence]
    if primitive.frameworks:
        out += ["", "## In frameworks", ""] + [f"- **{name}**: {_paragraph(text)}" for name, text in primitive.frameworks]
    out += ["", "## How to add it", ""] + [f"{i}. {_paragraph(step)}" for i, step in enumerate(primitive.upgrade, 1)]
    out += ["", "## Tests that prove it", ""] + [f"- `test_{t.name}`: {_paragraph(t.checks)}" for t in primitive.tests]
    rules = [r for r in rubric.rules if r.primitive == primitive.id]
    if rules:
        out += ["", "## Line-level rules", ""] + [f"- [{r.id}]({r.id}.md) {r.slug}: {r.title} ({r.severity})" for r in rules]
    if primitive.references:
        out += ["", "## References", ""] + [f"- <{ref}>" for ref in primitive.references]
    return "\n".join(out) + "\n"


def rule_markdown(rule: Rule, rubric: Rubric) -> str:
    try:
        primitive = rubric.primitive(rule.primitive)
        belongs = f"[{primitive.id} {primitive.slug}]({primitive.id}.md)"
    except KeyError:
        belongs = rule.primitive
    out = [
        f"# {rule.id} {rule.slug}: {rule.title}",
        "",
        f"Severity: **{rule.severity}**. Primitive: {belongs}.",
        "",
        _paragraph(rule.message),
        "",
        "## Fix",
        "",
        _paragraph(rule.remediation),
    ]
    if rule.help:
        out += ["", "## Details", "", rule.help.strip()]
    if rule.id in (NO_REASON_RULE, INVALID_RULE):  # notices about suppressions cannot be suppressed inline
        out += ["", f"Turn this notice off with `ignore = [\"{rule.id}\"]` in `[tool.harness-audit]`."]
    else:
        out += ["", f"Suppress one occurrence with `# harness-audit: ignore[{rule.id}] reason` on its line or the "
                f"line above; ignore the rule everywhere with `ignore = [\"{rule.id}\"]` in `[tool.harness-audit]`."]
    return "\n".join(out) + "\n"


def index_markdown(rubric: Rubric) -> str:
    out = ["# harness-audit rules", "",
           "Generated from `rubrics/*.yaml` by `python3 -m analyzer.report.rule_docs`; do not edit by hand.", "",
           "## Primitives", "", "| id | slug | title |", "|---|---|---|"]
    out += [f"| [{p.id}]({p.id}.md) | {p.slug} | {p.title} |" for p in rubric.primitives]
    out += ["", "## Rules", "", "| id | slug | primitive | severity | title |", "|---|---|---|---|---|"]
    out += [f"| [{r.id}]({r.id}.md) | {r.slug} | {r.primitive} | {r.severity} | {r.title} |" for r in rubric.rules]
    return "\n".join(out) + "\n"


def pages(rubric: Rubric) -> dict[str, str]:
    """File name -> Markdown, for every primitive and rule, plus README.md."""
    result = {"README.md": index_markdown(rubric)}
    result.update({f"{p.id}.md": primitive_markdown(p, rubric) for p in rubric.primitives})
    result.update({f"{r.id}.md": rule_markdown(r, rubric) for r in rubric.rules})
    return result


def write_pages(folder: Path, rubric: Rubric | None = None) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in pages(rubric or load_rubric()).items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / DOCS_FOLDER
    print(f"wrote {len(write_pages(target))} pages to {target}")
