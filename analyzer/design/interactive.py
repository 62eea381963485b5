"""`harness-audit design --interactive`: ask only what the description leaves open.

Questions go to stderr so the plan on stdout stays clean, and answers are read with
`click.prompt`, so piped stdin works (`printf 'autonomous\\n' | harness-audit design -i ...`).
When piped input runs out, the remaining questions keep their stated assumption.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Callable

import click

from analyzer.design import lexicon
from analyzer.design.profile import AUTONOMY_VALUES, Action, Overrides, Profile, Trait

_QUESTIONS = {
    "actions": f"What can its tools do? Comma-separated, from: {', '.join(lexicon.ACTION_KINDS)}",
    "autonomy": "Does a person approve or steer each run, or does it act on its own?",
    "session_length": "How long does one session last?",
    "scale": "How many people use it?",
    "users": "Who uses it?",
    "approvals": "Who approves {tools}, and above what amount or in which cases? "
                 "(for example: 'refunds over $100 need the support lead'; empty: a person approves every one)",
}
_CHOICES = {
    "autonomy": AUTONOMY_VALUES,
    "session_length": lexicon.SESSION_LENGTHS,
    "scale": lexicon.SCALES,
}
REASON = "answered interactively"


class _OutOfInput(Exception):
    pass


def _parse_risks(value: str) -> tuple[str, ...]:
    risks = tuple(dict.fromkeys(part.strip().lower() for part in value.split(",") if part.strip()))
    unknown = [r for r in risks if r not in lexicon.ACTION_KINDS]
    if unknown or not risks:
        raise click.BadParameter(f"choose from {', '.join(lexicon.ACTION_KINDS)}")
    return risks


def _ask(text: str, **options) -> str:
    try:
        return click.prompt(text, err=True, **options)
    except click.Abort:
        if sys.stdin is not None and sys.stdin.isatty():
            raise
        raise _OutOfInput() from None


def ask_description(ask: Callable[..., str] = _ask) -> str:
    """The one question that has no default: what the agent is for."""
    try:
        return ask("What should the agent do?").strip()
    except _OutOfInput:
        raise click.UsageError("--interactive needs a description: give PROMPT or answer the first question") from None


def ask_open_questions(profile: Profile, overrides: Overrides, ask: Callable[..., str] = _ask) -> Overrides:
    """Overrides extended with answers to every question the profile had to assume."""
    answered: dict = {}
    try:
        for field in profile.open_questions:
            if field == "actions":
                default = ", ".join(profile.risks)
                risks = ask(_QUESTIONS[field], default=default, value_proc=_parse_risks)
                answered["actions"] = tuple(Action(r, (), REASON) for r in (
                    risks if isinstance(risks, tuple) else _parse_risks(risks)))
                answered["actions_complete"] = True
            elif field == "approvals":
                risky = [tool for action in profile.actions if action.risk in ("money", "destructive", "external-send")
                         for tool in (action.tools or action.phrases)]
                value = ask(_QUESTIONS[field].format(tools=", ".join(f'"{t}"' for t in risky[:3]) or "its actions"),
                            default="", show_default=False)
                if str(value).strip():
                    answered["notes"] = tuple(overrides.notes) + (" ".join(str(value).split()),)
            elif field in _CHOICES:
                value = ask(_QUESTIONS[field], default=getattr(profile, field).value,
                            type=click.Choice(_CHOICES[field]))
                answered[field] = Trait(value, REASON)
            else:
                value = ask(_QUESTIONS[field], default=getattr(profile, field).value)
                answered[field] = Trait(" ".join(str(value).split()), REASON)
    except _OutOfInput:
        click.echo("harness-audit: no more answers on stdin; keeping the remaining assumptions", err=True)
    return replace(overrides, **answered)
