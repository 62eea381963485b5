"""Terminal output: readable without colour, coloured only when asked (on a tty)."""

from __future__ import annotations

import textwrap

import click

from analyzer.domain import Report

_STATUS_COLOUR = {"present": "green", "partial": "yellow", "absent": "red", "not-applicable": "bright_black"}
_SEVERITY_COLOUR = {"critical": "red", "high": "red", "medium": "yellow", "low": "cyan", "info": "bright_black"}
WIDTH = 100


def render_text(report: Report, color: bool = False) -> str:
    def paint(text: str, colour: str | None, bold: bool = False) -> str:
        return click.style(text, fg=colour, bold=bold) if color and colour else text

    def wrap(text: str, indent: int) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width=WIDTH, initial_indent=" " * indent,
                             subsequent_indent=" " * indent) or [""]

    def findings_section() -> list[str]:
        lines = ["", paint(f"Findings ({len(report.findings)})", None, bold=True)]
        for finding in report.findings:
            label = paint(f"{finding.severity.upper():<8}", _SEVERITY_COLOUR.get(finding.severity), bold=True)
            suppressed = " [suppressed]" if finding.suppressed else ""
            lines.append(f"  {label} {finding.rule:<5} {finding.path}:{finding.line}  {finding.title}"
                         f" ({finding.confidence} confidence){suppressed}")
            lines += wrap(finding.message, 17)
            lines += wrap(f"fix: {finding.remediation}", 17)
        return lines

    out: list[str] = [paint(f"harness-audit {report.tool_version}", None, bold=True), *wrap(report.summary, 0)]
    if report.frameworks:
        out.append(f"Frameworks and SDKs: {', '.join(report.frameworks)}")
    if report.agent_detected:
        out += ["", paint("Primitives", None, bold=True)]
        for verdict in report.primitives:
            status = paint(f"{verdict.status:<8}", _STATUS_COLOUR.get(verdict.status))
            out.append(f"  {verdict.id:<4} {verdict.slug:<20} {status} {verdict.title}")
            for item in verdict.evidence[:3]:
                weak = " (weak)" if item.strength == "weak" else ""
                out += wrap(f"{item.path}:{item.line} {item.component}{weak}: {item.detail}", 9)
            if len(verdict.evidence) > 3:
                out.append(f"         … {len(verdict.evidence) - 3} more (see --format json)")
            if verdict.missing and verdict.status != "absent":
                out.append(f"         missing: {', '.join(verdict.missing)}")
            for item in verdict.discounted[:2]:
                out += wrap(f"not counted (nothing calls it): {item.path}:{item.line} {item.detail}", 9)
            for claim in verdict.claims[:2]:
                out += wrap(f"doc {claim.firmness}: {claim.path}:{claim.line} {claim.text}", 9)
            if report.mode == "code+agent-config" and verdict.config_status:
                out.append(f"         agent-client set-up: {verdict.config_status}")
            for item in [c for c in verdict.config_evidence if c not in verdict.evidence][:2]:  # agent-config: the same
                weak = " (weak)" if item.strength == "weak" else ""
                out += wrap(f"config: {item.path}:{item.line} {item.component}{weak}: {item.detail}", 9)
        exposure = report.exposure
        out += ["", paint("Exposure", None, bold=True),
                f"  {exposure.level}: " + (", ".join(exposure.kinds) if exposure.kinds else "no side-effecting tools found")]
        for item in exposure.items[:8]:
            out += wrap(f"{item.kind}: {item.path}:{item.line} {item.detail}", 4)
        if len(exposure.items) > 8:
            out.append(f"    … {len(exposure.items) - 8} more")
        out += findings_section()
        if report.upgrade_path:
            out += ["", paint("Upgrade path (dependencies first)", None, bold=True)]
            for step in report.upgrade_path:
                out.append(f"  {step.order}. {step.primitive} {step.title} ({step.status}, {step.severity})")
                out += wrap(step.steps[0], 6)
        if report.suggested_tests:
            files = sorted({t.file for t in report.suggested_tests})
            out += ["", paint("Suggested tests", None, bold=True),
                    f"  {len(report.suggested_tests)} tests in {len(files)} files; write them with --emit-tests DIR"]
            for test in report.suggested_tests[:6]:
                out.append(f"  {test.primitive:<4} {test.name}")
            if len(report.suggested_tests) > 6:
                out.append(f"  … {len(report.suggested_tests) - 6} more")
    else:
        # No agent code: what the agent instruction and configuration files set, and their findings.
        controls = sorted({(v.id, item) for v in report.primitives for item in v.config_evidence},
                          key=lambda pair: (pair[1].path, pair[1].line))
        if controls:
            out += ["", paint("Agent configuration controls", None, bold=True)]
            for primitive, item in controls:
                weak = " (weak)" if item.strength == "weak" else ""
                out += wrap(f"{primitive} {item.component}{weak}: {item.path}:{item.line} {item.detail}", 2)
        if report.findings:
            out += findings_section()
    if report.documents:
        out += ["", paint("Documents", None, bold=True)]
        for doc in report.documents:
            covered = ", ".join(f"{p} {f}" for p, f in doc.primitives.items()) or "no primitive addressed"
            out += wrap(f"{doc.path} ({doc.role}, {doc.lines} lines): {covered}", 2)
    out += ["", f"Files: {len(report.scanned)} scanned, {len(report.skipped)} skipped"]
    for skipped in report.skipped:
        where = f":{skipped.line}" if getattr(skipped, "line", None) else ""
        out += wrap(f"skipped {skipped.path}{where}: {skipped.reason}", 2)
    failing = len(report.failing_findings())
    if report.fail_on == "none":
        verdict = "Verdict: --fail-on none, exit 0"
    elif failing:
        verdict = f"Verdict: {failing} finding{'s' if failing != 1 else ''} at or above {report.fail_on}, exit 1"
    else:
        verdict = f"Verdict: no finding at or above {report.fail_on}, exit 0"
    held = [f"{report.suppressed_count} suppressed inline"] if report.suppressed_count else []
    held += [f"{report.baselined} in the baseline"] if report.baselined else []
    if held:
        verdict += f" ({', '.join(held)}; they do not count)"
    out.append(paint(verdict, "red" if failing else "green", bold=True))
    return "\n".join(out) + "\n"
