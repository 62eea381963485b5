"""The `harness-audit` command line: a thin click group.

Each module in `analyzer/commands/` defines one command (or group) and registers itself on
`main` with `@main.command(...)`; adding a command never means editing this file.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import click

from analyzer import __version__


class _DefaultToAudit(click.Group):
    """Bare `harness-audit` (or `harness-audit PATH`) means `harness-audit audit ...`."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        wants_group_help = any(a in ("--help", "-h", "--version") for a in args[:1])
        if not wants_group_help and (not args or args[0] not in self.commands):
            args = ["audit", *args]
        return super().parse_args(ctx, args)


@click.group(cls=_DefaultToAudit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="harness-audit")
def main() -> None:
    """Audit an AI agent's harness against twelve production primitives, or design one.

    \b
    harness-audit                      audit the current folder
    harness-audit audit PATH ...       audit files or folders
    harness-audit explain P5           what a primitive or rule means
    harness-audit design "PROMPT"      a phased harness plan for a new agent
    """


def _load_commands() -> None:
    from analyzer import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        importlib.import_module(f"{commands.__name__}.{info.name}")


_load_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
