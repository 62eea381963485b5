#!/usr/bin/env python3
"""PreToolUse hook: keep the harness-auditor subagent read-only.

A subagent's `tools:` list cannot narrow Bash to one command (a `Bash(cmd:*)` entry there grants
all of Bash: anthropics/claude-code#95002), so this hook does it. Claude Code runs it before
every Bash call and passes `agent_type` for calls made by a subagent. For the harness-auditor
it allows one plain `harness-audit audit|explain|rubric|design ...` command (directly, through
`uvx --from harness-audit` or `pipx run --spec harness-audit`) that writes no file, and denies
anything else, including any option not known to write nothing. Calls from the main session
or other agents pass through untouched.

Standard library only: the plugin must work before the Python package is installed.
"""

from __future__ import annotations

import json
import re
import shlex
import sys

AGENT = "harness-auditor"
READ_ONLY_COMMANDS = {"audit", "explain", "rubric", "design"}
INFO_FLAGS = {"--version", "--help", "-h"}
# Options that only change what is read or shown. Anything else (-o, --emit-tests,
# --write-baseline, options added later) is refused until it is known to write nothing.
READ_ONLY_OPTIONS = {"--format", "--fail-on", "--exclude", "--docs", "--color", "--no-color", "--rubric",
                     "--select", "--ignore", "--config", "--baseline", "--from", "--help", "-h"}
SHELL_OPERATORS = (";", "&", "|", "<", ">", "`", "$(", "\n")
LAUNCHERS = (["uvx", "--from"], ["pipx", "run", "--spec"])
PACKAGE = re.compile(r"^harness-audit($|[=<>~!@\[])")  # the package, optionally pinned


def refusal(command: str) -> str:
    """Why the auditor may not run `command`; empty when it may."""
    if any(op in command for op in SHELL_OPERATORS):
        return "one plain harness-audit command: no pipes, redirections, chaining or substitutions"
    try:
        words = shlex.split(command)
    except ValueError:
        return "the command does not parse"
    for launcher in LAUNCHERS:
        if words[: len(launcher)] == launcher and len(words) > len(launcher) + 1:
            if not PACKAGE.match(words[len(launcher)]):
                return "only the harness-audit package may be run"
            words = words[len(launcher) + 1:]
            break
    if not words or words[0] != "harness-audit":
        return "the harness-auditor runs only harness-audit; read files with Read, Grep and Glob"
    args = words[1:]
    if args and args[0] in INFO_FLAGS:
        return ""
    if args and not args[0].startswith("-") and args[0] not in READ_ONLY_COMMANDS and not _looks_like_path(args[0]):
        return f"`harness-audit {args[0]}` can change files; only audit, explain, rubric and design are allowed"
    for arg in args:
        option = arg.split("=", 1)[0]
        if arg.startswith("-") and option not in READ_ONLY_OPTIONS:
            return f"{option} is not a read-only option (reports go to standard output)"
    return ""


def _looks_like_path(word: str) -> bool:
    # Bare `harness-audit PATH` means `harness-audit audit PATH`.
    return word in (".", "..") or "/" in word or "." in word


def main() -> int:
    try:
        event = json.load(sys.stdin)
    except (ValueError, OSError):
        return 0
    agent = str(event.get("agent_type") or "")
    if agent.split(":")[-1] != AGENT or event.get("tool_name") != "Bash":
        return 0
    command = str((event.get("tool_input") or {}).get("command", ""))
    reason = refusal(command)
    if reason:
        json.dump({"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny",
                                          "permissionDecisionReason": f"harness-auditor is read-only: {reason}."}},
                  sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
