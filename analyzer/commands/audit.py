"""`harness-audit audit [PATH ...]`: judge each primitive with evidence, list findings, plan the upgrade."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import click

from analyzer.audit import AuditOptions, run_audit
from analyzer.baseline import BaselineError, read_baseline, write_baseline
from analyzer.cli import main
from analyzer.commands.common import fail, load_rubric_or_exit, rubric_option
from analyzer.commands.report_output import output_options, render_report, write_file, write_report
from analyzer.config import ConfigError, config_for, settings, split_ids
from analyzer.budget import DEFAULT_MEGABYTES, DEFAULT_SECONDS, FileBudget
from analyzer.discover import audit_root, discover
from analyzer.finding_filter import leave_out_baselined
from analyzer.pipeline.cache import default_cache_dir
from analyzer.pipeline.collect import CollectStats, default_jobs
from analyzer.plan.tests import GENERATED_MARK
from analyzer.report.formats import FORMATS
from analyzer.report.options import RenderOptions
from analyzer.rubric import SEVERITIES
from analyzer.safe_write import WriteError, write_into_folder


@main.command("audit")
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--format", "output_format", type=click.Choice(sorted(FORMATS)), default="text", show_default=True,
              help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--also-output", "also_outputs", multiple=True, metavar="FORMAT:FILE",
              help="Also write the report in FORMAT to FILE, from the same run (repeatable), "
                   "e.g. --also-output sarif:harness-audit.sarif.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default=None,
              help="Exit 1 when a finding is at least this severe.  [default: fail-on from the config, else high]")
@click.option("--exclude", multiple=True, metavar="GLOB", help="Skip files or folders matching GLOB (repeatable).")
@click.option("--docs", "doc_globs", multiple=True, metavar="GLOB",
              help="Also read Markdown files matching GLOB as design docs (repeatable).")
@click.option("--emit-tests", type=click.Path(file_okay=False), metavar="DIR",
              help="Write the suggested pytest files into DIR.")
@click.option("--force", is_flag=True, help="Let --emit-tests replace test files harness-audit did not write.")
@click.option("--file-time-budget", type=click.FloatRange(min=0.1), default=None, metavar="SECONDS",
              help=f"Skip a file that takes longer to analyse.  [default: file-time-budget from the config, "
                   f"else {DEFAULT_SECONDS:g}]")
@click.option("--file-memory-budget", type=click.IntRange(min=16), default=None, metavar="MB",
              help=f"Skip a file whose analysis needs more memory.  [default: file-memory-budget from the "
                   f"config, else {DEFAULT_MEGABYTES}]")
@output_options
@rubric_option
@click.option("--select", multiple=True, metavar="IDS",
              help="Report only these rules or primitives (HA101,P5; repeatable). Replaces select in the config.")
@click.option("--ignore", multiple=True, metavar="IDS",
              help="Leave out these rules or primitives (repeatable). Replaces ignore in the config.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read settings from FILE (pyproject.toml or .harness-audit.toml) instead of searching for one.")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Leave out findings listed in FILE, so only new ones count.")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Record every current finding in FILE (they then count as baselined).")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, metavar="N",
              help="Analyse files in N processes.  [default: the number of CPUs]")
@click.option("--no-cache", is_flag=True, help="Analyse every file again; neither read nor write the facts cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), metavar="DIR",
              help="Keep the per-file facts cache in DIR.  [default: $HARNESS_AUDIT_CACHE_DIR, else the user cache "
                   "folder, else .harness-audit-cache/]")
@click.option("--cache-stats", is_flag=True,
              help="Print on stderr how many files were analysed and how many came from the cache.")
def audit_command(paths, output_format, output, also_outputs, fail_on, exclude, doc_globs, emit_tests, force,
                  file_time_budget, file_memory_budget, color, no_color, full, quiet, show_statistics, exit_zero,
                  rubric_paths, select, ignore, config_path, baseline_path, write_baseline_path, jobs, no_cache,
                  cache_dir, cache_stats):
    """Audit PATHS (files or folders; default: the current folder)."""
    targets = [Path(p) for p in paths] or [Path(".")]
    missing = [str(p) for p in targets if not p.exists()]
    if missing:
        fail(f"no such file or folder: {', '.join(missing)}")
    if baseline_path and write_baseline_path:
        fail("--baseline and --write-baseline cannot be used together")
    extra_outputs = [_format_and_file(value) for value in also_outputs]
    root = audit_root(targets)
    try:
        config = config_for(root, config_path)
        rubric = load_rubric_or_exit([*config.rubric, *rubric_paths])
        chosen = settings(config, rubric, root, fail_on=fail_on, exclude=exclude, docs=doc_globs,
                          select=split_ids(select), ignore=split_ids(ignore))
        known = _baseline(config, baseline_path, write_baseline_path, targets)
    except (ConfigError, BaselineError, ValueError) as error:
        fail(str(error))
    counts = CollectStats()
    budget = FileBudget(seconds=file_time_budget or config.file_time_budget or DEFAULT_SECONDS,
                        megabytes=file_memory_budget or config.file_memory_budget or DEFAULT_MEGABYTES)
    options = AuditOptions(exclude=chosen.exclude, doc_globs=chosen.docs, fail_on=chosen.fail_on,
                           policy=chosen.policy, baseline=known, jobs=jobs or default_jobs(),
                           cache_dir=None if no_cache else Path(cache_dir) if cache_dir else default_cache_dir(root),
                           progress=not quiet, stats=counts, budget=budget)
    for written in [output, *(file for _, file in extra_outputs)]:
        if written:
            _refuse_audited_output(Path(written), targets, options)
    report = run_audit(rubric, targets, options)
    if cache_stats:
        click.echo(f"harness-audit: {counts.line()}", err=True)
    if write_baseline_path:
        try:
            count = write_baseline(report.findings, Path(write_baseline_path))
        except BaselineError as error:
            fail(str(error))
        leave_out_baselined(report, frozenset(f.id for f in report.findings))
        if not quiet:
            click.echo(f"harness-audit: wrote {count} finding id(s) to {write_baseline_path}", err=True)
    write_report(*render_report(report, output_format, output=output, color=color, no_color=no_color, full=full,
                                quiet=quiet, show_statistics=show_statistics), output)
    for extra_format, extra_file in extra_outputs:
        write_file(extra_file, FORMATS[extra_format](report, RenderOptions(full=full)))
    if emit_tests:
        try:
            written = write_tests(report, Path(emit_tests), force=force)
        except WriteError as error:
            fail(str(error))
        if not quiet:
            click.echo(f"harness-audit: wrote {len(written)} test file(s) to {emit_tests}", err=True)
    sys.exit(0 if exit_zero else report.exit_code)


def _format_and_file(value: str) -> tuple[str, str]:
    """`sarif:out.sarif` -> ("sarif", "out.sarif"); a usage error (exit 2) when malformed."""
    name, sep, file = value.partition(":")
    if not sep or not file:
        fail(f"--also-output takes FORMAT:FILE (e.g. sarif:harness-audit.sarif), not {value!r}")
    if name not in FORMATS:
        fail(f"--also-output: unknown format {name!r} (one of {', '.join(sorted(FORMATS))})")
    return name, file


def _baseline(config, baseline_path: str | None, write_baseline_path: str | None,
              targets: list[Path]) -> frozenset[str] | None:
    """The finding ids to leave out: --baseline FILE, else `baseline` in the config (not when writing one)."""
    if baseline_path:
        return read_baseline(Path(baseline_path))
    if write_baseline_path or config.baseline is None:
        return None
    if not config.baseline.is_file():
        raise config.fail(("baseline",), f"baseline {config.baseline.name!r} does not exist; write it with "
                                         f"`harness-audit audit {' '.join(shlex.quote(str(t)) for t in targets)} "
                                         f"--write-baseline {shlex.quote(str(config.baseline))}`")
    return read_baseline(config.baseline)


def write_tests(report, folder: Path, force: bool = False) -> list[Path]:
    """The suggested test files, written into `folder`; a test file the user wrote is kept unless `force`."""
    files = dict(sorted({(t.file, t.code) for t in report.suggested_tests}))
    return write_into_folder(folder, files, force=force, ours=lambda text: GENERATED_MARK in text[:2000])


def _refuse_audited_output(output: Path, targets: list[Path], options: AuditOptions) -> None:
    """`-o` (and --also-output) must never replace a file the audit reads."""
    if not output.exists():
        return
    resolved = output.resolve()
    found = discover(targets, exclude=options.exclude, doc_globs=options.doc_globs)
    if any(source.path.resolve() == resolved for source in found.files):
        fail(f"{output}: that file is one of the audited inputs; write the report elsewhere")
