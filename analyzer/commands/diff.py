"""`harness-audit diff [BASE_REF]`: what a change did to the harness (analyzer/harness_diff.py)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from analyzer.audit import AuditOptions, run_audit
from analyzer.cli import main
from analyzer.commands.common import fail, load_rubric_or_exit, rubric_option
from analyzer.commands.report_output import write_file
from analyzer.config import ConfigError, config_for, settings
from analyzer.git_trees import (GitError, default_branch, export_tree, export_worktree, merge_base,
                                repository_root, resolve)
from analyzer.harness_diff import compare
from analyzer.pipeline.cache import default_cache_dir
from analyzer.pipeline.collect import default_jobs
from analyzer.report.diff_formats import DIFF_FORMATS
from analyzer.rubric import SEVERITIES


@main.command("diff")
@click.argument("base_ref", required=False)
@click.option("--head", "head_ref", metavar="REF",
              help="Compare with this commit instead of the working tree (also read from git objects).")
@click.option("--path", "path", default=".", show_default=True, type=click.Path(),
              help="The folder or file to audit on both sides (as in `harness-audit audit PATH`).")
@click.option("--format", "output_format", type=click.Choice(sorted(DIFF_FORMATS)), default="text",
              show_default=True, help="Output format (markdown fits a pull-request comment).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the diff to FILE.")
@click.option("--fail-on", type=click.Choice([*SEVERITIES, "none"]), default=None,
              help="Exit 1 on a regression or new finding at least this severe.  [default: the config's, else high]")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), metavar="FILE",
              help="Read settings from FILE instead of searching for one.")
@rubric_option
def diff_command(base_ref, head_ref, path, output_format, output, fail_on, config_path, rubric_paths):
    """Compare the harness at BASE_REF with the working tree (default BASE_REF: the merge base with the
    default branch): primitives that regressed or improved, gates removed from a tool, tools that gained
    a sink, new and fixed findings. Both sides are audited from git objects; nothing is checked out."""
    target = Path(path)
    if not target.exists() and head_ref is None:
        fail(f"no such file or folder: {path}")
    try:
        root = repository_root(target.resolve() if target.exists() else Path.cwd())
        inside = _inside(root, target)
        if base_ref is None:
            branch = default_branch(root)
            base_commit, base_label = merge_base(root, branch), f"merge-base({branch})"
        else:
            base_commit, base_label = resolve(root, base_ref), base_ref
        head_commit = resolve(root, head_ref) if head_ref else None
    except GitError as error:
        fail(str(error))
    try:
        config = config_for(target if target.exists() else root, config_path)
        rubric = load_rubric_or_exit([*config.rubric, *rubric_paths])
        chosen = settings(config, rubric, target if target.exists() else root, fail_on=fail_on, exclude=(),
                          docs=(), select=None, ignore=None)
    except (ConfigError, ValueError) as error:
        fail(str(error))
    # the per-file cache is shared with `audit`: files the two sides have in common are analysed once
    options = AuditOptions(exclude=chosen.exclude, doc_globs=chosen.docs, fail_on=chosen.fail_on, policy=chosen.policy,
                           jobs=default_jobs(), cache_dir=default_cache_dir(root))
    with tempfile.TemporaryDirectory(prefix="harness-audit-diff-") as scratch:
        try:
            base_path = export_tree(root, base_commit, inside, Path(scratch) / "base")
            head_path = (export_tree(root, head_commit, inside, Path(scratch) / "head") if head_commit
                         else export_worktree(root, inside, Path(scratch) / "head"))
        except GitError as error:
            fail(str(error))
        base = _audit(rubric, base_path, options, inside)
        head = _audit(rubric, head_path, options, inside)
    result = compare(rubric, base, head, base_ref=f"{base_label} {base_commit[:12]}",
                     head_ref=head_ref or "working tree", policy=chosen.policy)
    rendered = DIFF_FORMATS[output_format](result, head)
    if output:
        write_file(output, rendered)
    else:
        click.echo(rendered, nl=False)
    sys.exit(result.exit_code)


def _inside(root: Path, target: Path) -> str:
    """`target` relative to the repository root, "" for the root itself."""
    try:
        relative = (Path.cwd() / target).resolve().relative_to(root).as_posix()
    except ValueError:
        fail(f"{target} is outside the repository at {root}")
    return "" if relative == "." else relative


def _audit(rubric, path: Path, options: AuditOptions, inside: str):
    """An audit of one side (a scratch copy); a side where the path does not exist yet is an empty
    project. Paths in SARIF are the repository's, as for an audit of the real folder."""
    if not path.exists():
        path.mkdir(parents=True)
    report = run_audit(rubric, [path], options)
    report.path_prefix = inside if path.is_dir() else inside.rpartition("/")[0]
    return report
