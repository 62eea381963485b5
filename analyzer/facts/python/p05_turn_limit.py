"""P5 token-budget, the turn half: the agent loop is capped by its own bound or a framework option.

`for turn in range(MAX_TURNS)`, a `while` comparing a counter, a counter guard that breaks,
returns or raises (in the loop or in a function it calls, or in a Budget class), or a framework
option the project sets (`max_turns=`, `recursion_limit`, `max_steps=` ...). Framework defaults
are not evidence: the project has to choose the limit. A loop only the model's answer ends is HA101.
"""

from __future__ import annotations

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import (
    enclosing_agent_loop, framework_calls, function_consulted, keyword_value, loop_path_functions, words_in,
)
from analyzer.facts.python.runtime_apis import (
    FRAMEWORK_TURN_LIMITS, configured_recursion_limits, functions_running_agents, has_framework_turn_limit,
)
from analyzer.facts.python.shape import agent_loops
from analyzer.facts.python.usage import (
    capped_loops, counter_increments, leaving_guards, limiter_candidates, model_exit, non_model_exit, turn_counters,
    usage_accumulators,
)
from analyzer.parse.python import PythonModule, call_tail, find_all


@python_check
class LoopTurnLimit(PythonCheck):
    """The agent loop is bounded: `for turn in range(MAX_TURNS)`, a `while` comparing a counter, or
    a counter guard that breaks/returns/raises (in the loop or in a function it calls). A loop
    that only ends when the model decides is HA101, unless a framework limit or a non-model exit
    is there: a branch on something the model does not decide, a human prompt, or a call into a
    function of this file that raises on a comparison (`budget.charge(usage)`). A call's name
    (`meter.record`, `guard.check`) bounds nothing; one defined elsewhere is named in the finding."""

    id = "p5.loop-turn-limit"
    emits = ("P5/turn-limit", "HA101")
    POSITIVE = (
        Example("""
import anthropic
client = anthropic.Anthropic()
MAX_TURNS = 12
def run(messages):
    for turn in range(MAX_TURNS):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        if response.stop_reason != "tool_use":
            return response
""", expect="P5/turn-limit", strength="full", line=6, message="agent loop bounded by range(MAX_TURNS)"),
        Example("""
from openai import OpenAI
client = OpenAI()
class Agent:
    def run(self, messages):
        while True:
            self._tick()
            reply = client.chat.completions.create(model="gpt-4o", messages=messages)
            if not reply.choices[0].message.tool_calls:
                return reply
    def _tick(self):
        self.steps += 1
        if self.steps > self.max_steps:
            raise RuntimeError("step limit")
""", expect="P5/turn-limit"),
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return response
""", expect="HA101"),
        # A call named like a limiter is not a bound: `meter.record` cannot stop the loop.
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages, meter, budget):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        meter.record(response.usage)
        budget.charge(response.usage)
        if response.stop_reason != "tool_use":
            return response
""", expect="HA101"),
        # The model ends it from the else branch: still only the model's answer.
        Example("""
from openai import OpenAI
client = OpenAI()
def run(messages):
    while True:
        message = client.chat.completions.create(model="gpt-4o", messages=messages).choices[0].message
        if message.tool_calls:
            messages.extend(dispatch(message.tool_calls))
        else:
            return message.content
""", expect="HA101"),
    )
    NEGATIVE = (
        # A constant that nothing uses bounds nothing.
        Example("""
import anthropic
client = anthropic.Anthropic()
MAX_TURNS = 10
def run(messages):
    done = False
    while not done:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        done = response.stop_reason == "end_turn"
""", expect="P5/turn-limit"),
        # The loop stops when a budget object says so: no HA101 (the budget is judged where it lives).
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages, budget):
    while True:
        stop = budget.check_before_call()
        if stop:
            return stop
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        if response.stop_reason != "tool_use":
            return response
""", expect="HA101"),
        # A budget charged every turn whose charge() raises when spent stops the loop: not HA101.
        Example("""
import anthropic
client = anthropic.Anthropic()
class Budget:
    def charge(self, usage):
        self.used += usage.input_tokens + usage.output_tokens
        if self.used > self.limit:
            raise BudgetExceeded(self.used)
def run(messages, budget: Budget):
    while True:
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        budget.charge(response.usage)
        if response.stop_reason != "tool_use":
            return response
""", expect="HA101"),
        # An Agents SDK run is bounded by the framework option.
        Example("""
