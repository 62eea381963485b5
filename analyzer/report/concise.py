"""One line per finding, ruff style: `path:line:col: ID [severity] title`, paths as the user opens them.

Suppressed findings are left out (as ruff leaves out `noqa` lines); a closing line counts what
was printed and gives the verdict, unless `-q`.
"""

from __future__ import annotations

import click

from analyzer.domain import Finding, Report
from analyzer.report.options import RenderOptions
from analyzer.report.view import location, severity_note, verdict_line
from analyzer.rubric import severity_rank

_SEVERITY_COLOUR = {"critical": "red", "high": "red", "medium": "yellow", "low": "cyan", "info": "bright_black"}


def concise_line(report: Report, finding: Finding, color: bool = False) -> str:
    where = location(report, finding.path, finding.line, 1)
    rule = click.style(finding.rule, fg=_SEVERITY_COLOUR[finding.severity], bold=True) if color else finding.rule
    note = severity_note(report, finding)
    return f"{where}: {rule} [{finding.severity}] {finding.title}" + (f" ({note})" if note else "")


def render_concise(report: Report, options: RenderOptions = RenderOptions()) -> str:
    shown = sorted((f for f in report.findings if not f.suppressed),
                   key=lambda f: (f.path, f.line, severity_rank(f.severity), f.rule))
    lines = [concise_line(report, f, options.color) for f in shown]
    if not options.quiet:
        lines.append(f"Found {len(shown)} finding{'s' if len(shown) != 1 else ''}. {verdict_line(report)}")
    return "\n".join(lines) + "\n" if lines else ""
