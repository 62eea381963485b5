"""Markdown: for pull-request comments, $GITHUB_STEP_SUMMARY and reports people read."""

from __future__ import annotations

from analyzer.domain import Report

_STATUS_MARK = {"present": "✅ present", "partial": "🟡 partial", "absent": "❌ absent", "not-applicable": "— n/a"}


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (no pipes, no raw HTML, one line)."""
    return " ".join(str(text).split()).replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;")


def _findings(report: Report) -> list[str]:
    out = ["", f"## Findings ({len(report.findings)})", ""]
    if report.findings:
        out += ["| severity | confidence | rule | location | finding | fix |", "|---|---|---|---|---|---|"]
        for f in report.findings:
            mark = " (suppressed)" if f.suppressed else ""
            out.append(f"| {f.severity} | {f.confidence} | {f.rule} | `{f.path}:{f.line}` | "
                       f"**{_cell(f.title)}**{mark}: {_cell(f.message)} | {_cell(f.remediation)} |")
    return out


def render_markdown(report: Report) -> str:
    out = [f"# harness-audit report", "", _cell(report.summary), ""]
    if report.frameworks:
        out += [f"Frameworks and SDKs: {', '.join(report.frameworks)}", ""]
    if report.agent_detected:
        out += ["## Primitives", "", "| id | primitive | status | evidence |", "|---|---|---|---|"]
        for v in report.primitives:
            evidence = "<br>".join(_cell(f"`{e.path}:{e.line}` {e.component}: {e.detail}") for e in v.evidence[:3])
            # Document claims and agent-config controls are shown, marked, beside the code's evidence.
            evidence = "<br>".join(filter(None, [evidence] + [
                _cell(f"doc ({c.firmness}) `{c.path}:{c.line}`: {c.text}") for c in v.claims[:2]] + [
                _cell(f"config `{e.path}:{e.line}` {e.component}: {e.detail}")
                for e in [c for c in v.config_evidence if c not in v.evidence][:2]]))
            out.append(f"| {v.id} | {_cell(v.title)} | {_STATUS_MARK[v.status]} | {evidence} |")
        out += ["", "## Exposure", "", f"**{report.exposure.level}**: "
                + (", ".join(report.exposure.kinds) or "no side-effecting tools found"), ""]
        for item in report.exposure.items[:10]:
            out.append(f"- {item.kind}: `{item.path}:{item.line}` {_cell(item.detail)}")
        out += _findings(report)
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
    elif report.findings:  # no agent code, but instruction or agent-config findings
        out += _findings(report)
    if report.documents:
        out += ["", "## Documents", "", "| document | role | primitives addressed |", "|---|---|---|"]
        for doc in report.documents:
            covered = ", ".join(f"{p} {f}" for p, f in doc.primitives.items()) or "none"
            out.append(f"| `{_cell(doc.path)}` | {doc.role} | {_cell(covered)} |")
    out += ["", "## Files", "", f"{len(report.scanned)} scanned, {len(report.skipped)} skipped."]
    for skipped in report.skipped:
        out.append(f"- skipped `{skipped.path}`: {_cell(skipped.reason)}")
    failing = len(report.failing_findings())
    held = [f"{report.suppressed_count} suppressed inline"] if report.suppressed_count else []
    held += [f"{report.baselined} in the baseline"] if report.baselined else []
    out += ["", f"**Verdict:** {failing} finding{'s' if failing != 1 else ''} at or above "
            f"`{report.fail_on}` → exit {report.exit_code}."
            + (f" ({', '.join(held)}; they do not count.)" if held else "")]
    return "\n".join(out) + "\n"
