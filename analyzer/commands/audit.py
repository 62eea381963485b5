"""`harness-audit audit [PATH ...]`: judge each primitive with evidence, list findings, plan the upgrade."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from analyzer.audit import AuditOptions, run_audit
from analyzer.cli import main
from analyzer.commands.common import fail, load_rubric_or_exit, rubric_option
from analyzer.report.formats import FORMATS
from analyzer.rubric import SEVERITIES


@main.command("audit")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default="high", show_default=True,
              help="Exit 1 when a finding is at least this severe.")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files or folders matching GLOB (repeatable).")
@click.option("--docs", "doc_globs", multiple=True, metavar="GLOB",
              help="Also read Markdown files matching GLOB as design docs (repeatable).")
@click.option("--emit-tests", type=click.Path(file_okay=False), metavar="DIR",
              help="Write the suggested pytest files into DIR.")
@click.option("--color/--no-color", default=None, help="Colour the text output (default: only on a terminal).")
@rubric_option
def audit_command(paths, output_format, output, fail_on, exclude, doc_globs, emit_tests, color, rubric_paths):
    """Audit PATHS (files or folders; default: the current folder)."""
    rubric = load_rubric_or_exit(rubric_paths)
    targets = [Path(p) for p in paths] or [Path(".")]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}")
    options = AuditOptions(exclude=tuple(exclude), doc_globs=tuple(doc_globs), fail_on=fail_on)
    report = run_audit(rubric, targets, options)
    use_color = (color if color is not None else sys.stdout.isatty()) and not output and output_format == "text"
    rendered = FORMATS[output_format](report, use_color)
    if output:
        try:
            Path(output).write_text(rendered, encoding="utf-8")
        except OSError as error:
            fail(f"cannot write {output}: {error.strerror}")
    else:
        click.echo(rendered, nl=False)
    if emit_tests:
        written = write_tests(report, Path(emit_tests))
        click.echo(f"harness-audit: wrote {len(written)} test file(s) to {emit_tests}", err=True)
    sys.exit(report.exit_code)


def write_tests(report, folder: Path) -> list[Path]:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        fail(f"cannot create {folder}: {error.strerror}")
    written = []
    for file_name, code in sorted({(t.file, t.code) for t in report.suggested_tests}):
        path = folder / file_name
        path.write_text(code, encoding="utf-8")
        written.append(path)
    return written


