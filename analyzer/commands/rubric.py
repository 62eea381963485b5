"""`harness-audit rubric` and `harness-audit explain`: read the rubric."""

from __future__ import annotations

import click

from analyzer.cli import main
from analyzer.commands.common import load_rubric_or_exit, rubric_option
from analyzer.report.explain import explain_primitive, explain_rule, rubric_table


@main.command("rubric")
@rubric_option
def rubric_command(rubric_paths: tuple[str, ...]) -> None:
    """List the primitives and the rules."""
    rubric = load_rubric_or_exit(rubric_paths)
    click.echo(rubric_table(rubric), nl=False)


@main.command("explain")
@click.argument("key")
@rubric_option
def explain_command(key: str, rubric_paths: tuple[str, ...]) -> None:
    """Explain a primitive (P5, token-budget) or a rule (HA101, unbounded-model-loop)."""
    rubric = load_rubric_or_exit(rubric_paths)
    try:
        text = explain_primitive(rubric.primitive(key))
    except KeyError:
        try:
            text = explain_rule(rubric.rule(key), rubric)
        except KeyError:
            known = ", ".join(list(rubric.ids) + [r.id for r in rubric.rules])
            raise click.UsageError(f"unknown primitive or rule {key!r}; known: {known}") from None
    click.echo(text, nl=False)
