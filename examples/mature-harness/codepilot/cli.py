"""codepilot run | resume | perms | tools"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import anthropic

from codepilot.config import Config
from codepilot.events import EventLog
from codepilot.ledger import PermissionLedger
from codepilot.loop import Harness
from codepilot.permissions import HeadlessHandler, InteractiveHandler, PermissionGate
from codepilot.registry import Risk
from codepilot.session import SessionState, SessionStore
from codepilot.stream import (
    Compacted, RunCompleted, RunFailed, RunStopped, StreamEvent, TextDelta, ToolResult, ToolSelected,
    VerificationResult,
)
from codepilot.tools import builtin_registry


def build(config: Config, state: SessionState, headless: bool) -> Harness:
    home = Path(config.home)
    events = EventLog(home / "events.jsonl", state.session_id)
    handler = HeadlessHandler() if headless else InteractiveHandler()
    gate = PermissionGate(config, handler, PermissionLedger(home / "permissions.db"), events)
    return Harness(anthropic.Anthropic(), config, builtin_registry(config.workspace), gate,
                   SessionStore(home / "sessions"), events, state)


def render(event: StreamEvent) -> int | None:
    """Print one event; return an exit code when the run has ended."""
    if isinstance(event, TextDelta):
        print(event.text, end="", flush=True)
    elif isinstance(event, ToolSelected):
        print(f"\n> {event.name} {str(event.input)[:160]}")
    elif isinstance(event, ToolResult):
        print(f"  {'ERR' if event.is_error else 'ok '} {event.content.splitlines()[0][:160] if event.content else ''}")
    elif isinstance(event, Compacted):
        print(f"\n[compacted {event.dropped_messages} messages -> {event.archive}]")
    elif isinstance(event, VerificationResult):
        print(f"\n[verify `{event.command}`: {'passed' if event.ok else 'FAILED'}]")
    elif isinstance(event, RunCompleted):
        print(f"\n[done: {event.stop_reason}]")
        return 0 if event.stop_reason in ("verified", "end_turn") else 3
    elif isinstance(event, RunStopped):
        print(f"\n[stopped: {event.reason} {event.detail}]", file=sys.stderr)
        return 2
    elif isinstance(event, RunFailed):
        print(f"\n[failed: {event.reason}: {event.message}]", file=sys.stderr)
        return 1
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="codepilot")
    parser.add_argument("--workspace", default=".")
    parser.add_argument("--headless", action="store_true", help="no human available: deny anything needing approval")
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("run").add_argument("task")
    resume = sub.add_parser("resume")
    resume.add_argument("session_id")
    resume.add_argument("message", nargs="?")
    perms = sub.add_parser("perms", help="query the permission ledger")
    perms.add_argument("--session")
    perms.add_argument("--tool")
    perms.add_argument("--denied", action="store_true")
    perms.add_argument("--since-hours", type=float)
    tools = sub.add_parser("tools")
    tools.add_argument("--risk", choices=[r.value for r in Risk])
    args = parser.parse_args(argv)

    config = Config.load(args.workspace)
    if args.cmd == "tools":
        for spec in builtin_registry(config.workspace).filter(risk=[Risk(args.risk)] if args.risk else None):
            print(f"{spec.name:12} {spec.risk.value:12} {spec.source:8} {spec.description}")
        return 0
    if args.cmd == "perms":
        since = time.time() - args.since_hours * 3600 if args.since_hours else None
        rows = PermissionLedger(Path(config.home) / "permissions.db").query(
            session_id=args.session, tool=args.tool, allowed=False if args.denied else None, since=since)
        for r in rows:
            when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(r["ts"]))
            verdict = "ALLOW" if r["allowed"] else "DENY "
            print(f"{when} {verdict} {r['tool']:12} by={r['decided_by']:8} {r['reason']}  {r['input'][:80]}")
        return 0

    store = SessionStore(Path(config.home) / "sessions")
    if args.cmd == "resume":
        state, task = store.load(args.session_id), args.message
    else:
        state, task = SessionState.new(config.to_dict()), args.task
    harness = build(config, state, args.headless)
    harness.events.emit("session", "resumed" if args.cmd == "resume" else "started",
                        model=config.model, headless=args.headless, phase=state.workflow["phase"])
    code = 1
    for event in harness.run(task):
        result = render(event)
        if result is not None:
            code = result
    print(f"session {state.session_id}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
