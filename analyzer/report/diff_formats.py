"""A harness diff (analyzer/harness_diff.py) as text, Markdown (a pull-request comment), JSON or SARIF.

SARIF holds the head audit's new findings only, so code scanning shows what the change brought.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Callable

from analyzer.domain import Report
from analyzer.harness_diff import Change, HarnessDiff
from analyzer.report.sarif import render_sarif

DIFF_SCHEMA = "harness-audit/diff/v1"

_HEADINGS = (
    ("Regressions", lambda c: c.regression),
    ("Improvements", lambda c: not c.regression),
)


def _verdict(diff: HarnessDiff) -> str:
    failing = diff.failing()
    if failing:
        return (f"{len(failing)} regression{'s' if len(failing) != 1 else ''} or new finding"
                f"{'s' if len(failing) != 1 else ''} at or above {diff.fail_on}, exit 1")
    return f"no regression at or above {diff.fail_on}, exit 0"


def _where(change: Change) -> str:
    return f" ({change.path}:{change.line})" if change.path else ""


def render_diff_text(diff: HarnessDiff, head: Report) -> str:
    lines = [f"Harness diff {diff.base_ref} -> {diff.head_ref}", ""]
    for heading, wanted in _HEADINGS:
        chosen = [c for c in diff.changes if wanted(c)]
        if chosen:
            lines.append(f"{heading}:")
            lines += [f"  {c.severity.upper():<8} {c.subject:<6} {c.detail}{_where(c)}" for c in chosen]
            lines.append("")
    for heading, findings in (("New findings", diff.new_findings), ("Fixed findings", diff.fixed_findings)):
        if findings:
            lines.append(f"{heading}:")
            lines += [f"  {f.severity.upper():<8} {f.rule:<6} {f.path}:{f.line}  {f.title}"
                      f"{'  [suppressed]' if f.suppressed else ''}" for f in findings]
            lines.append("")
    if len(lines) == 2:
        lines += ["The harness did not change.", ""]
    lines.append(f"Verdict: {_verdict(diff)}")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_diff_markdown(diff: HarnessDiff, head: Report) -> str:
    lines = [f"## harness-audit: harness diff `{diff.base_ref}` → `{diff.head_ref}`", ""]
    lines.append(f"**{'❌' if diff.exit_code else '✅'} {_verdict(diff)}**")
    lines.append("")
    for heading, wanted in _HEADINGS:
        chosen = [c for c in diff.changes if wanted(c)]
        if chosen:
            lines += [f"### {heading}", "", "| severity | what | where |", "|---|---|---|"]
            lines += [f"| {c.severity} | {_cell(c.subject)}: {_cell(c.detail)} | "
                      f"{f'`{c.path}:{c.line}`' if c.path else ''} |" for c in chosen]
            lines.append("")
    for heading, findings in (("New findings", diff.new_findings), ("Fixed findings", diff.fixed_findings)):
        if findings:
            lines += [f"### {heading}", "", "| severity | rule | where | finding |", "|---|---|---|---|"]
            lines += [f"| {f.severity}{' (suppressed)' if f.suppressed else ''} | {f.rule} | `{f.path}:{f.line}` | "
                      f"{_cell(f.title)} |" for f in findings]
            lines.append("")
    if not diff.changes and not diff.new_findings and not diff.fixed_findings:
        lines += ["The harness did not change.", ""]
    return "\n".join(lines)


def render_diff_json(diff: HarnessDiff, head: Report) -> str:
    document = {
        "schema": DIFF_SCHEMA,
        "base": diff.base_ref,
        "head": diff.head_ref,
        "changes": [{**dataclasses.asdict(c), "regression": c.regression} for c in diff.changes],
        "new_findings": [dataclasses.asdict(f) for f in diff.new_findings],
        "fixed_findings": [dataclasses.asdict(f) for f in diff.fixed_findings],
        "verdict": {"fail_on": diff.fail_on, "failing": diff.failing(), "exit_code": diff.exit_code},
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_diff_sarif(diff: HarnessDiff, head: Report) -> str:
    return render_sarif(dataclasses.replace(head, findings=list(diff.new_findings)))


DIFF_FORMATS: dict[str, Callable[[HarnessDiff, Report], str]] = {
    "text": render_diff_text,
    "markdown": render_diff_markdown,
    "json": render_diff_json,
    "sarif": render_diff_sarif,
}
