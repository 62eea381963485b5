"""The agent loop as a generator of typed events.

Per model turn: compaction check -> budget check -> streamed model call -> gated tool execution,
with the workflow phase, usage and every tool result checkpointed as the run moves.
"""

from __future__ import annotations

import time
from typing import Any, Iterator

import anthropic

from codepilot.budget import Budget
from codepilot.compaction import Compactor
from codepilot.config import Config
from codepilot.events import EventLog
from codepilot.permissions import PermissionGate
from codepilot.registry import Risk, ToolRegistry
from codepilot.session import SessionState, SessionStore
from codepilot.stream import (
    Compacted, RunCompleted, RunFailed, RunStarted, RunStopped, StreamEvent, TextDelta, ToolResult,
    ToolSelected, UsageUpdate, VerificationResult,
)
from codepilot.verify import Verifier
from codepilot.workflow import Phase, check_transition

SYSTEM_PROMPT = """You are codepilot, a careful software engineer working in the user's repository.
Read before you write. Make the smallest change that solves the task. Prefer edit_file over write_file.
Say plainly when you are done; the harness will then run the project's checks."""


class Harness:
    def __init__(self, client: Any, config: Config, registry: ToolRegistry, gate: PermissionGate,
                 store: SessionStore, events: EventLog, state: SessionState) -> None:
        self.client, self.config, self.registry, self.gate = client, config, registry, gate
        self.store, self.events, self.state = store, events, state
        self.budget = Budget(config.max_turns, config.max_total_tokens, config.max_output_tokens, **state.usage)
        self.compactor = Compactor(config, store, events)
        self.verifier = Verifier(config.verify_command, config.workspace) if config.verify_command else None
        events.emit("registry", "loaded", tools=[s.name for s in registry.list()],
                    by_risk={r.value: len(registry.filter(risk=[r])) for r in Risk})

    # -- state helpers -------------------------------------------------------------------------
    @property
    def phase(self) -> Phase:
        return Phase(self.state.workflow["phase"])

    def _checkpoint(self) -> None:
        self.state.usage = self.budget.snapshot()
        self.store.save(self.state)

    def _enter(self, phase: Phase, **details: Any) -> None:
        check_transition(self.phase, phase)
        self.state.workflow["phase"] = phase.value
        self.events.emit("workflow", phase.value, turn=self.budget.turns, **details)
        self._checkpoint()

    def _add_user_text(self, text: str) -> None:
        last = self.state.messages[-1] if self.state.messages else None
        if last and last["role"] == "user":  # e.g. resumed right after tool results: keep roles alternating
            if isinstance(last["content"], str):
                last["content"] = [{"type": "text", "text": last["content"]}]
            last["content"].append({"type": "text", "text": text})
        else:
            self.state.messages.append({"role": "user", "content": text})

    def _request(self) -> dict[str, Any]:
        return {"model": self.config.model, "system": SYSTEM_PROMPT, "tools": self.registry.api_schemas(),
                "messages": self.state.messages}

    def _pending_tool_uses(self) -> list[dict[str, Any]]:
        last = self.state.messages[-1] if self.state.messages else None
        if not last or last["role"] != "assistant" or isinstance(last["content"], str):
            return []
        return [b for b in last["content"] if b["type"] == "tool_use"]

    # -- the run -------------------------------------------------------------------------------
    def run(self, task: str | None = None) -> Iterator[StreamEvent]:
        yield RunStarted(self.state.session_id, resumed=bool(self.state.messages))
        try:
            if self.phase is Phase.DONE and not task:
                yield RunCompleted(self.state.stop_reason or "end_turn", "")
                return
            if self.phase in (Phase.STOPPED, Phase.FAILED, Phase.DONE):
                self._enter(Phase.EXECUTING if self._pending_tool_uses() else Phase.PLANNING)
            if task:
                if self.phase in (Phase.EXECUTING, Phase.AWAITING_APPROVAL):
                    yield from self._execute_pending()  # settle interrupted tool calls before new input
                self._add_user_text(task)
                self._enter(Phase.PLANNING)
            while True:
                if self.phase in (Phase.EXECUTING, Phase.AWAITING_APPROVAL):
                    yield from self._execute_pending()
                    continue
                if self.phase is Phase.VERIFYING:
                    if (yield from self._verify()):
                        return
                    continue
                stop = yield from self._before_call()
                if stop:
                    return
                message = yield from self._call_model()
                if message.stop_reason == "tool_use":
                    self._enter(Phase.EXECUTING)
                    continue
                wf = self.state.workflow
                if self.verifier and wf["files_changed"] and wf["verify_attempts"] < self.config.max_verify_attempts:
                    self._enter(Phase.VERIFYING)
                    continue
                text = "".join(b.text for b in message.content if b.type == "text")
                reason = "unverified" if self.verifier and wf["files_changed"] else (message.stop_reason or "end_turn")
                yield self._finish(Phase.DONE, reason, text)
                return
        except anthropic.APIError as exc:
            self.events.emit("model", "api_error", error=str(exc), status=getattr(exc, "status_code", None))
            self.state.stop_reason = "api_error"
            self._enter(Phase.FAILED)
            yield RunFailed("api_error", str(exc))
        except Exception as exc:  # a harness bug must still end the stream with a reason
            self.events.emit("harness", "internal_error", error=repr(exc))
            self.state.stop_reason = "internal_error"
            self.state.workflow["phase"] = Phase.FAILED.value
            self._checkpoint()
            yield RunFailed("internal_error", repr(exc))

    def _finish(self, phase: Phase, reason: str, text: str = "") -> RunCompleted:
        self.state.stop_reason = reason
        self._enter(phase, stop_reason=reason)
        self.events.emit("session", "finished", stop_reason=reason, counts=self.events.counts,
                         **self.budget.snapshot())
        return RunCompleted(reason, text)

    def _before_call(self) -> Iterator[StreamEvent]:
        projected = self.client.messages.count_tokens(**self._request()).input_tokens
        if self.compactor.should_compact(projected):
            record = self.compactor.compact(self.state, self.client, self.budget)
            if record:
                yield Compacted(record["dropped"], record["archive"])
                projected = self.client.messages.count_tokens(**self._request()).input_tokens
        stop = self.budget.check(projected)
        if stop:
            detail = f"{self.budget.snapshot()} projected_input={projected}"
            self.events.emit("budget", "exhausted", reason=stop, projected_input=projected, **self.budget.snapshot())
            self.state.stop_reason = stop
            self._enter(Phase.STOPPED, stop_reason=stop)
            yield RunStopped(stop, detail)
        return stop

    def _call_model(self) -> Iterator[StreamEvent]:
        with self.client.messages.stream(max_tokens=self.config.max_output_tokens, **self._request()) as stream:
            for event in stream:
                if event.type == "text":
                    yield TextDelta(event.text)
            message = stream.get_final_message()
        self.budget.record(message.usage.input_tokens, message.usage.output_tokens)
        self.events.emit("model", "response", stop_reason=message.stop_reason, **self.budget.snapshot())
        self.state.messages.append(
            {"role": "assistant", "content": [b.model_dump(exclude_none=True) for b in message.content]})
        self._checkpoint()
        yield UsageUpdate(self.budget.input_tokens, self.budget.output_tokens, self.budget.used, self.budget.turns)
        return message

    def _execute_pending(self) -> Iterator[StreamEvent]:
        results = []
        for tool_use in self._pending_tool_uses():
            done = self.state.tool_results.get(tool_use["id"])
            if done is None:  # not yet executed: safe to run; executed ones are never re-run
                yield ToolSelected(tool_use["id"], tool_use["name"], tool_use["input"])
                done = self._run_tool(tool_use)
                yield ToolResult(tool_use["id"], tool_use["name"], done["is_error"], done["content"])
            results.append({"type": "tool_result", "tool_use_id": tool_use["id"], **done})
        self.state.messages.append({"role": "user", "content": results})
        self.state.tool_results.clear()  # now part of the transcript; cleared in the same checkpoint
        self._enter(Phase.PLANNING)

    def _run_tool(self, tool_use: dict[str, Any]) -> dict[str, Any]:
        name, tool_input, tool_use_id = tool_use["name"], tool_use["input"], tool_use["id"]
        spec = self.registry.get(name)
        if spec is None:
            result = {"content": f"unknown tool {name!r}", "is_error": True}
        else:
            decision = self.gate.check(spec, tool_input, session_id=self.state.session_id, tool_use_id=tool_use_id,
                                       on_wait=lambda: self._enter(Phase.AWAITING_APPROVAL, tool=name))
            if self.phase is not Phase.EXECUTING:
                self._enter(Phase.EXECUTING)
            if not decision.allowed:
                result = {"content": f"Permission denied: {decision.reason}", "is_error": True}
            else:
                started = time.monotonic()
                try:
                    result = {"content": spec.handler(**tool_input), "is_error": False}
                except Exception as exc:
                    result = {"content": f"{type(exc).__name__}: {exc}", "is_error": True}
                if not result["is_error"] and decision.risk is not Risk.READ:
                    self.state.workflow["files_changed"] = True
                self.events.emit("tool", "executed", tool=name, tool_use_id=tool_use_id, risk=decision.risk.value,
                                 is_error=result["is_error"], output_chars=len(result["content"]),
                                 duration_ms=round((time.monotonic() - started) * 1000))
        self.state.tool_results[tool_use_id] = result
        self._checkpoint()  # the done-marker is durable before the next tool runs
        return result

    def _verify(self) -> Iterator[StreamEvent]:
        assert self.verifier is not None
        self.state.workflow["verify_attempts"] += 1
        ok, output = self.verifier.run()
        self.events.emit("verify", "passed" if ok else "failed", command=self.verifier.command,
                         attempt=self.state.workflow["verify_attempts"])
        yield VerificationResult(ok, self.verifier.command, output)
        if ok:
            self.state.workflow["files_changed"] = False
            yield self._finish(Phase.DONE, "verified")
            return True
        self._add_user_text(f"The project's checks failed (`{self.verifier.command}`):\n```\n{output}\n```\n"
                            "Fix the cause, then say you are done.")
        self._enter(Phase.PLANNING)
        return False
