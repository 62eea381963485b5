"""P8 verification, two levels: the agent checks its own work in a built-in step (self-check), and
the project has tests that guard the harness's guardrails (guardrail-tests).

Level 1 counts when the harness runs the check, not when the prompt asks the model to: a
verifier/critic model pass whose verdict is acted on, the project's checks run after the model
says it is done, or a framework hook (smolagents `final_answer_checks`, CrewAI `guardrail=`,
pydantic-ai `output_validator`, Agents SDK output guardrails, a LangGraph verify node that loops
back). Level 2 (tests that guard the guardrails) is `p08_guardrail_tests.py`.
"""

from __future__ import annotations

import re

import libcst as cst

from analyzer.discover import is_test_path
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.loops import (
    HISTORY_WORDS, keyword_value, literal_strings_in, model_derived_names, on_agent_path, words_in,
)
from analyzer.facts.python.runtime_apis import (
    AGENTS, AUTOGEN, AUTOGEN_LEGACY, CREW, LANGGRAPH, PYDANTIC_AI, SMOL, functions_running_agents,
)
from analyzer.facts.python.shape import model_calls, terminates
from analyzer.facts.python.storage import enclosing_names
from analyzer.facts.python.verifiers import (
    SUBPROCESS, TEST_COMMANDS, checks_answer, innermost_agent_loop, tool_function_names, turn_outputs, verifies,
)
from analyzer.parse.python import PythonModule, call_tail, find_all, names_in, string_value

_VERIFY_WORDS = ("verif", "critic", "critique", "review", "reflect", "judge", "grade", "evaluat", "validat", "check")
_PROMPT_VERIFY_WORDS = ("verif", "critic", "critique", "review", "judge", "grade", "evaluat")
# A configured check command handed to a runner (`run_command(state.test_command)`).
_CHECK_COMMAND = re.compile(r"\b(test|check|verify|lint)_?(command|cmd)s?\b", re.I)


