"""GitHub Actions workflow commands: one annotation per finding, then the verdict.

    ::error file=src/agent.py,line=26,title=HA101 Model called in a loop (high%2C high confidence)::A model...

critical/high -> `error`, medium -> `warning`, low/info -> `notice`. Paths are
repository-relative (`report.path_prefix`), as annotations need. Suppressed findings are not
annotated (they are counted in the verdict line). Escaping follows `@actions/core`
(`toolkit/packages/core/src/command.ts`): in the message `%`, CR and LF; in properties also
`:` and `,`.
"""

from __future__ import annotations

from analyzer.domain import Finding, Report

COMMANDS = {"critical": "error", "high": "error", "medium": "warning", "low": "notice", "info": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(report: Report, finding: Finding) -> str:
    path = finding.path if finding.path not in ("", ".") or not report.scanned else report.scanned[0]
    properties = {
        "file": report.repo_path(path),
        "line": str(max(finding.line, 1)),
        "title": f"{finding.rule} {finding.title} ({finding.severity}, {finding.confidence} confidence)",
    }
    rendered = ",".join(f"{key}={escape_property(value)}" for key, value in properties.items())
    message = f"{finding.message}\nFix: {finding.remediation}"
    return f"::{COMMANDS[finding.severity]} {rendered}::{escape_data(message)}"


def render_github(report: Report) -> str:
    lines = [annotation(report, f) for f in report.findings if not f.suppressed]
    failing = len(report.failing_findings())
    extra = []
    if report.suppressed_count:
        extra.append(f"{report.suppressed_count} suppressed")
    if report.baselined:
        extra.append(f"{report.baselined} in baseline")
    counts = f" ({', '.join(extra)})" if extra else ""
    if report.fail_on == "none":
        active = len(report.findings) - report.suppressed_count
        verdict = f"harness-audit: {active} finding{'s' if active != 1 else ''}{counts}; --fail-on none, exit 0"
    else:
        verdict = (f"harness-audit: {failing} finding{'s' if failing != 1 else ''} at or above "
                   f"{report.fail_on}{counts}, exit {report.exit_code}")
    lines.append(verdict)
    return "\n".join(lines) + "\n"