from openai import OpenAI
from agents import Agent, Runner
client = OpenAI()
def chat(history):
    while True:
        reply = client.chat.completions.create(model="gpt-4o", messages=history)
        result = Runner.run_sync(Agent(name="a"), reply.choices[0].message.content, max_turns=5)
        if result.final_output:
            return result
""", expect="HA101"),
        # A worker loop serving one job per pass, with no exit, is not an agent's tool loop.
        Example("""
from openai import OpenAI
client = OpenAI()
def worker(queue):
    while True:
        job = queue.get()
        reply = client.chat.completions.create(model="gpt-4o-mini", messages=job.messages, max_tokens=300)
        job.done(reply)
""", expect="HA101"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        framework_bound = has_framework_turn_limit(module)
        for loop in agent_loops(module):
            if loop.bounded:
                out.evidence("P5", "turn-limit", loop.node, f"agent loop bounded by {loop.bound}")
                continue
            guard = self._counter_guard(module, loop.node)
            if guard is not None:
                out.evidence("P5", "turn-limit", guard, f"agent loop stopped by {module.code(guard.test)}")
                continue
            if framework_bound or non_model_exit(module, loop.node) or not model_exit(module, loop.node):
                continue
            out.hit("HA101", loop.node, "model called in a loop that only the model's answer ends"
                    + limiter_candidates(module, loop.node))

    def _counter_guard(self, module: PythonModule, loop: cst.For | cst.While) -> cst.If | None:
        """A counter bumped in the loop (or a function it calls) and compared on a leaving branch."""
        path = [f for f in module.functions if f.name.value in loop_path_functions(module)]
        scopes: list[cst.CSTNode] = [loop] + path
        counters: set[str] = set()
        for scope in scopes:
            counters |= set(counter_increments(scope))
        counters -= set(usage_accumulators(module))  # a token budget bounds spend, not turns
        if not counters:
            return None
        for scope in scopes:
            guards = leaving_guards(scope, counters)
            if guards:
                return guards[0]
        return None


@python_check
class CounterTurnLimit(PythonCheck):
    """A turn/step limit kept apart from the agent loop: a Budget class (`self.turns += 1` in one
    method, `if self.turns >= self.max_turns: return "max_turns"` in another), or a step loop
    that drives the run without a model call of its own (`for step in decisions[:max_steps]`)."""

    id = "p5.counter-turn-limit"
    emits = ("P5/turn-limit",)
    POSITIVE = (
        Example("""
from dataclasses import dataclass
@dataclass
class Budget:
    max_turns: int
    turns: int = 0
    def record(self, usage):
        self.turns += 1
    def check_before_call(self):
        if self.turns >= self.max_turns:
            return "max_turns"
        return None
""", expect="P5/turn-limit", strength="full", line=10, message="turn counter limit: self.turns >= self.max_turns"),
        Example("""
class Replay:
    def run(self):
        for step, decision in enumerate(self.decisions[: self.max_steps]):
            yield self.dispatch(step, decision)
""", expect="P5/turn-limit"),
    )
    NEGATIVE = (
        # Paging through results is not a turn limit.
        """
def fetch_all(client, max_pages=5):
    for page in range(max_pages):
        yield client.get(page)
""",
        # Retries of one request are not turns of the agent.
        """
def fetch(url, session):
    attempts = 0
    while True:
        attempts += 1
        if attempts > 3:
            raise TimeoutError(url)
""",
        # A limit named but never compared.
        """
class Budget:
    max_turns = 10
    def record(self):
        self.turns += 1
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        agent_nodes = {id(loop.node) for loop in agent_loops(module)}
        for loop, bound in capped_loops(module):
            if id(loop) not in agent_nodes:
                out.evidence("P5", "turn-limit", loop, f"step loop capped by {bound}")
        for guard in leaving_guards(module.module, turn_counters(module)):
            if enclosing_agent_loop(module, guard) is not None:
                continue  # the loop check reports bounds of its own loop
            strength = "full" if function_consulted(module, guard) else "weak"
            out.evidence("P5", "turn-limit", guard, f"turn counter limit: {module.code(guard.test)}", strength)


