"""Options and error handling shared by commands."""

from __future__ import annotations

import sys
from typing import Iterable

import click

from analyzer.rubric import Rubric, RubricError, load_rubric

EXIT_FINDINGS, EXIT_USAGE = 1, 2  # an audit's own exit code comes from its report

rubric_option = click.option(
    "--rubric", "rubric_paths", multiple=True, type=click.Path(),
    help="Extra rubric YAML file or folder (repeatable).",
)


def fail(message: str) -> "NoReturn":  # type: ignore[name-defined]  # noqa: F821
    """Print a configuration error and exit 2."""
    click.echo(f"harness-audit: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def load_rubric_or_exit(paths: Iterable[str] = ()) -> Rubric:
    try:
        return load_rubric(paths)
    except RubricError as error:
        fail(str(error))
