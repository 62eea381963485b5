"""P8 verification, level 2: tests that guard the harness's guardrails (destructive tools need
approval, an exhausted budget stops cleanly, a resumed session keeps its counters)."""

from __future__ import annotations

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import words_in
from analyzer.parse.python import PythonModule, call_tail, find_all

# Guardrail vocabulary in tests, by what the guardrail protects.
_GUARDS = {
    "permission": ("approv", "permission", "denied", "deny", "refus", "destructive", "dangerous", "forbidden",
                   "blocked", "gate", "interrupt", "can_use_tool", "guardrail", "tripwire", "disallowed"),
    "budget": ("budget", "max_turns", "max_steps", "stop_reason", "step_limit", "recursion", "token_limit",
               "exhaust", "usage_limit", "max_iter", "turn_limit"),
    "session": ("resume", "restore", "reload", "checkpoint", "load_state", "thread_id", "saved_session"),
}
# A guardrail test exercises the agent: these words in a test body say it does (a web app's 403 test does not).
_HARNESS_WORDS = ("tool", "agent", "harness", "dispatch", "llm", "turn", "command", "shell", "bash", "prompt",
                  "graph", "runner", "messages", "scenario", "claude", "openai", "anthropic")


@python_check
class GuardrailTests(PythonCheck):
    """Level 2: tests that exercise the harness's guardrails: destructive tools need approval,
    an exhausted budget stops cleanly, a resumed session keeps its counters."""

    id = "p8.guardrail-tests"
    emits = ("P8/guardrail-tests",)
    POSITIVE = (
        Example("""
def test_destructive_tool_needs_approval(make_agent):
    agent = make_agent(approver=lambda *a: False)
    result = agent.dispatch("delete_path", {"path": "/etc"})
    assert result.is_error and "Permission denied" in result.content
""", path="tests/test_guardrails.py", strength="full",
                line=2, message="permission guardrail tested by test_destructive_tool_needs_approval"),
        Example("""
def test_exhausted_budget_stops_before_calling_the_model(make_agent, fake_client):
    agent = make_agent(max_total_tokens=10)
    result = agent.run("big task")
    assert result.stop_reason == "token_budget"
    assert fake_client.calls == 0
""", path="tests/test_budget.py", strength="full"),
    )
    NEGATIVE = (
        # Tests of a business tool only.
        Example("""
from app.tools import convert_currency
def test_convert_currency():
    assert convert_currency(10, "EUR", "USD") > 0
""", path="tests/test_tools.py"),
        # Guardrail words outside a test file are not tests.
        """
def check_permission(tool):
    assert tool.name != "rm"
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if not is_test_path(module.path):
            return
        found: dict[str, tuple[cst.FunctionDef, str]] = {}
        for function in module.functions:
            name = function.name.value
            if not name.startswith("test"):
                continue
            asserted = " ".join(module.code(n, 400) for n in find_all(function, cst.Assert))
            asserted += " " + " ".join(module.code(c, 200) for c in find_all(function, cst.Call)
                                       if call_tail(c) == "raises")
            body = module.code(function, 3000)
            if not words_in(body, _HARNESS_WORDS):
                continue
            for kind, words in _GUARDS.items():
                if kind in found and found[kind][1] == "full":
                    continue
                if words_in(asserted, words):
                    found[kind] = (function, "full")
                elif words_in(name, words) and kind not in found:
                    found[kind] = (function, "weak")
        for kind, (function, strength) in found.items():
            out.evidence("P8", "guardrail-tests", function,
                         f"{kind} guardrail tested by {function.name.value}", strength)
