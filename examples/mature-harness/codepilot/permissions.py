"""The permission gate: classify every call, pre-approve known-safe ones, ask a handler for the rest."""

from __future__ import annotations

import json
import re
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Callable, Protocol

from codepilot.registry import Risk, ToolSpec
from codepilot.tools.fs import resolve

if TYPE_CHECKING:
    from codepilot.config import Config
    from codepilot.events import EventLog
    from codepilot.ledger import PermissionLedger

DESTRUCTIVE_SHELL = [
    r"\brm\b", r"\bgit\s+(push|reset|clean|checkout\s+--|rebase|branch\s+-D)", r"\bchmod\b", r"\bchown\b",
    r"\bsudo\b", r"\b(curl|wget)\b", r"\bdd\b", r"\bmkfs", r"\bdocker\s+(rm|rmi|system\s+prune)",
]
SHELL_META = re.compile(r"[;&|`<>]|\$\(")


@dataclass
class PermissionRequest:
    session_id: str
    tool: str
    tool_use_id: str
    input: dict[str, Any]
    risk: Risk
    reason: str


@dataclass
class PermissionDecision:
    session_id: str
    tool: str
    tool_use_id: str
    input: dict[str, Any]
    risk: Risk
    allowed: bool
    decided_by: str  # "policy" | "human" | "headless"
    handler: str
    reason: str
    ts: float

    def to_record(self) -> dict[str, Any]:
        rec = asdict(self)
        rec["risk"], rec["input"] = self.risk.value, json.dumps(self.input)
        return rec


class PermissionHandler(Protocol):
    name: str

    def decide(self, request: PermissionRequest) -> tuple[bool, str]: ...


class InteractiveHandler:
    """A human at the terminal answers each request."""

    name = "interactive"

    def __init__(self, ask: Callable[[str], str] = input) -> None:
        self.ask = ask

    def decide(self, request: PermissionRequest) -> tuple[bool, str]:
        shown = json.dumps(request.input)[:400]
        answer = self.ask(f"\n[{request.risk.value}] {request.tool} {shown}\n  {request.reason}. Allow? [y/N] ")
        return answer.strip().lower() in ("y", "yes"), "operator answered"


class HeadlessHandler:
    """Unattended worker (CI, cron): nobody can approve, so anything beyond policy is refused."""

    name = "headless"

    def decide(self, request: PermissionRequest) -> tuple[bool, str]:
        return False, f"no human available to approve a {request.risk.value} call"


class PermissionGate:
    def __init__(self, config: "Config", handler: PermissionHandler, ledger: "PermissionLedger",
                 events: "EventLog") -> None:
        self.config, self.handler, self.ledger, self.events = config, handler, ledger, events

    def classify(self, spec: ToolSpec, tool_input: dict[str, Any]) -> tuple[Risk, str]:
        if spec.name == "run_shell":
            cmd = tool_input.get("command", "").strip()
            if SHELL_META.search(cmd):
                return Risk.DESTRUCTIVE, "compound command, pipe or redirection"
            if any(re.search(p, cmd) for p in DESTRUCTIVE_SHELL):
                return Risk.DESTRUCTIVE, "matches a destructive command pattern"
            if any(cmd == p or cmd.startswith(p + " ") for p in self.config.safe_shell_prefixes):
                return Risk.READ, "pre-approved command"
            return Risk.WRITE, "command not on the safe list"
        if spec.name == "write_file":
            try:
                if resolve(self.config.workspace, tool_input.get("path", "")).exists():
                    return Risk.DESTRUCTIVE, "overwrites an existing file"
            except PermissionError:
                return Risk.DESTRUCTIVE, "path outside the workspace"
        return spec.risk, f"{spec.risk.value} tool"

    def check(self, spec: ToolSpec, tool_input: dict[str, Any], *, session_id: str, tool_use_id: str,
              on_wait: Callable[[], None] | None = None) -> PermissionDecision:
        risk, reason = self.classify(spec, tool_input)
        if risk is Risk.READ:
            allowed, by, why = True, "policy", reason
        elif risk is Risk.WRITE and self.config.auto_approve_writes:
            allowed, by, why = True, "policy", reason + "; writes pre-approved by config"
        else:
            if on_wait is not None:
                on_wait()
            request = PermissionRequest(session_id, spec.name, tool_use_id, tool_input, risk, reason)
            allowed, why = self.handler.decide(request)
            by = "human" if self.handler.name == "interactive" else self.handler.name
            why = f"{reason}; {why}"
        decision = PermissionDecision(session_id, spec.name, tool_use_id, tool_input, risk, allowed, by,
                                      self.handler.name, why, time.time())
        self.ledger.record(decision)
        self.events.emit("permission", "allow" if allowed else "deny", tool=spec.name, tool_use_id=tool_use_id,
                         risk=risk.value, decided_by=by, reason=why)
        return decision
