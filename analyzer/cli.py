"""The `harness-audit` command line: a thin click group.

Each module in `analyzer/commands/` defines one command (or group) and registers itself on
`main` with `@main.command(...)`; adding a command never means editing this file.
"""

from __future__ import annotations

import difflib
import importlib
import pkgutil
import sys
from pathlib import Path

import click

from analyzer import __version__
from analyzer.internal_error import report_internal_error, set_debug


class _DefaultToAudit(click.Group):
    """Bare `harness-audit` (or `harness-audit PATH`) means `harness-audit audit ...`.

    A first word that is no command, no existing path and close to a command's name is a typo
    (`harness-audit rules`), not a folder to audit: it is a usage error naming the command meant.
    `--debug` is accepted anywhere before `--`, for every command; an unexpected exception in a
    command exits 3 (analyzer/internal_error.py).
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        end = args.index("--") if "--" in args else len(args)
        if "--debug" in args[:end]:
            set_debug(True)
            args = [a for a in args[:end] if a != "--debug"] + args[end:]
        wants_group_help = any(a in ("--help", "-h", "--version", "-V") for a in args[:1])
        if not wants_group_help and (not args or args[0] not in self.commands):
            if args and not args[0].startswith("-") and not Path(args[0]).exists():
                meant = self.closest_command(args[0])
                if meant:
                    ctx.fail(f"no command or path {args[0]!r}. Did you mean '{meant}'? "
                             f"(commands: {', '.join(sorted(self.commands))})")
            args = ["audit", *args]
        return super().parse_args(ctx, args)

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort,
                SystemExit, KeyboardInterrupt):
            raise
        except Exception as error:  # noqa: BLE001 - a bug is exit 3 with one line, never exit 1
            sys.exit(report_internal_error(error))

    def closest_command(self, word: str) -> str | None:
        """The command a mistyped or borrowed word most likely meant, if any."""
        lowered = word.lower()
        meant = _OTHER_TOOLS_WORDS.get(lowered)
        if meant in self.commands:
            return meant
        close = difflib.get_close_matches(lowered, list(self.commands), n=1, cutoff=0.5)
        return close[0] if close else None


# What users of other linters type for our commands (ruff rule, bandit/semgrep scan, ...).
_OTHER_TOOLS_WORDS = {"rule": "rubric", "rules": "rubric", "primitives": "rubric", "check": "audit", "scan": "audit",
                      "lint": "audit", "run": "audit", "plan": "design", "new": "scaffold", "init": "scaffold",
                      "describe": "explain"}


@click.group(cls=_DefaultToAudit, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="harness-audit")
def main() -> None:
    """Audit an AI agent's harness against twelve production primitives, or design one.

    \b
    harness-audit                      audit the current folder
    harness-audit audit PATH ...       audit files or folders
    harness-audit explain P5           what a primitive or rule means
    harness-audit design "PROMPT"      a phased harness plan for a new agent

    Exit codes: 0 clean, 1 findings, 2 usage or configuration error, 3 internal error
    (add --debug to any command for the traceback).
    """


def _load_commands() -> None:
    from analyzer import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        importlib.import_module(f"{commands.__name__}.{info.name}")


_load_commands()

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
