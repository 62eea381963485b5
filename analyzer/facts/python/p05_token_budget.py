"""P5 token-budget, the token half: usage added up from responses and enforced, and a structured
stop reason when a limit is hit.

A token limit needs usage summed from responses AND compared to a limit on a branch that stops
the run; a count that is only tracked is HA111. `max_tokens=` on one call caps one response and
is not a budget (its absence on OpenAI calls is HA102).
"""

from __future__ import annotations

import builtins
import re

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import (
    framework_calls, function_consulted, keyword_value, literal_strings_in, ordered_comparisons, words_in,
)
from analyzer.facts.python.runtime_apis import FRAMEWORK_TOKEN_LIMITS, LIMIT_EXCEPTIONS, LIMIT_MARKERS
from analyzer.facts.python.shape import model_calls, terminates
from analyzer.facts.python.usage import (
    capped_loops, leaving_guards, turn_counters, usage_accumulators,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, target_text

@python_check
class TokenBudget(PythonCheck):
    """Token usage added up from responses and compared to a limit on a branch that stops the run
    (raise / return / break), ideally projected before the next call. Usage that is only added
    up and never compared is weak evidence and HA111."""

    id = "p5.token-budget"
    emits = ("P5/token-limit", "HA111")
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
class BudgetExceeded(Exception): pass
def run(messages, max_total_tokens=200_000):
    used = 0
    for turn in range(20):
        if used >= max_total_tokens:
            raise BudgetExceeded(used)
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        used += response.usage.input_tokens + response.usage.output_tokens
""", expect="P5/token-limit", strength="full", line=8, message="token budget enforced: used >= max_total_tokens"),
        # A projection through the session's total (a property defined elsewhere) before each call.
        Example("""
async def run_turn(client, state, settings):
    for _round in range(settings.max_tool_rounds):
        projected = state.total_tokens + estimate_tokens(state.messages) + settings.max_output_tokens
        if projected > settings.session_token_budget:
            yield ErrorEvent(reason="budget_exhausted")
            return
        final = await client.messages.create(model=state.model, max_tokens=1024, messages=state.messages)
        state.input_tokens += final.usage.input_tokens
""", expect="P5/token-limit", strength="full"),
        Example("""
class Budget:
    def __init__(self, limit):
        self.limit, self.input_tokens, self.output_tokens = limit, 0, 0
    @property
    def used(self):
        return self.input_tokens + self.output_tokens
    def record(self, usage):
        self.input_tokens += usage.input_tokens
        self.output_tokens += usage.output_tokens
    def check(self, projected):
        if self.used + projected > self.limit:
            return "token_budget"
""", expect="P5/token-limit", strength="full"),
        Example("""
from openai import OpenAI
client = OpenAI()
def run(messages):
    total_tokens = 0
    for turn in range(10):
        reply = client.chat.completions.create(model="gpt-4o", messages=messages)
        total_tokens += reply.usage.total_tokens
    print(f"used {total_tokens} tokens")
""", expect="HA111"),
        # A Budget class whose check the loop never consults: HA111.
        Example("""
import anthropic
client = anthropic.Anthropic()
class Budget:
    def __init__(self, limit):
        self.limit, self.used = limit, 0
    def add(self, usage):
        self.used += usage.input_tokens + usage.output_tokens
    def exceeded(self):
        if self.used > self.limit:
            return True
        return False
def run(messages, budget):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        budget.add(response.usage)
        if response.stop_reason != "tool_use":
            return response
""", expect="HA111"),
    )
    NEGATIVE = (
        # Fitting text into chunks counts tokens, but it is not a budget on the run.
        """
def split(paragraphs, count_tokens, chunk_size=500):
    chunks, current, current_tokens = [], [], 0
    for paragraph in paragraphs:
        current_tokens += count_tokens(paragraph)
        if current_tokens > chunk_size:
            break
        current.append(paragraph)
    return current
""",
        # A per-call output cap is not a budget.
        """
import anthropic
client = anthropic.Anthropic()
def ask(messages):
    return client.messages.create(model="claude-sonnet-4-5", max_tokens=4096, messages=messages)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        accumulators = usage_accumulators(module)
        if not accumulators:
            return
        names = set(accumulators)
        compared = enforced = False
        for comparison in ordered_comparisons(module.module):
            if not names_in(comparison) & names:
                continue
            compared = True
            stop = self._stopping_branch(module, comparison)
            if stop is None:
                continue
            if function_consulted(module, comparison):
                enforced = True
                out.evidence("P5", "token-limit", comparison, f"token budget enforced: {module.code(comparison)}")
            else:
                out.evidence("P5", "token-limit", comparison,
                             f"token budget check never called: {module.code(comparison)}", "weak")
        if not enforced:
            name, node = next(iter(accumulators.items()))
            if not compared:
                out.evidence("P5", "token-limit", node, f"token usage added up in {name} but never compared", "weak")
            out.hit("HA111", node, f"token usage is added up in `{name}` but nothing stops the run when it grows")

    def _stopping_branch(self, module: PythonModule, comparison: cst.Comparison) -> cst.CSTNode | None:
        for ancestor in module.ancestors(comparison):
            if isinstance(ancestor, cst.If) and terminates(ancestor.body):
                return ancestor
            if isinstance(ancestor, cst.While):
                return ancestor
            if isinstance(ancestor, (cst.SimpleStatementLine, cst.FunctionDef)):
                return None
        return None


@python_check
class FrameworkTokenLimit(PythonCheck):
    """A token or cost budget set on a framework: Claude SDK `max_budget_usd=`, pydantic-ai
    `UsageLimits(total_tokens_limit=...)`, AutoGen `TokenUsageTermination`."""

    id = "p5.framework-token-limit"
    emits = ("P5/token-limit",)
    POSITIVE = (
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(max_turns=15, max_budget_usd=2.5)
""", line=3, message="ClaudeAgentOptions sets a token/cost budget"),
        Example("""
from pydantic_ai import Agent, UsageLimits
agent = Agent("anthropic:claude-sonnet-4-5")
agent.run_sync("hi", usage_limits=UsageLimits(request_limit=10, total_tokens_limit=50_000))
"""),
        Example("""
from autogen_agentchat.conditions import TokenUsageTermination
stop = TokenUsageTermination(max_total_token=100_000)
"""),
    )
    NEGATIVE = (
        """
from pydantic_ai import Agent, UsageLimits
agent = Agent("openai:gpt-4o")
agent.run_sync("hi", usage_limits=UsageLimits(request_limit=3))
""",
        """
from openai import OpenAI
client = OpenAI()
client.chat.completions.create(model="gpt-4o", messages=[], max_tokens=500)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for packages, tails, keywords in FRAMEWORK_TOKEN_LIMITS:
            for call in framework_calls(module, packages, tails):
                value = keyword_value(module, call, *keywords)
                if value is None and not keywords:
                    value = call  # the class itself is the budget (AutoGen TokenUsageTermination)
                if value is not None:
                    out.evidence("P5", "token-limit", call, f"{call_tail(call)} sets a token/cost budget")


@python_check
class OutputCap(PythonCheck):
    """HA102: an OpenAI/Anthropic call with no max_tokens / max_completion_tokens /
    max_output_tokens (after resolving `**params`). Not reported when `**kwargs` cannot be resolved."""

    id = "p5.output-cap"
    emits = ("HA102",)
    POSITIVE = (
        Example("""
from openai import OpenAI
client = OpenAI()
def ask(messages):
    return client.chat.completions.create(model="gpt-4o", messages=messages)
""", line=5, message="openai.OpenAI.chat.completions.create() sets no output token cap"),
        """
from openai import OpenAI
client = OpenAI()
params = {"model": "gpt-4.1", "input": "hi"}
reply = client.responses.create(**params)
""",
    )
    NEGATIVE = (
        """
from openai import OpenAI
client = OpenAI()
params = {"model": "gpt-4o", "max_completion_tokens": 800}
reply = client.chat.completions.create(messages=[], **params)
""",
        # Unresolved **kwargs may well carry the cap.
        """
from openai import OpenAI
client = OpenAI()
def ask(messages, **kwargs):
    return client.chat.completions.create(model="gpt-4o", messages=messages, **kwargs)
""",
    )

    _CAPS = {"max_tokens", "max_completion_tokens", "max_output_tokens"}
    _CALLS = ("chat.completions.create", "chat.completions.parse", "chat.completions.stream",
              "responses.create", "responses.parse", "responses.stream", "messages.create", "messages.stream")

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for call in model_calls(module):
            if call.provider not in ("openai", "anthropic") or not call.name.endswith(self._CALLS):
                continue
            kwargs = module.kwargs(call.node)
            explicit = {a.keyword.value for a in call.node.args if a.keyword is not None}
            # `**params` resolved to nothing beyond the explicit keywords: we cannot see its keys.
            unresolved = any(a.star == "**" for a in call.node.args) and not set(kwargs) - explicit
            if unresolved or any(a.star == "*" for a in call.node.args) or self._CAPS & set(kwargs):
                continue
            out.hit("HA102", call.node, f"{call.name}() sets no output token cap")


_IDENTIFIER = re.compile(r"^[A-Za-z_][\w.-]{2,39}$")
# Words a stop reason says when a limit was hit.
_STOP_WORDS = ("turn", "step", "iteration", "budget", "token", "limit", "exhaust", "max", "cost", "exceed")
_REASON_FIELDS = ("reason", "status", "stop", "outcome", "finish", "terminat")
_BUILTIN_EXCEPTIONS = {name for name in dir(builtins) if isinstance(getattr(builtins, name), type)
                       and issubclass(getattr(builtins, name), BaseException)}


def _reason_literal(node: cst.CSTNode) -> str | None:
    """An identifier-like literal naming a limit ("max_turns", "token-budget"); a sentence is not structured."""
    return next((t for t in literal_strings_in(node) if _IDENTIFIER.match(t) and words_in(t, _STOP_WORDS)), None)


@python_check
class StopReason(PythonCheck):
    """When a turn or token limit is hit, the run ends with a structured reason: a returned or
    recorded reason string ("max_turns", "budget"), a result field, or a typed exception of the
    project's own. A framework limit error caught and handled (`except MaxTurnsExceeded`, Claude
    SDK `subtype == "error_max_turns"`) counts too. A bare RuntimeError is weak: it is a crash."""

    id = "p5.stop-reason"
    emits = ("P5/stop-reason",)
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages, max_turns=10):
    for turn in range(max_turns):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        if response.stop_reason != "tool_use":
            return RunResult(stop_reason="end_turn", messages=messages)
    return RunResult(stop_reason="max_turns", messages=messages)
""", strength="full", line=9, message="capped loop ends with reason 'max_turns'"),
        Example("""
class BudgetExhausted(Exception):
    pass
class Budget:
    def charge(self, usage):
        self.used_tokens += usage.input_tokens + usage.output_tokens
        if self.used_tokens > self.max_tokens:
            raise BudgetExhausted(self.used_tokens)
""", strength="full"),
        Example("""
from agents import Agent, Runner, MaxTurnsExceeded
async def answer(question):
    try:
        return await Runner.run(Agent(name="a"), question, max_turns=6)
    except MaxTurnsExceeded:
        return {"status": "stopped", "reason": "max_turns"}
""", strength="full"),
    )
    NEGATIVE = (
        # The loop just ends; the caller cannot tell a cap from an answer.
        """
import anthropic
client = anthropic.Anthropic()
def run(messages):
    for turn in range(8):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        if response.stop_reason != "tool_use":
            break
    return messages
""",
        # A stop reason string that is about the model's answer, not a limit.
        """
def finish(response):
    if response.stop_reason == "end_turn":
        return "done"
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for branch, why in self._limit_branches(module):
            found = self._structured(branch)
            if found is not None:
                node, strength, detail = found
                out.evidence("P5", "stop-reason", node, f"{why} ends with {detail}", strength)
        for handler in module.find_all(cst.ExceptHandler):
            if handler.type is not None and names_in(handler.type) & LIMIT_EXCEPTIONS:
                out.evidence("P5", "stop-reason", handler,
                             f"framework limit error handled: {module.code(handler.type)}")
        for comparison in module.find_all(cst.Comparison):
            if set(literal_strings_in(comparison)) & LIMIT_MARKERS - {"max_turns"}:
                out.evidence("P5", "stop-reason", comparison, f"limit result handled: {module.code(comparison)}")

    def _limit_branches(self, module: PythonModule) -> list[tuple[cst.CSTNode, str]]:
        limits = turn_counters(module) | set(usage_accumulators(module))
        branches: list[tuple[cst.CSTNode, str]] = [
            (guard.body, "limit guard") for guard in leaving_guards(module.module, limits)
        ]
        for loop, _ in capped_loops(module):
            if isinstance(loop, cst.For) and loop.orelse is not None:
                branches.append((loop.orelse, "capped loop"))
            block = module.parent(loop)
            if isinstance(block, (cst.IndentedBlock, cst.Module)):
                body = list(block.body)
                index = next(i for i, s in enumerate(body) if s is loop)
                for statement in body[index + 1:index + 3]:
                    branches.append((statement, "capped loop"))
        return branches

    def _structured(self, branch: cst.CSTNode) -> tuple[cst.CSTNode, str, str] | None:
        for node in find_all(branch, cst.Raise, shallow=True):
            name = names_in(node.exc.func if isinstance(node.exc, cst.Call) else node.exc) if node.exc else set()
            typed = name - _BUILTIN_EXCEPTIONS
            if typed:
                return node, "full", f"raise {sorted(typed)[0]}"
            return node, "weak", "a generic exception"
        for node in find_all(branch, cst.Return, cst.Expr, cst.Assign, shallow=True):
            value = node.value
            if isinstance(node, cst.Expr) and not isinstance(value, (cst.Yield, cst.Await)):
                continue
            if isinstance(node, cst.Assign) and not any(
                    words_in(target_text(t.target), _REASON_FIELDS) for t in node.targets):
                continue
            reason = _reason_literal(value) if value is not None else None
            if reason:
                return node, "full", f"reason {reason!r}"
        return None
