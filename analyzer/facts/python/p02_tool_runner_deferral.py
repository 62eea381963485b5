"""P2 with the anthropic SDK tool runner: `runner.defer_tool_call(block)` holds chosen tool calls of a reply
while the rest run eagerly; a human decision before the loop body ends lets them run or stops the run."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.permission_words import is_approval_prompt, is_approver_call, leaves, roots
from analyzer.facts.python.tool_frameworks import is_tool_runner
from analyzer.parse.python import PythonModule, call_tail, find_all, is_true


def _eager(module: PythonModule) -> bool:
    """`defer_tool_call` only holds calls with `run_tools_eagerly=True`; a runner built here without it defers nothing."""
    runners = [c for c in module.calls if is_tool_runner(module, c)]
    return not runners or any(is_true(module.kwargs(c).get("run_tools_eagerly")) for c in runners)


def _decision_that_stops(module: PythonModule, function: cst.FunctionDef) -> cst.If | None:
    """An `if` in `function` that asks a human (or an approver) and leaves the loop or the run when told no."""
    for node in find_all(function, cst.If):
        if not leaves(node.body):
            continue
        calls = find_all(node.test, cst.Call)
        assigned = {n for a in find_all(function, cst.Assign) if isinstance(a.value, cst.Call)
                    and (is_approval_prompt(module, a.value) or is_approver_call(a.value))
                    for t in a.targets for n in roots(t.target)}
        if any(is_approval_prompt(module, c) or is_approver_call(c) for c in calls) or roots(node.test) & assigned:
            return node
    return None


@python_check
class DeferredToolCalls(PythonCheck):
    """anthropic tool runner deferral: `runner.defer_tool_call(block)` inside a test on the tool call (its name or
    input) holds those calls for a decision while the rest run eagerly (classification), and a human decision
    that stops the run before the loop body ends is the gate (full); without one the held calls simply run
    later (weak). Needs `run_tools_eagerly=True` on a runner built in the same file."""

    id = "p2.tool-runner-deferral"
    emits = ("P2/gate", "P2/classification")
    POSITIVE = (
        Example("""
from anthropic import Anthropic
client = Anthropic()

def main():
    runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=[list_files, delete_file],
                                              messages=[], stream=True, run_tools_eagerly=True)
    for stream in runner:
        for event in stream:
            if event.type == "content_block_start" and event.content_block.type == "tool_use":
                if event.content_block.name == "delete_file":
                    runner.defer_tool_call(event.content_block)
        if runner.deferred_tool_calls and input("Allow? [y/N] ").strip().lower() != "y":
            break
""", expect="P2/gate", strength="full",
                line=13, message="held calls run only if runner.deferred_tool_calls and input(\"Allow? [y/N… lets the run go on"),
        Example("""
from anthropic import Anthropic
client = Anthropic()

def main():
    runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=TOOLS, messages=[],
                                              stream=True, run_tools_eagerly=True)
    for stream in runner:
        for event in stream:
            if event.type == "content_block_start" and event.content_block.name in DESTRUCTIVE:
                runner.defer_tool_call(event.content_block)
""", expect="P2/classification", strength="full"),
    )
    NEGATIVE = (
        # Without run_tools_eagerly, defer_tool_call holds nothing.
        """
from anthropic import Anthropic
client = Anthropic()

def main():
    runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=TOOLS, messages=[],
                                              stream=True)
    for stream in runner:
        for event in stream:
            if event.type == "content_block_start" and event.content_block.name == "delete_file":
                runner.defer_tool_call(event.content_block)
        if input("Allow? [y/N] ") != "y":
            break
""",
        # A method of the same name on something that is not the anthropic runner.
        """
class Queue:
    def defer_tool_call(self, call): ...
def main(queue, call):
    if call.name == "delete_file":
        queue.defer_tool_call(call)
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        if not module.imports_any(*frameworks.packages("anthropic")) or not _eager(module):
            return
        for call in module.calls:
            if call_tail(call) != "defer_tool_call" or not call.args:
                continue
            function = module.enclosing_function(call)
            if function is None:
                continue
            held = roots(call.args[0].value) - {"self"}
            test = next((a.test for a in module.ancestors(call) if isinstance(a, cst.If)
                         and roots(a.test) & held and module.enclosing_function(a) is function), None)
            if test is not None:
                out.evidence("P2", "classification", call, f"only calls where {module.code(test, 50)} are held for a "
                             "decision; the others run eagerly")
            stop = _decision_that_stops(module, function)
            if stop is not None:
                out.evidence("P2", "gate", stop, f"held calls run only if {module.code(stop.test, 50)} lets the run "
                             "go on")
            else:
                out.evidence("P2", "gate", call, "defer_tool_call holds the call, but nothing here can refuse it; "
                             "it runs when the loop body ends", "weak")
            return
