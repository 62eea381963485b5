"""P2 approval in hand-written harnesses: a human (or an injected approver) decides a tool call."""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.permission_words import APPROVAL_WORDS, is_approval_prompt, is_approver_call, roots, tokens
from analyzer.facts.python.tools import dispatches
from analyzer.parse.python import PythonModule, find_all


@python_check
class HumanApproval(PythonCheck):
    """A human approval step: a function whose yes/no prompt (`input()`, `click.confirm`, `Confirm.ask`)
    decides its result, an injected approver callback invoked with the tool call inside a decision, or an
    asynchronous approval: the tool runs in a handler only when the decision it receives says so
    (`def resume(call_id, approved, approver): ... if approved: execute(pending.tool, ...)`, a Slack button or
    web endpoint answering a parked call). A REPL's `input("> ")` is not an approval."""

    id = "p2.approval"
    emits = ("P2/approval",)
    POSITIVE = (
        Example("""
def console_approver(tool, tool_input, reason):
    print(reason)
    return input("allow? [y/N] ").strip().lower() == "y"
""", line=4, message="console_approver asks a human to approve (input(\"allow? [y/N] \"))"),
        """
class PermissionGate:
    def check(self, spec, tool_input):
        if spec.tier == "read_only":
            return True
        return bool(self.approver(spec.name, tool_input, "needs approval"))
""",
        """
import click
def confirm_shell(command):
    if not click.confirm(f"Run {command}?"):
        raise PermissionError(command)
""",
        # An approval that arrives later (a Slack button, a web endpoint) resumes the parked call.
        """
from .tools import execute

class SupportAgent:
    def resume(self, call_id, approved, approver):
        pending = self.store.get_pending(call_id)
        self.store.record_approval(call_id, pending.tool, approved, approver)
        if approved:
            return execute(pending.tool, pending.arguments, idempotency_key=call_id)
        return f"{approver} denied {pending.tool}"
""",
    )
    NEGATIVE = (
        # A y/n-looking prompt whose answer is sent to the model as the next message.
        """
def chat(history):
    while True:
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=history)
        text = input("Keep going? (y/n, or type a reply) ")
        if text == "n":
            return history
        history.append({"role": "user", "content": text})
""",
        # The REPL prompt for the next task.
        """
def main():
    while True:
        prompt = input("> ").strip()
        if prompt in {"exit", "quit"}:
            break
        run_agent(prompt)
""",
        # A flag that is not a decision about the call.
        """
from .tools import execute_tool

def replay(call, verbose):
    if verbose:
        print(call.name)
    return execute_tool(call.name, call.arguments)
""",
        # Asking for a file name is not approval.
        """
def pick():
    path = input("file name: ")
    return open(path).read()
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in module.calls:
            if is_approval_prompt(module, call):
                function = module.enclosing_function(call)
                out.evidence("P2", "approval", call, f"{function.name.value if function else 'module'} asks a human "
                             f"to approve ({module.code(call, 40)})")
                return
        for call in module.calls:
            func = call.func
            if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and func.value.value == "self" \
                    and is_approver_call(call) and module.enclosing_function(call) is not None \
                    and any(isinstance(a, (cst.If, cst.Return, cst.Assign)) for a in module.ancestors(call)):
                out.evidence("P2", "approval", call, f"approver callback {module.code(func, 30)}() decides the call")
                return
        self._answered(module, out)

    def _answered(self, module: PythonModule, out: FactWriter) -> None:
        """A parked call resumed by the answer a handler receives: `if approved:` on a parameter runs the tool."""
        for dispatch in dispatches(module):
            function = dispatch.function
            if function is None:
                continue
            params = {p.name.value for p in function.params.params + function.params.kwonly_params} - {"self", "cls"}
            for guard in (a for a in module.ancestors(dispatch.node) if isinstance(a, cst.If)):
                if module.enclosing_function(guard) is not function or not roots(guard.test) & params:
                    continue
                words = {n.value for n in find_all(guard.test, cst.Name) if tokens(n.value) & APPROVAL_WORDS}
                if words:
                    out.evidence("P2", "approval", guard, f"{function.name.value}() runs the parked tool call only when "
                                 f"the answer it receives says {sorted(words)[0]}")
                    return
