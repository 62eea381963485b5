"""How `audit` hands its report over: the format, colour, `--statistics`, and where it is written.

Not a command: `analyzer/cli.py` imports every module here, and this one only defines helpers.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from analyzer import safe_write
from analyzer.commands.common import fail
from analyzer.domain import Report
from analyzer.report.color import CHOICES, use_color
from analyzer.report.formats import COLOURED, FORMATS
from analyzer.report.options import RenderOptions
from analyzer.report.view import statistics


def output_options(command):
    """The report-shape flags of `audit`, in the order `--help` lists them."""
    for option in reversed([
        click.option("--color", "color", type=click.Choice(CHOICES), default="auto", show_default=True,
                     help="Colour text and concise output: auto colours a terminal unless NO_COLOR is set "
                          "(FORCE_COLOR colours a pipe)."),
        click.option("--no-color", "no_color", is_flag=True, hidden=True, help="Same as --color never."),
        click.option("--full", is_flag=True, help="Show every piece of evidence and exposure item (no '… N more')."),
        click.option("-q", "--quiet", is_flag=True,
                     help="Findings only, one line each; no summary and no notices on stderr."),
        click.option("--statistics", "show_statistics", is_flag=True,
                     help="Print how many findings each rule has, instead of the report."),
        click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings reach --fail-on (2 and 3 still mean errors)."),
    ]):
        command = option(command)
    return command


def render_report(report: Report, output_format: str, *, output: str | None, color: str, no_color: bool,
                  full: bool, quiet: bool, show_statistics: bool) -> tuple[str, bool]:
    """The rendered report, and whether it carries colour."""
    coloured = output_format in COLOURED and use_color(
        "never" if no_color else color, os.environ, sys.stdout.isatty(), to_file=bool(output))
    if show_statistics:
        return statistics_table(report), False
    return FORMATS[output_format](report, RenderOptions(color=coloured, full=full, quiet=quiet)), coloured


def statistics_table(report: Report) -> str:
    """ruff --statistics: count, rule, severity, title; one rule a line, most frequent first."""
    rows = statistics(report)
    width = max((len(str(count)) for count, *_ in rows), default=1)
    return "".join(f"{count:>{width}}  {rule:<6} [{severity}] {title}\n" for count, rule, severity, title in rows)


def write_file(file: str, text: str) -> None:
    """Write a report atomically (analyzer/safe_write.py); a failure is exit 2 and the old file stays."""
    try:
        safe_write.write_file(file, text)
    except safe_write.WriteError as error:
        fail(str(error))


def write_report(rendered: str, coloured: bool, output: str | None) -> None:
    if output:
        write_file(output, rendered)
    else:
        click.echo(rendered, nl=False, color=True if coloured else None)  # click strips colour in a pipe otherwise
