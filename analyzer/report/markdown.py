"""Markdown: for pull-request comments, $GITHUB_STEP_SUMMARY and reports people read.

It leads with what to do (the verdict and the first three fixes), then the findings under their
primitive, then the scorecard, exposure and the whole upgrade path.
"""

from __future__ import annotations

from analyzer.domain import Finding, Report
from analyzer.report.options import RenderOptions
from analyzer.report.view import (findings_by_primitive, location, severity_note, short_message, shown_path,
                                  step_places, top_fixes, verdict_line)

_STATUS_MARK = {"present": "✅ present", "partial": "🟡 partial", "absent": "❌ absent", "not-applicable": "— n/a"}
SHOWN = 3  # evidence items per primitive without --full


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no pipes, no raw HTML, one line)."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


_FINDING_HEADER = ["| severity | confidence | rule | location | finding | fix |", "|---|---|---|---|---|---|"]


def _finding_row(report: Report, f: Finding) -> str:
    mark = " (suppressed)" if f.suppressed else ""
    note = severity_note(report, f)
    severity = f"{f.severity} ({note})" if note else f.severity
    return (f"| {_cell(severity)} | {f.confidence} | {f.rule} | `{location(report, f.path, f.line)}` | "
            f"**{_cell(f.title)}**{mark}: {_cell(short_message(report, f))} | {_cell(f.remediation)} |")


def _findings(report: Report) -> list[str]:
    out = ["", f"## Findings ({len(report.findings)})", ""]
    if report.findings:
        out += _FINDING_HEADER + [_finding_row(report, f) for f in report.findings]
    return out


def _findings_by_primitive(report: Report) -> list[str]:
    out = ["", f"## Findings by primitive ({len(report.findings)})"]
    for group in findings_by_primitive(report):
        status = _STATUS_MARK.get(group.verdict.status, "") if group.verdict else ""
        out += ["", f"### {group.primitive} {group.slug} {status}".rstrip(), ""]
        out += _FINDING_HEADER + [_finding_row(report, f) for f in group.findings]
    return out


def render_markdown(report: Report, options: RenderOptions = RenderOptions()) -> str:
    def more(items: list, what: str) -> list[str]:
        return [] if options.full or len(items) <= SHOWN else [f"… {len(items) - SHOWN} more {what} (`--full`)"]

    def limit(items: list) -> list:
        return items if options.full else items[:SHOWN]

    out = ["# harness-audit report", "", f"**{verdict_line(report)}**", "", _cell(report.summary), ""]
    if report.frameworks:
        out += [f"Frameworks and SDKs: {', '.join(report.frameworks)}", ""]
    fixes = top_fixes(report)
    if fixes:
        out += ["## Fix first", ""]
        for step in fixes:
            out.append(f"{step.order}. **{step.primitive} {_cell(step.title)}** ({step.severity}; {_cell(step.reason)})")
            if step.where:
                out.append(f"   - change: {_cell(step_places(report, step))}")
            if step.steps:
                out.append(f"   - {_cell(step.steps[0])}")
        out.append("")
    if report.agent_detected:
        out += _findings_by_primitive(report)
        out += ["", "## Primitives", "", "| id | primitive | status | evidence |", "|---|---|---|---|"]
        for v in report.primitives:
            # Document claims and agent-config controls are shown, marked, beside the code's evidence.
            evidence = [_cell(f"`{location(report, e.path, e.line)}` {e.component}: {e.detail}") for e in limit(v.evidence)]
            evidence += more(v.evidence, "pieces of evidence")
            evidence += [_cell(f"doc ({c.firmness}) `{location(report, c.path, c.line)}`: {c.text}") for c in limit(v.claims)]
            evidence += more(v.claims, "claims")
            controls = [c for c in v.config_evidence if c not in v.evidence]  # agent-config mode: already the evidence
            evidence += [_cell(f"config `{location(report, e.path, e.line)}` {e.component}: {e.detail}")
                         for e in limit(controls)]
            evidence += more(controls, "config controls")
            out.append(f"| {v.id} | {_cell(v.title)} | {_STATUS_MARK[v.status]} | {'<br>'.join(evidence)} |")
        out += ["", "## Exposure", "", f"**{report.exposure.level}**: "
                + (", ".join(report.exposure.kinds) or "no side-effecting tools found"), ""]
        items = report.exposure.items if options.full else report.exposure.items[:10]
        for item in items:
            out.append(f"- {item.kind}: `{location(report, item.path, item.line)}` {_cell(item.detail)}")
        if len(items) < len(report.exposure.items):
            out.append(f"- … {len(report.exposure.items) - len(items)} more (`--full`)")
        if report.upgrade_path:
            out += ["", "## Upgrade path", "", "Most urgent first; a dependency comes before the step that needs it.", ""]
            for step in report.upgrade_path:
                out.append(f"{step.order}. **{step.primitive} {_cell(step.title)}** "
                           f"({step.status}, {step.severity}; {_cell(step.reason)})")
                if step.where:
                    out.append(f"   - change: {_cell(step_places(report, step))}")
                for item in step.steps:
                    out.append(f"   - {_cell(item)}")
        if report.suggested_tests:
            out += ["", "## Suggested tests", ""]
            for test in report.suggested_tests:
                out.append(f"- `{test.file}::{test.name}`: {_cell(test.checks)}")
    elif report.findings:  # no agent code, but instruction or agent-config findings
        out += _findings(report)
    if report.documents:
        out += ["", "## Documents", "", "| document | role | primitives addressed |", "|---|---|---|"]
        for doc in report.documents:
            covered = ", ".join(f"{p} {f}" for p, f in doc.primitives.items()) or "none"
            out.append(f"| `{_cell(shown_path(report, doc.path))}` | {doc.role} | {_cell(covered)} |")
    out += ["", "## Files", "", f"{len(report.scanned)} scanned, {len(report.skipped)} skipped."]
    for skipped in report.skipped:
        out.append(f"- skipped `{shown_path(report, skipped.path)}`: {_cell(skipped.reason)}")
    out += ["", f"**{verdict_line(report)}**"]
    return "\n".join(out) + "\n"
