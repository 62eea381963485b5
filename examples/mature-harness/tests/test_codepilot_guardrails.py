"""Guardrails that must not regress: approval for destructive calls, budgets, resume, compaction."""

from __future__ import annotations

from pathlib import Path

from codepilot.permissions import InteractiveHandler
from codepilot.registry import Risk
from codepilot.session import SessionStore
from codepilot.stream import Compacted, RunCompleted, RunStopped, ToolResult, VerificationResult
from codepilot.workflow import Phase

from conftest import text_reply, tool_reply


def test_destructive_tool_is_refused_without_a_human(make_harness, config):
    victim = Path(config.workspace) / "important.py"
    victim.write_text("x = 1\n")
    h = make_harness([tool_reply("delete_file", {"path": "important.py"}), text_reply()])
    events = list(h.run("clean up"))
    result = next(e for e in events if isinstance(e, ToolResult))
    assert result.is_error and "Permission denied" in result.content
    assert victim.exists()
    denied = h.gate.ledger.query(session_id=h.state.session_id, allowed=False)
    assert denied[0]["tool"] == "delete_file" and denied[0]["decided_by"] == "headless"


def test_interactive_approval_is_asked_and_recorded(make_harness, config):
    (Path(config.workspace) / "a.txt").write_text("old")
    asked = []
    handler = InteractiveHandler(ask=lambda prompt: asked.append(prompt) or "y")
    h = make_harness([tool_reply("write_file", {"path": "a.txt", "content": "new"}), text_reply()], handler=handler)
    list(h.run("overwrite a.txt"))
    assert len(asked) == 1 and (Path(config.workspace) / "a.txt").read_text() == "new"
    row = h.gate.ledger.query(tool="write_file")[0]
    assert row["allowed"] == 1 and row["decided_by"] == "human" and row["risk"] == "destructive"


def test_shell_classification(make_harness):
    h = make_harness([text_reply()])
    spec = h.registry.get("run_shell")
    assert h.gate.classify(spec, {"command": "git diff"})[0] is Risk.READ
    assert h.gate.classify(spec, {"command": "rm -rf build"})[0] is Risk.DESTRUCTIVE
    assert h.gate.classify(spec, {"command": "pytest && git push"})[0] is Risk.DESTRUCTIVE
    assert h.gate.classify(spec, {"command": "make install"})[0] is Risk.WRITE


def test_turn_budget_stops_cleanly(make_harness, config):
    h = make_harness([tool_reply("list_dir", {"path": "."})])
    events = list(h.run("explore forever"))
    assert isinstance(events[-1], RunStopped) and events[-1].reason == "max_turns"
    assert h.client.messages.calls == config.max_turns
    assert h.phase is Phase.STOPPED


def test_token_budget_stops_before_calling_the_model(make_harness, config):
    h = make_harness([text_reply()], input_tokens=config.max_total_tokens)
    events = list(h.run("big task"))
    assert isinstance(events[-1], RunStopped) and events[-1].reason == "token_budget"
    assert h.client.messages.calls == 0


def test_resume_keeps_counters_and_does_not_rerun_executed_tools(make_harness, config):
    target = Path(config.workspace) / "log.txt"
    h = make_harness([tool_reply("list_dir", {"path": "."})])
    list(h.run("look"))  # stops at max_turns with a pending tool call round
    saved = SessionStore(Path(config.home) / "sessions").load(h.state.session_id)
    assert saved.usage["turns"] == config.max_turns and saved.workflow["phase"] == "stopped"

    # Simulate a crash mid-round: a tool call whose result is already recorded must not run again.
    saved.messages.append({"role": "assistant", "content": [
        {"type": "tool_use", "id": "tu_done", "name": "write_file", "input": {"path": "log.txt", "content": "1"}}]})
    saved.tool_results["tu_done"] = {"content": "wrote log.txt", "is_error": False}
    saved.workflow["phase"] = "executing"
    config.max_turns = 10
    h2 = make_harness([text_reply()], state=saved)
    events = list(h2.run())
    assert not target.exists()
    assert isinstance(events[-1], RunCompleted)
    assert h2.budget.turns == 5


def test_compaction_archives_before_dropping(make_harness, config):
    config.compact_threshold_tokens = 800
    config.keep_recent_messages = 2
    h = make_harness([tool_reply("list_dir", {"path": "."}, f"tu_{i}") for i in range(3)] + [text_reply()],
                     input_tokens=900)
    config.max_turns = 6
    h.budget.max_turns = 6
    events = list(h.run("first instruction"))
    assert any(isinstance(e, Compacted) for e in events)
    archive = Path(config.home) / "sessions" / f"{h.state.session_id}.archive.jsonl"
    assert archive.exists() and h.state.compactions
    assert h.state.messages[0]["content"].startswith("first instruction")
    assert h.state.messages[1]["role"] == "assistant"


def test_failed_verification_is_fed_back(make_harness, config):
    config.verify_command = "exit 1"
    config.auto_approve_writes = True
    h = make_harness([tool_reply("write_file", {"path": "new.py", "content": "x"}), text_reply(), text_reply()])
    events = list(h.run("add new.py"))
    verdicts = [e for e in events if isinstance(e, VerificationResult)]
    assert verdicts and not verdicts[0].ok
    assert any("checks failed" in str(m["content"]) for m in h.state.messages if m["role"] == "user")