@python_check
class FrameworkTurnLimit(PythonCheck):
    """A turn/step cap set on a framework run: Agents SDK `Runner.run(max_turns=)`, Claude SDK
    `ClaudeAgentOptions(max_turns=)`, LangGraph `recursion_limit`, pydantic-ai
    `UsageLimits(request_limit=)`, smolagents `max_steps=`, CrewAI `max_iter=`, AutoGen
    `MaxMessageTermination`, LangChain `max_iterations=`/`ModelCallLimitMiddleware`."""

    id = "p5.framework-turn-limit"
    emits = ("P5/turn-limit",)
    POSITIVE = (
        Example("""
from agents import Agent, Runner
agent = Agent(name="support", instructions="Help the customer.")
result = Runner.run_sync(agent, "Where is my order?", max_turns=8)
""", line=4, message="run_sync(8) caps the run"),
        Example("""
from claude_agent_sdk import ClaudeAgentOptions, query
options = ClaudeAgentOptions(max_turns=20, allowed_tools=["Read", "Grep"])
"""),
        Example("""
from langgraph.prebuilt import create_react_agent
graph = create_react_agent(model, tools)
graph.invoke({"messages": [("user", "hi")]}, {"recursion_limit": 30, "configurable": {"thread_id": "1"}})
"""),
        Example("""
from pydantic_ai import Agent
from pydantic_ai.usage import UsageLimits
agent = Agent("openai:gpt-4o")
result = agent.run_sync("hi", usage_limits=UsageLimits(request_limit=5))
"""),
        Example("""
from autogen_agentchat.conditions import MaxMessageTermination, TextMentionTermination
termination = MaxMessageTermination(10) | TextMentionTermination("TERMINATE")
"""),
        Example("""
from smolagents import CodeAgent, InferenceClientModel
agent = CodeAgent(tools=[], model=InferenceClientModel(), max_steps=6)
"""),
        # The anthropic SDK's own tool loop, capped.
        Example("""
from anthropic import Anthropic
client = Anthropic()
runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, max_iterations=10,
                                          tools=[list_files], messages=[{"role": "user", "content": "hi"}])
for message in runner:
    print(message.content)
"""),
    )
    NEGATIVE = (
        # The default of the framework is not a limit the project chose.
        """
from agents import Agent, Runner
result = Runner.run_sync(Agent(name="a", instructions="x"), "hi")
""",
        # max_turns=None turns the cap off.
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(max_turns=None)
""",
        # A local function with the same keyword is not a framework.
        """
def runner(task, max_turns=3):
    return task
runner("x", max_turns=5)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        for packages, tails, keywords, positional in FRAMEWORK_TURN_LIMITS:
            for call in framework_calls(module, packages, tails):
                value = keyword_value(module, call, *keywords) if keywords else None
                if value is None and positional is not None:
                    value = module.arg(call, positional)
                if value is not None:
                    out.evidence("P5", "turn-limit", call, f"{call_tail(call)}({module.code(value, 40)}) caps the run")
        for node, text in configured_recursion_limits(module):
            out.evidence("P5", "turn-limit", node, text)


_CAP_WORDS = ("max", "limit", "cap", "budget")


@python_check
class CappedAgentFanOut(PythonCheck):
    """Model-planned work capped before it is scheduled: agent runs started for each item of
    `plan.items[:MAX_SEARCHES]`. It bounds how many runs one request fans out to, not the turns
    of each run, so it is weak."""

    id = "p5.capped-fan-out"
    emits = ("P5/turn-limit",)
    POSITIVE = (
        Example("""
import asyncio
from agents import Runner
MAX_SEARCHES = 5
class Manager:
    async def search(self, item):
        return await Runner.run(search_agent, item.query)
    async def search_all(self, plan):
        tasks = [asyncio.create_task(self.search(item)) for item in plan.searches[:MAX_SEARCHES]]
        return [await t for t in asyncio.as_completed(tasks)]
""", strength="weak",
                line=9, message="agent runs fanned out over at most MAX_SEARCHES items (caps the fan-out, not each run's turns)"),
    )
    NEGATIVE = (
        # A slice of data with no agent run in it.
        """
MAX_ROWS = 10
def preview(rows):
    return [format_row(r) for r in rows[:MAX_ROWS]]
""",
        # Agent runs over an uncapped list.
        """
from agents import Runner
async def search_all(plan):
    return [await Runner.run(search_agent, item) for item in plan.searches]
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        runners = functions_running_agents(module)
        if not runners:
            return
        for loop in module.find_all(cst.CompFor, cst.For):
            caps = [s.upper for s in find_all(loop.iter, cst.Slice)
                    if s.upper is not None and s.lower is None and words_in(module.code(s.upper, 80), _CAP_WORDS)]
            if not caps:
                continue
            body = module.parent(loop) if isinstance(loop, cst.CompFor) else loop.body
            if any(call_tail(c) in runners for c in find_all(body, cst.Call)):
                out.evidence("P5", "turn-limit", loop, f"agent runs fanned out over at most {module.code(caps[0], 40)} "
                             "items (caps the fan-out, not each run's turns)", "weak")
                return
