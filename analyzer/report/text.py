"""Terminal output, leading with what to do: the verdict and the first three fixes, then the findings
under their primitive, then the scorecard, exposure, the whole upgrade path and what was read.

Colour only when asked (`analyzer/report/color.py` decides); `--full` shows every piece of
evidence, otherwise a long list says how many more there are and how to see them.
"""

from __future__ import annotations

import textwrap

import click

from analyzer.domain import Finding, Report
from analyzer.report.concise import render_concise
from analyzer.report.options import RenderOptions
from analyzer.report.view import (findings_by_primitive, location, severity_note, short_message, shown_path,
                                  step_places, top_fixes, verdict_line)

_STATUS_COLOUR = {"present": "green", "partial": "yellow", "absent": "red", "not-applicable": "bright_black"}
_SEVERITY_COLOUR = {"critical": "red", "high": "red", "medium": "yellow", "low": "cyan", "info": "bright_black"}
WIDTH = 100
SHOWN = 3  # evidence items per primitive without --full


def render_text(report: Report, options: RenderOptions = RenderOptions()) -> str:
    if options.quiet:  # findings only, one line each
        return render_concise(report, options)
    color = options.color

    def paint(text: str, colour: str | None, bold: bool = False) -> str:
        return click.style(text, fg=colour, bold=bold) if color and (colour or bold) else text

    def wrap(text: str, indent: int, hanging: int = 0) -> list[str]:
        return textwrap.wrap(" ".join(text.split()), width=WIDTH, initial_indent=" " * indent,
                             subsequent_indent=" " * (indent + hanging), break_on_hyphens=False,
                             break_long_words=False) or [""]

    def limited(items: list, what: str) -> tuple[list, list[str]]:
        if options.full or len(items) <= SHOWN:
            return items, []
        return items[:SHOWN], [f"         … {len(items) - SHOWN} more {what} (--full shows all)"]

    def finding_lines(finding: Finding, indent: int) -> list[str]:
        label = paint(f"{finding.severity.upper():<8}", _SEVERITY_COLOUR.get(finding.severity), bold=True)
        suppressed = " [suppressed]" if finding.suppressed else ""
        lines = [f"{' ' * indent}{label} {finding.rule:<5} {location(report, finding.path, finding.line)}  "
                 f"{finding.title} ({finding.confidence} confidence){suppressed}"]
        note = severity_note(report, finding)
        body = indent + 15
        if note:
            lines += wrap(f"severity {note}", body)
        lines += wrap(short_message(report, finding), body)
        lines += wrap(f"fix: {finding.remediation}", body)
        return lines

    failing = bool(report.failing_findings())
    out: list[str] = [paint(f"harness-audit {report.tool_version}", None, bold=True),
                      paint(verdict_line(report), "red" if failing else "green", bold=True),
                      *wrap(report.summary, 0)]
    if report.frameworks:
        out.append(f"Frameworks and SDKs: {', '.join(report.frameworks)}")

    fixes = top_fixes(report)
    if fixes:
        out += ["", paint("Fix first", None, bold=True)]
        for step in fixes:
            out += wrap(f"{step.order}. {step.primitive} {step.title} ({step.severity}; {step.reason})", 2, 3)
            if step.where:
                out += wrap(f"change: {step_places(report, step)}", 5, 8)
            if step.steps:
                out += wrap(step.steps[0], 5)

    if report.agent_detected:
        groups = findings_by_primitive(report)
        out += ["", paint(f"Findings by primitive ({len(report.findings)})", None, bold=True)]
        for group in groups:
            status = group.verdict.status if group.verdict else ""
            header = f"  {group.primitive:<4} {group.slug:<20} "
            out.append(header + paint(f"{status:<8}", _STATUS_COLOUR.get(status)))
            for finding in group.findings:
                out += finding_lines(finding, 4)

        out += ["", paint("Primitives", None, bold=True)]
        for verdict in report.primitives:
            status = paint(f"{verdict.status:<8}", _STATUS_COLOUR.get(verdict.status))
            out.append(f"  {verdict.id:<4} {verdict.slug:<20} {status} {verdict.title}")
            shown, more = limited(verdict.evidence, "pieces of evidence")
            for item in shown:
                weak = " (weak)" if item.strength == "weak" else ""
                out += wrap(f"{location(report, item.path, item.line)} {item.component}{weak}: {item.detail}", 9)
            out += more
            if verdict.missing and verdict.status != "absent":
                out.append(f"         missing: {', '.join(verdict.missing)}")
            shown, more = limited(verdict.discounted, "not counted")
            for item in shown:
                out += wrap(f"not counted (nothing calls it): {location(report, item.path, item.line)} {item.detail}", 9)
            out += more
            shown, more = limited(verdict.claims, "document claims")
            for claim in shown:
                out += wrap(f"doc {claim.firmness}: {location(report, claim.path, claim.line)} {claim.text}", 9)
            out += more
            if report.mode == "code+agent-config" and verdict.config_status:
                out.append(f"         agent-client set-up: {verdict.config_status}")
            # In agent-config mode the config controls are the evidence already shown above.
            shown, more = limited([c for c in verdict.config_evidence if c not in verdict.evidence], "config controls")
            for item in shown:
                weak = " (weak)" if item.strength == "weak" else ""
                out += wrap(f"config: {location(report, item.path, item.line)} {item.component}{weak}: {item.detail}", 9)
            out += more
        exposure = report.exposure
        out += ["", paint("Exposure", None, bold=True),
                f"  {exposure.level}: " + (", ".join(exposure.kinds) if exposure.kinds else "no side-effecting tools found")]
        items = exposure.items if options.full else exposure.items[:8]
        for item in items:
            out += wrap(f"{item.kind}: {location(report, item.path, item.line)} {item.detail}", 4)
        if len(items) < len(exposure.items):
            out.append(f"    … {len(exposure.items) - len(items)} more (--full shows all)")
        if len(report.upgrade_path) > len(fixes):
            out += ["", paint("Then (the rest of the upgrade path, most urgent first)", None, bold=True)]
            for step in report.upgrade_path[len(fixes):]:
                out += wrap(f"{step.order}. {step.primitive} {step.title} ({step.status}, {step.severity}; {step.reason})", 2, 3)
                if step.where:
                    out += wrap(f"change: {step_places(report, step)}", 5, 8)
        if report.suggested_tests:
            files = sorted({t.file for t in report.suggested_tests})
            out += ["", paint("Suggested tests", None, bold=True),
                    f"  {len(report.suggested_tests)} tests in {len(files)} files; write them with --emit-tests DIR"]
            tests = report.suggested_tests if options.full else report.suggested_tests[:6]
            for test in tests:
                out.append(f"  {test.primitive:<4} {test.name}")
            if len(tests) < len(report.suggested_tests):
                out.append(f"  … {len(report.suggested_tests) - len(tests)} more (--full shows all)")
    else:
        # No agent code: what the agent instruction and configuration files set, and their findings.
        controls = sorted({(v.id, item) for v in report.primitives for item in v.config_evidence},
                          key=lambda pair: (pair[1].path, pair[1].line))
        if controls:
            out += ["", paint("Agent configuration controls", None, bold=True)]
            for primitive, item in controls:
                weak = " (weak)" if item.strength == "weak" else ""
                out += wrap(f"{primitive} {item.component}{weak}: {location(report, item.path, item.line)} {item.detail}", 2)
        if report.findings:
            out += ["", paint(f"Findings ({len(report.findings)})", None, bold=True)]
            for finding in report.findings:
                out += finding_lines(finding, 2)
    if report.documents:
        out += ["", paint("Documents", None, bold=True)]
        for doc in report.documents:
            covered = ", ".join(f"{p} {f}" for p, f in doc.primitives.items()) or "no primitive addressed"
            out += wrap(f"{shown_path(report, doc.path)} ({doc.role}, {doc.lines} lines): {covered}", 2)
    out += ["", f"Files: {len(report.scanned)} scanned, {len(report.skipped)} skipped"]
    for skipped in report.skipped:
        where = f":{skipped.line}" if getattr(skipped, "line", None) else ""
        out += wrap(f"skipped {shown_path(report, skipped.path)}{where}: {skipped.reason}", 2)
    out.append(paint(verdict_line(report), "red" if failing else "green", bold=True))
    return "\n".join(out) + "\n"