@python_check
class SelfCheck(PythonCheck):
    """Level 1: a verification step the harness runs on the agent's output before accepting it.
    A verifier is judged by what it does (runs the project's checks, or asks a model about the
    answer) and its result must change what happens next (a branch that retries, rejects or
    fails the run); a tool named validate / verify_* / check_* is not one by its name."""

    id = "p8.self-check"
    emits = ("P8/self-check",)
    POSITIVE = (
        Example("""
from smolagents import CodeAgent
agent = CodeAgent(tools=[], model=model, final_answer_checks=[answer_has_figures])
""", strength="full", line=3, message="final_answer_checks run before the answer is accepted"),
        Example("""
from pydantic_ai import Agent, ModelRetry
agent = Agent("openai:gpt-4o", output_type=Brief)
@agent.output_validator
def cited_sources_were_fetched(ctx, brief):
    if not brief.sources:
        raise ModelRetry("cite the pages you read")
    return brief
""", strength="full"),
        Example("""
import subprocess
class Verifier:
    def __init__(self, command):
        self.command = command
    def run(self):
        proc = subprocess.run(self.command, shell=True, capture_output=True, text=True)
        return proc.returncode == 0, proc.stdout
""", strength="full"),
        # Deterministic answer checks in the loop, with the agent sent back when one fails.
        Example("""
import anthropic
client = anthropic.Anthropic()
def run(messages, verifier):
    for turn in range(20):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        answer = response.content[0].text
        problems = verifier.problems(answer)
        if problems:
            messages.append({"role": "user", "content": "Fix: " + "; ".join(problems)})
            continue
        return answer
""", strength="full"),
        Example("""
from langgraph.graph import StateGraph
builder = StateGraph(State)
builder.add_node("draft", draft)
builder.add_node("verify", verify)
builder.add_conditional_edges("verify", route_after_verify, {"ok": "approve", "retry": "draft"})
"""),
    )
    POSITIVE = POSITIVE + (
        # A verifier agent's structured verdict decides between revising and failing the run.
        Example("""
from agents import Runner
class ReportManager:
    async def _verify_report(self, report):
        result = await Runner.run(verifier_agent, report.model_dump_json())
        return result.final_output_as(VerificationResult)
    async def produce(self, query):
        report = await self._write_report(query)
        verification = await self._verify_report(report)
        if not verification.verified:
            raise RuntimeError(f"report failed verification: {verification.issues}")
        return report
""", strength="full"),
        # The configured test command runs after every edit, and its output goes back to the model.
        Example("""
import litellm
def call_tool(name, args, state):
    result = DISPATCH[name](**args)
    if name == "write_file":
        result += "\\nTests after this edit:\\n" + run_command(state.test_command)
    return result
def run(state):
    for step in range(50):
        response = litellm.completion(model=state.model, messages=state.messages, tools=TOOLS)
        for call in response.choices[0].message.tool_calls or []:
            state.messages.append({"role": "tool", "content": call_tool(call.function.name, {}, state)})
""", strength="full"),
    )
    POSITIVE = POSITIVE + (
        # No verify word anywhere: a second model pass on the answer decides whether it is accepted.
        Example("""
import anthropic
client = anthropic.Anthropic()
def second_opinion(answer):
    reply = client.messages.create(model="claude-haiku-4-5", max_tokens=5, messages=[{"role": "user", "content": answer}])
    return reply.content[0].text == "PASS"
def run(messages):
    for turn in range(10):
        answer = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages).content[0].text
        if second_opinion(answer):
            return answer
        messages.append({"role": "user", "content": "Not supported by the sources; try again."})
""", strength="full"),
    )
    NEGATIVE = (
        # A tool named verify_* that the model may call: nothing acts on its answer.
        """
from openai import OpenAI
client = OpenAI()
def verify_claim(claim):
    return client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": claim}])
def dispatch(name, args):
    if name == "verify_claim":
        return verify_claim(**args)
def run(messages, tools):
    for turn in range(10):
        reply = client.chat.completions.create(model="gpt-4o", messages=messages, tools=tools)
        for call in reply.choices[0].message.tool_calls or []:
            messages.append({"role": "tool", "content": dispatch(call.function.name, {})})
""",
        # validate() of a tool's result inside the dispatcher is not a check of the agent's work.
        """
import anthropic
client = anthropic.Anthropic()
def dispatch(name, args):
    result = TOOLS[name](**args)
    if not validate(result):
        return "error: malformed tool result"
    return result
def run(messages):
    for turn in range(10):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        for block in response.content:
            messages.append({"role": "user", "content": dispatch(block.name, block.input)})
""",
        # Skipping work already reviewed is a done-check (P4), not a verdict on the answer.
        """
from claude_agent_sdk import query
async def review_pr(index, pr, sha, options):
    if index.already_reviewed(pr, sha):
        return "skipped"
    async for message in query(prompt=f"Review PR {pr}", options=options):
        print(message)
""",
        # A system prompt that tells the model to "check memory" is not a verifier pass.
        """
import anthropic
client = anthropic.Anthropic()
SYSTEM = "Before responding, check memory to adjust technical depth."
def conversation_loop(messages):
    while True:
        messages.append({"role": "user", "content": input("> ")})
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, system=SYSTEM, messages=messages)
        messages.append({"role": "assistant", "content": reply.content})
""",
        # Validating a tool's arguments is not checking the agent's answer.
        """
import anthropic
client = anthropic.Anthropic()
def run(messages):
    for turn in range(20):
        response = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=messages)
        for block in response.content:
            if not validate_args(block.input):
                continue
            run_tool(block)
""",
        # An input guardrail screens the request; it does not check the agent's work.
        """
from agents import Agent, input_guardrail
agent = Agent(name="support", input_guardrails=[screen_message])
""",
        # Asking the model to run the tests is an instruction, not a harness step.
        """
from claude_code_sdk import ClaudeCodeOptions
SYSTEM = "Fix the lint errors, then run pytest and make sure it passes."
options = ClaudeCodeOptions(system_prompt=SYSTEM, allowed_tools=["Bash", "Edit"])
""",
        # A test-running tool the model may or may not call is not a built-in step.
        Example("""
import subprocess
from agents import function_tool
@function_tool
def run_tests() -> str:
    return subprocess.run(["pytest", "-q"], capture_output=True, text=True).stdout
""", strength=None),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if is_test_path(module.path):
            return
        self._frameworks(module, out)
        self._verifier_model_pass(module, out)
        self._runs_checks(module, out)
        self._graph_verify_node(module, out)
        self._critic_agent(module, out)
        self._verification_gate(module, out)

    def _verification_gate(self, module: PythonModule, out: FactWriter) -> None:
        """On the agent's path, a checker's verdict on the answer decides whether the run ends or the
        agent is sent back: `problems = verifier.problems(answer)`, then `if problems:` retry/stop."""
        runners = functions_running_agents(module)
        for guard in module.find_all(cst.If):
            function = module.enclosing_function(guard)
            loop = innermost_agent_loop(module, guard)
            if loop is None and not (function is not None and function.name.value in runners):
                continue
            candidates = list(find_all(guard.test, cst.Call))
            names = names_in(guard.test)
            candidates += [value for a in self._assignments_before(module, guard)
                           for value in [a.value.expression if isinstance(a.value, cst.Await) else a.value]
                           if isinstance(value, cst.Call)
                           and names & {n.value for t in a.targets for n in find_all(t.target, cst.Name)}]
            if loop is not None:  # in the agent loop: a verifier by what it does, not by its name
                derived = model_derived_names(module, loop.node) | turn_outputs(module, loop.node)
                verdicts = [c for c in candidates if verifies(module, c, derived)]
            else:  # outside a loop, only a verdict an agent/model pass produced
                verdicts = [c for c in candidates if checks_answer(module, c) and call_tail(c) in runners]
            branches = [guard.body] + ([guard.orelse.body] if isinstance(guard.orelse, cst.Else) else [])
            acts = any(terminates(b) or find_all(b, cst.Continue) or any(
                call_tail(c) == "append" and words_in(module.code(c.func, 80), HISTORY_WORDS)
                for c in find_all(b, cst.Call)) for b in branches)
            if verdicts and acts:
                out.evidence("P8", "self-check", guard,
                             f"the answer is checked before it is accepted: {module.code(verdicts[0], 60)}")
                return

    def _assignments_before(self, module: PythonModule, guard: cst.If) -> list[cst.Assign]:
        function = module.enclosing_function(guard)
        scope = function if function is not None else module.module
        return [a for a in find_all(scope, cst.Assign) if module.line(a) < module.line(guard)]

    def _critic_agent(self, module: PythonModule, out: FactWriter) -> None:
        """A reviewer/critic agent in an AutoGen or CrewAI team checks the others' work (weak: by role)."""
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            if not (name.startswith(AUTOGEN + AUTOGEN_LEGACY) and tail in ("AssistantAgent", "ConversableAgent")
                    or name.startswith(CREW) and tail == "Agent"):
                continue
            role = module.arg(call, 0, "name") if not name.startswith(CREW) else keyword_value(module, call, "role")
            if words_in(string_value(role) or "", ("critic", "review", "verif", "checker", "validat", "judge", "qa")):
                out.evidence("P8", "self-check", call, f"{string_value(role)!r} agent reviews the team's work", "weak")
                return

    def _frameworks(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            name, tail = module.call_name(call), call_tail(call)
            if name.startswith(SMOL) and keyword_value(module, call, "final_answer_checks") is not None:
                out.evidence("P8", "self-check", call, "final_answer_checks run before the answer is accepted")
            elif name.startswith(CREW) and tail == "Task" and keyword_value(module, call, "guardrail", "guardrails"):
                out.evidence("P8", "self-check", call, "CrewAI task guardrail validates the output")
            elif name.startswith(AGENTS) and keyword_value(module, call, "output_guardrails") is not None:
                out.evidence("P8", "self-check", call, "Agents SDK output guardrails check the final output")
            elif name.startswith(PYDANTIC_AI) and tail == "output_validator" and call.args:
                out.evidence("P8", "self-check", call, "pydantic-ai output validator")
        for function in module.functions:
            for decorator in function.decorators:
                target = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
                text = module.dotted(target) or ""
                if text.endswith(".output_validator") and module.imports_any(*PYDANTIC_AI):
                    out.evidence("P8", "self-check", decorator,
                                 f"output validator {function.name.value}() checks the result")
                elif text.startswith(AGENTS) and text.endswith("output_guardrail"):
                    out.evidence("P8", "self-check", decorator, f"output guardrail {function.name.value}()")

    def _verifier_model_pass(self, module: PythonModule, out: FactWriter) -> None:
        """A model call whose job is to check another answer, with the verdict acted on."""
        for call in model_calls(module):
            function = module.enclosing_function(call.node)
            if function is None:
                continue
            names = [function.name.value]
            prompts = literal_strings_in(call.node)
            for name in (n.value for n in find_all(call.node, cst.Name)):
                value = module.module_constants.get(name)
                names.append(name)
                prompts += literal_strings_in(value) if value is not None else []
            # "check" in prompt text is too common ("check memory first"); there it takes a reviewer's word
            if not (any(words_in(w, _VERIFY_WORDS) for w in names) or any(words_in(p, _PROMPT_VERIFY_WORDS)
                                                                       for p in prompts)) \
                    or words_in(function.name.value, ("summar",)):
                continue
            name = function.name.value
            if name in tool_function_names(module):
                continue  # a tool the model may call: the harness does not act on its answer
            # the verdict has to change what happens next: the call is tested by a branch
            acted_on = any(call_tail(c) == name for guard in module.find_all(cst.If, cst.While)
                           for c in find_all(guard.test, cst.Call))
            if acted_on:
                out.evidence("P8", "self-check", call.node, f"{name}() asks a model to check the result")
                return

    def _runs_checks(self, module: PythonModule, out: FactWriter) -> None:
        if self._check_command_after_edit(module, out):
            return
        tools: set[str] | None = None
        for call in module.calls:
            if module.call_name(call) not in SUBPROCESS or not call.args:
                continue
            tools = tool_function_names(module) if tools is None else tools
            function = module.enclosing_function(call)
            if function is None or function.name.value in tools:
                continue
            command = " ".join(literal_strings_in(call.args[0].value))
            owner = enclosing_names(module, call)
            configured = words_in(module.code(call.args[0].value) + " " + owner, ("verif", "check", "test"))
            if TEST_COMMANDS.search(command) and words_in(owner, _VERIFY_WORDS + ("test",)) or \
                    configured and words_in(owner, ("verif", "checker", "validat")):
                out.evidence("P8", "self-check", call, f"the harness runs the project's checks ({owner})")
                return

    def _check_command_after_edit(self, module: PythonModule, out: FactWriter) -> bool:
        """The harness (not a tool the model may skip) runs the project's configured test/check
        command after an edit: `if name == "write_file": result += run_command(state.test_command)`."""
        tools = tool_function_names(module)
        for call in module.calls:
            function = module.enclosing_function(call)
            if function is None or function.name.value in tools or not call.args or not on_agent_path(module, call):
                continue
            argument = module.code(call.args[0].value, 80)
            command = " ".join(literal_strings_in(call.args[0].value))
            runs = words_in(call_tail(call), ("run", "exec", "shell", "command", "check_output", "call"))
            if runs and (_CHECK_COMMAND.search(argument) or TEST_COMMANDS.search(command)):
                out.evidence("P8", "self-check", call, f"the harness runs the checks itself: {module.code(call, 60)}")
                return True
        return False

    def _graph_verify_node(self, module: PythonModule, out: FactWriter) -> None:
        if not module.imports_any(*LANGGRAPH):
            return
        nodes = {}
        for call in module.calls:
            if call_tail(call) == "add_node" and call.args:
                key = string_value(call.args[0].value)
                if key and words_in(key, _VERIFY_WORDS):
                    nodes[key] = call
        for call in module.calls:
            if call_tail(call) == "add_conditional_edges" and call.args and string_value(call.args[0].value) in nodes:
                out.evidence("P8", "self-check", nodes[string_value(call.args[0].value)],
                             "a verify node routes the run back or forward on its verdict")
                return
        for key, call in nodes.items():
            out.evidence("P8", "self-check", call, f"graph node {key!r} checks the work", "weak")
            return


