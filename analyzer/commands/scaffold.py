"""`harness-audit scaffold DIR`: write a runnable single-agent harness for a plan's phase 1."""

from __future__ import annotations

import click

from analyzer.cli import main
from analyzer.commands.common import fail, load_rubric_or_exit, rubric_option
from analyzer.commands.design import make_plan
from analyzer.design.scaffold import ScaffoldError, check_plan, load_plan, scaffold


@main.command("scaffold")
@click.argument("directory", type=click.Path(file_okay=False))
@click.option("--from", "plan_path", type=click.Path(dir_okay=False), metavar="PLAN.json",
              help="A plan written by `harness-audit design --format json`.")
@click.option("--prompt", help="Design the plan from this description first.")
@click.option("--force", is_flag=True, help="Write into DIR even when it is not empty.")
@rubric_option
def scaffold_command(directory, plan_path, prompt, force, rubric_paths):
    """Write a small, tested, single-agent Python harness for the plan's phase 1 into DIRECTORY.

    \b
    harness-audit design "..." --format json -o plan.json && harness-audit scaffold bot --from plan.json
    harness-audit scaffold bot --prompt "A support bot that looks up orders and issues refunds"
    """
    if bool(plan_path) == bool(prompt):
        fail("give exactly one of --from PLAN.json or --prompt TEXT")
    rubric = load_rubric_or_exit(rubric_paths)
    try:
        if plan_path:
            plan = load_plan(plan_path)
            check_plan(plan, rubric, plan_path)
        else:
            plan = make_plan(rubric, prompt)
        result = scaffold(plan, directory, rubric, force=force, source=plan_path or "plan")
    except ScaffoldError as error:
        fail(str(error))
    manifest = result.manifest
    click.echo(f"harness-audit: wrote {len(result.files)} files to {result.directory}", err=True)
    click.echo(f"implements: {', '.join(manifest['primitives'])}", err=True)
    for item in manifest["not_scaffolded"]:
        click.echo(f"not scaffolded: {item['id']} {item['title']} ({item['reason']})", err=True)
    click.echo(f"next: cd {result.directory} && python -m pytest", err=True)
