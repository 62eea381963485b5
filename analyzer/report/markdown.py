"""Markdown: for pull-request comments, $GITHUB_STEP_SUMMARY and reports people read."""

from __future__ import annotations

from analyzer.report.model import Report

_STATUS_MARK = {"present": "✅ present", "partial": "🟡 partial", "absent": "❌ absent", "not-applicable": "— n/a"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no pipes, no raw HTML, one line)."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def render_markdown(report: Report) -> str:
    out = [f"# harness-audit report", "", _cell(report.summary), ""]
    if report.frameworks:
        out += [f"Frameworks and SDKs: {', '.join(report.frameworks)}", ""]
    if report.agent_detected:
        out += ["## Primitives", "", "| id | primitive | status | evidence |", "|---|---|---|---|"]
        for v in report.primitives:
            evidence = "<br>".join(_cell(f"`{e.path}:{e.line}` {e.component}: {e.detail}") for e in v.evidence[:3])
            out.append(f"| {v.id} | {_cell(v.title)} | {_STATUS_MARK[v.status]} | {evidence} |")
        out += ["", "## Exposure", "", f"**{report.exposure.level}**: "
                + (", ".join(report.exposure.kinds) or "no side-effecting tools found"), ""]
        for item in report.exposure.items[:10]:
            out.append(f"- {item.kind}: `{item.path}:{item.line}` {_cell(item.detail)}")
        out += ["", f"## Findings ({len(report.findings)})", ""]
        if report.findings:
            out += ["| severity | rule | location | finding | fix |", "|---|---|---|---|---|"]
            for f in report.findings:
                mark = " (suppressed)" if f.suppressed else ""
                out.append(f"| {f.severity} | {f.rule} | `{f.path}:{f.line}` | **{_cell(f.title)}**{mark}: "
                           f"{_cell(f.message)} | {_cell(f.remediation)} |")
        if report.upgrade_path:
            out += ["", "## Upgrade path", ""]
            for step in report.upgrade_path:
                out.append(f"{step.order}. **{step.primitive} {_cell(step.title)}** ({step.status}, {step.severity})")
                for item in step.steps:
                    out.append(f"   - {_cell(item)}")
        if report.suggested_tests:
            out += ["", "## Suggested tests", ""]
            for test in report.suggested_tests:
                out.append(f"- `{test.file}::{test.name}`: {_cell(test.checks)}")
    out += ["", "## Files", "", f"{len(report.scanned)} scanned, {len(report.skipped)} skipped."]
    for skipped in report.skipped:
        out.append(f"- skipped `{skipped.path}`: {_cell(skipped.reason)}")
    failing = len(report.failing_findings())
    out += ["", f"**Verdict:** {failing} finding{'s' if failing != 1 else ''} at or above "
            f"`{report.fail_on}` → exit {report.exit_code}."]
    return "\n".join(out) + "\n"
