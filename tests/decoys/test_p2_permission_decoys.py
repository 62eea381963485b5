"""P2 (permission tiers) judged by behaviour, not by names (issue #9, "Why" 2 and 3).

Each case parses real code with every Python check and pins what P2 evidence comes out: decoys that
look like a permission step but decide nothing about the tool call produce none; real gates in unusual
shapes (`match`, `try: vet() except Refused:`, a decorator around each tool) are credited at their line.
"""

from __future__ import annotations

import textwrap

import libcst as cst
import pytest

from analyzer.facts.python import analyze_python
from analyzer.facts.python.p02_decisions import always_allows
from tests.conftest import audit_json


def p2(code: str, path: str = "agent.py") -> list[tuple[str, int, str, str]]:
    """(component, line, strength, detail) of every P2 evidence the checks find in `code`."""
    facts = analyze_python(textwrap.dedent(code), path)
    assert facts.skipped is None, facts.skipped
    return [(e.component, e.line, e.strength, e.detail) for e in facts.evidence
            if e.primitive == "P2" and e.path == path]


def line_of(code: str, text: str) -> int:
    lines = textwrap.dedent(code).splitlines()
    matches = [number for number, line in enumerate(lines, 1) if text in line]
    assert len(matches) == 1, f"{text!r} is on lines {matches}"
    return matches[0]


# --- 1. a REPL prompt for the next chat message is not approval ---------------------------

NAIVE_REPL = '''
import json
import subprocess

from openai import OpenAI

client = OpenAI()
TOOLS = [{
    "type": "function",
    "function": {
        "name": "run_shell",
        "description": "Run a shell command and return its output.",
        "parameters": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]},
    },
}]


def run_shell(command):
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


AVAILABLE = {"run_shell": run_shell}


def main():
    messages = [{"role": "system", "content": "You are a helpful shell assistant."}]
    while True:
        user = input("you> ")
        if user.strip().lower() in ("exit", "quit", "q", "n", "no"):
            break
        messages.append({"role": "user", "content": user})
        while True:
            response = client.chat.completions.create(model="gpt-4o", messages=messages, tools=TOOLS)
            message = response.choices[0].message
            messages.append(message)
            if not message.tool_calls:
                print(message.content)
                break
            for call in message.tool_calls:
                args = json.loads(call.function.arguments)
                output = AVAILABLE[call.function.name](**args)
                messages.append({"role": "tool", "tool_call_id": call.id, "content": output})


if __name__ == "__main__":
    main()
'''

# The same REPL where the prompt is the tool runner's: each answer is sent to the model.
REPL_IN_DISPATCH = '''
import json
from anthropic import Anthropic

client = Anthropic()


def execute_tool(name, args):
    return TOOL_FUNCTIONS[name](**args)


def chat(history):
    while True:
        reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=1024, messages=history, tools=SCHEMAS)
        history.append({"role": "assistant", "content": reply.content})
        results = []
        for block in reply.content:
            if block.type == "tool_use":
                results.append({"type": "tool_result", "tool_use_id": block.id,
                                "content": execute_tool(block.name, block.input)})
        if results:
            history.append({"role": "user", "content": results})
            continue
        text = input("you (y to continue, n to stop)> ")
        if text == "n":
            return history
        history.append({"role": "user", "content": text})
'''


def test_repl_prompt_for_the_next_message_is_no_p2_evidence():
    assert p2(NAIVE_REPL, "naive_agent.py") == []


def test_prompt_whose_answer_is_sent_to_the_model_is_no_approval():
    assert p2(REPL_IN_DISPATCH) == []


# --- 2. a test on argv, env or settings is not risk classification --------------------------

ARGV_TASK = '''
import sys
from openai import OpenAI

client = OpenAI()


def run(task):
    messages = [{"role": "user", "content": task}]
    for _ in range(10):
        response = client.chat.completions.create(model="gpt-4o", messages=messages, tools=SCHEMAS)
        message = response.choices[0].message
        if not message.tool_calls:
            return message.content
        for call in message.tool_calls:
            messages.append({"role": "tool", "tool_call_id": call.id,
                             "content": TOOL_FUNCTIONS[call.function.name](call.function.arguments)})


if __name__ == "__main__":
    if len(sys.argv) > 1:
        task = " ".join(sys.argv[1:])
    else:
        task = input("task> ")
    print(run(task))
'''

# A real human answer about the call, bypassed by a command-line flag: the flag is not a risk class.
ARGV_BYPASS = '''
import sys


def execute_tool(name, args):
    if len(sys.argv) > 1 and sys.argv[1] == "--yes":
        ok = True
    else:
        ok = input(f"Run {name}({args})? [y/N] ").strip().lower() == "y"
    if not ok:
        return f"user declined {name}"
    return TOOL_FUNCTIONS[name](**args)
'''

ENV_BYPASS = '''
import os


def execute_tool(name, args):
    if os.environ.get("AGENT_AUTO_APPROVE") == "1":
        return TOOL_FUNCTIONS[name](**args)
    if input(f"Run {name}? [y/N] ").strip().lower() != "y":
        return f"user declined {name}"
    return TOOL_FUNCTIONS[name](**args)
'''


def test_argv_test_choosing_the_task_is_no_p2_evidence():
    assert p2(ARGV_TASK) == []


@pytest.mark.parametrize("code", [ARGV_BYPASS, ENV_BYPASS], ids=["argv", "env"])
def test_argv_or_env_flag_is_not_classification(code):
    found = p2(code)
    assert [f for f in found if f[0] == "classification"] == []
    # the human answer about the call is still a gate
    assert any(component == "gate" and strength == "full" for component, _, strength, _ in found), found


# --- 3. a constant "decision" is not a gate -------------------------------------------------

CONSTANT_APPROVED = '''
def execute_tool(name, args):
    approved = True
    if not approved:
        return f"{name} was not approved"
    return TOOL_FUNCTIONS[name](**args)
'''

CONSTANT_FLAG = '''
AUTO_APPROVE = True


def execute_tool(name, args):
    allowed = AUTO_APPROVE
    if not allowed:
        return f"{name} was not approved"
    return TOOL_FUNCTIONS[name](**args)
'''


@pytest.mark.parametrize("code", [CONSTANT_APPROVED, CONSTANT_FLAG], ids=["literal", "module-flag"])
def test_constant_approval_is_no_gate(code):
    assert p2(code) == []


# --- 4. an always-allow permission method in the same file is not a gate ---------------------

ALWAYS_ALLOWS = '''
import logging

log = logging.getLogger(__name__)


class PermissionManager:
    def check(self, name, args):
        log.info("permission check for %s", name)
        return True

    def authorize(self, name, args):
        log.info("authorized %s", name)


class ToolRunner:
    def __init__(self, tools):
        self.tools = tools
        self.permissions = PermissionManager()

    def run(self, name, args):
        if not self.permissions.check(name, args):
            return f"permission denied for {name}"
        return self.tools[name](**args)

    def run_quietly(self, name, args):
        self.permissions.authorize(name, args)
        return self.tools[name](**args)
'''

# The same shape where the method can say no is a gate.
MAY_DENY = '''
DENIED = {"run_shell", "delete_file"}


class PermissionManager:
    def check(self, name, args):
        return name not in DENIED


class ToolRunner:
    def __init__(self, tools):
        self.tools = tools
        self.permissions = PermissionManager()

    def run(self, name, args):
        if not self.permissions.check(name, args):
            return f"permission denied for {name}"
        return self.tools[name](**args)
'''


def test_always_allow_method_is_no_gate():
    assert [f for f in p2(ALWAYS_ALLOWS) if f[0] == "gate"] == []


def test_method_that_can_deny_is_a_gate():
    gates = [f for f in p2(MAY_DENY) if f[0] == "gate"]
    assert gates == [("gate", line_of(MAY_DENY, "if not self.permissions.check"), "full",
                      "run: calls self.permissions.check on the tool call before running the tool")]


def _function(code: str) -> cst.FunctionDef:
    return next(s for s in cst.parse_module(textwrap.dedent(code)).body if isinstance(s, cst.FunctionDef))


@pytest.mark.parametrize("code", [
    "def check(self, name, args):\n    return True\n",
    "def allow(name):\n    log(name)\n    return True\n",
    "def is_permitted(name):\n    if name in DENY:\n        pass\n    return True\n",
    "def vet(name, args):\n    print(name)\n",
    "def decide(name):\n    return Decision(allowed=True, reason='ok')\n",
    "def check(name):\n    def deny():\n        raise PermissionError(name)\n    return True\n",
])
def test_always_allows(code):
    assert always_allows(_function(code))


@pytest.mark.parametrize("code", [
    "def check(self, name, args):\n    return name not in DENY\n",
    "def check(self, name, args):\n    if name in DENY:\n        return False\n    return True\n",
    "def vet(name, args):\n    if name in DENY:\n        raise PermissionError(name)\n",
    "def vet(name):\n    assert name not in DENY\n",
    "def check(name):\n    return self.approver(name)\n",
    "def check(name):\n    return 'deny' if name in DENY else 'allow'\n",
    "def decide(name):\n    return Decision(allowed=False, reason='no')\n",
    "def check(name):\n    if name in DENY:\n        return None\n    return True\n",
    "def authorize(self, name):\n    self.policy.enforce(name)\n",
])
def test_can_refuse(code):
    assert not always_allows(_function(code))


# --- 5. a gate written as `match` ------------------------------------------------------------

MATCH_ON_NAME = '''
def execute_tool(name, args):
    match name:
        case "rm" | "shell":
            return f"denied: {name} needs an operator"
        case _:
            return TOOL_FUNCTIONS[name](**args)
'''

MATCH_ON_DECISION = '''
from .policy import Decision


class Agent:
    def dispatch(self, name, args):
        match self.policy.decide(name, args):
            case Decision.DENY:
                return f"{name} is not allowed"
            case Decision.ASK if not self.operator.confirm(name, args):
                return f"operator declined {name}"
        return self.tools[name](**args)
'''

# Routing by name is not a gate: every case runs a tool.
MATCH_ROUTING = '''
def execute_tool(name, args):
    match name:
        case "read_file":
            return read_file(**args)
        case "list_dir":
            return list_dir(**args)
        case _:
            return f"unknown tool {name}"
'''


def test_match_on_the_tool_name_is_a_gate():
    assert [f for f in p2(MATCH_ON_NAME) if f[0] == "gate"] == [
        ("gate", line_of(MATCH_ON_NAME, "match name:"), "full",
         "execute_tool: match on name refuses some calls before running the tool")]


def test_match_on_a_policy_decision_is_a_gate():
    assert [f for f in p2(MATCH_ON_DECISION) if f[0] == "gate"] == [
        ("gate", line_of(MATCH_ON_DECISION, "match self.policy.decide"), "full",
         "dispatch: match on self.policy.decide(name, args) refuses some calls before running the tool")]


def test_match_that_only_routes_is_no_gate():
    assert [f for f in p2(MATCH_ROUTING) if f[0] == "gate"] == []


# --- 6. a gate written as `try: vet(...) except Refused:` ----------------------------------

TRY_VET = '''
class Refused(Exception):
    pass


def vet(name, args):
    command = args.get("command", "")
    if "rm -rf" in command or command.startswith("sudo"):
        raise Refused(f"{name}: {command}")


def execute_tool(name, args):
    try:
        vet(name, args)
    except Refused as refusal:
        return f"refused: {refusal}"
    return TOOL_FUNCTIONS[name](**args)
'''

# Catching the tool's own errors is error handling, not a gate.
TRY_ERRORS = '''
import json


def execute_tool(name, raw_args):
    try:
        args = json.loads(raw_args)
    except json.JSONDecodeError as error:
        return f"bad arguments: {error}"
    try:
        return TOOL_FUNCTIONS[name](**args)
    except Exception as error:
        return f"{name} failed: {error}"
'''

# A vet() that never refuses, caught or not, is no gate.
TRY_NEVER_REFUSES = '''
class Refused(Exception):
    pass


def vet(name, args):
    print(f"running {name}")


def execute_tool(name, args):
    try:
        vet(name, args)
    except Refused:
        return "refused"
    return TOOL_FUNCTIONS[name](**args)
'''


# A router inside one `try`: the tool in one branch is not a check before the tool in the next.
TRY_ROUTER = '''
def execute_tool(tool_name, args):
    try:
        if tool_name == "read":
            return read(**args)
        elif tool_name == "write":
            return write(**args)
        elif tool_name == "bash":
            return bash(**args)
        else:
            return {"error": f"unknown tool {tool_name}"}
    except (ValueError, TypeError) as error:
        return {"error": str(error)}
'''

# Validating the arguments against the tool's schema is not a permission.
TRY_VALIDATION = '''
from pydantic import ValidationError


def _validate_args(name, args):
    model = SCHEMAS[name]
    return model(**args).model_dump()


def run_tool(name, args):
    try:
        clean = _validate_args(name, args)
    except ValidationError as exc:
        return f"bad arguments for {name}: {exc}"
    return TOOL_FUNCTIONS[name](**clean)
'''


def test_try_vet_except_refused_is_a_gate():
    assert [f for f in p2(TRY_VET) if f[0] == "gate"] == [
        ("gate", line_of(TRY_VET, "try:"), "full",
         "execute_tool: vet(name, args) can refuse (Refused is caught and the tool skipped) before running the tool")]


@pytest.mark.parametrize("code", [TRY_ERRORS, TRY_NEVER_REFUSES, TRY_ROUTER, TRY_VALIDATION],
                         ids=["errors", "never-refuses", "router", "validation"])
def test_try_that_cannot_refuse_is_no_gate(code):
    assert [f for f in p2(code) if f[0] == "gate"] == []


# --- 7. a decorator that asks before each tool ----------------------------------------------

DECORATOR = '''
import subprocess
from functools import wraps


def ask(name, kwargs):
    return input(f"Allow {name}({kwargs})? [y/N] ").strip().lower() == "y"


def requires_approval(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        if not ask(fn.__name__, kwargs):
            raise PermissionError(f"{fn.__name__} was not approved")
        return fn(*args, **kwargs)
    return wrapper


@requires_approval
def run_shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


@requires_approval
def delete_file(path: str) -> str:
    import os
    os.remove(path)
    return f"deleted {path}"


TOOL_FUNCTIONS = {"run_shell": run_shell, "delete_file": delete_file}


def execute_tool(name, args):
    return TOOL_FUNCTIONS[name](**args)
'''

# A logging decorator is not a gate.
LOGGING_DECORATOR = '''
import logging
import subprocess
from functools import wraps

log = logging.getLogger(__name__)


def traced(fn):
    @wraps(fn)
    def wrapper(*args, **kwargs):
        if log.isEnabledFor(logging.DEBUG):
            log.debug("calling %s with %s", fn.__name__, kwargs)
        return fn(*args, **kwargs)
    return wrapper


@traced
def run_shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout
'''


def test_approval_decorator_around_each_tool_is_a_gate():
    gates = [f for f in p2(DECORATOR, "tools.py") if f[0] == "gate"]
    assert gates == [("gate", line_of(DECORATOR, "if not ask(fn.__name__, kwargs):"), "full",
                      "requires_approval wraps run_shell, delete_file: asks a human (ask(fn.__name__, kwargs)) "
                      "before running the wrapped tool")]


def test_logging_decorator_is_no_gate():
    assert [f for f in p2(LOGGING_DECORATOR, "tools.py") if f[0] == "gate"] == []


# --- the whole audit: what the decoys and disguises change for the user ---------------------


def test_naive_repl_shell_loop_is_an_ungated_shell_tool(write_tree):
    report = audit_json(write_tree({"naive_agent.py": NAIVE_REPL}))
    verdict = next(v for v in report["primitives"] if v["id"] == "P2")
    assert verdict["status"] == "absent"
    shell = [(f["path"], f["line"], f["severity"]) for f in report["findings"] if f.get("rule") == "HA103"]
    assert shell == [("naive_agent.py", line_of(NAIVE_REPL, "shell=True"), "critical")]


def test_tools_wrapped_by_an_approval_decorator_are_not_ungated(write_tree):
    report = audit_json(write_tree({"tools.py": DECORATOR}))
    assert [f for f in report["findings"] if f.get("rule") in ("HA103", "HA104")] == []


# A refusal that tells the model why (the answer is sent only on the branch that skips the tool) still decides.
APPROVAL_WITH_FEEDBACK = '''
import json


def handle_tool_calls(message, messages):
    for call in message.tool_calls:
        args = json.loads(call.function.arguments)
        answer = input(f"Run {call.function.name}({args})? [y/N or say what to do instead] ")
        if answer.strip().lower() != "y":
            messages.append({"role": "tool", "tool_call_id": call.id, "content": f"user declined: {answer}"})
            continue
        output = TOOL_FUNCTIONS[call.function.name](**args)
        messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
'''


def test_refusal_whose_reason_is_sent_to_the_model_is_still_a_gate():
    found = p2(APPROVAL_WITH_FEEDBACK)
    line = line_of(APPROVAL_WITH_FEEDBACK, 'if answer.strip().lower() != "y":')
    assert ("gate", line, "full", 'handle_tool_calls: asks a human (input(f"Run {call.function.name}({args}…) '
            "before running the tool") in found
    assert [f[0] for f in found if f[0] == "approval"] == ["approval"]


# A settings flag read through `self` is fixed before the call, like argv and the environment.
SETTINGS_BYPASS = '''
class Agent:
    def run_tool(self, name, args):
        if self.config.mode == "yolo":
            ok = True
        else:
            ok = input(f"Run {name}? [y/N] ").strip().lower() == "y"
        if not ok:
            return f"user declined {name}"
        return self.tools[name](**args)
'''


def test_settings_flag_on_self_is_not_classification():
    found = p2(SETTINGS_BYPASS)
    assert [f for f in found if f[0] == "classification"] == []
    assert ("gate", line_of(SETTINGS_BYPASS, "if not ok:"), "full",
            'run_tool: asks a human (input(f"Run {name}? [y/N] ")) before running the tool') in found


# The framework form of an always-allow check: a Claude Agent SDK `can_use_tool` that never refuses.
SDK_ALLOW_ALL = '''
from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow


async def allow_all(tool_name, tool_input, context):
    print(f"tool: {tool_name}")
    return PermissionResultAllow()


options = ClaudeAgentOptions(can_use_tool=allow_all, max_turns=10)
lenient = ClaudeAgentOptions(can_use_tool=lambda name, args, ctx: PermissionResultAllow())
'''

SDK_MAY_DENY = '''
from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow, PermissionResultDeny


async def guard(tool_name, tool_input, context):
    if tool_name == "Bash" and "rm " in tool_input.get("command", ""):
        return PermissionResultDeny(message="no deletes")
    return PermissionResultAllow()


options = ClaudeAgentOptions(can_use_tool=guard, max_turns=10)
'''


def test_sdk_callback_that_allows_everything_is_no_gate():
    assert [f for f in p2(SDK_ALLOW_ALL) if f[0] == "gate"] == []


def test_sdk_callback_that_can_deny_is_a_gate():
    assert [f for f in p2(SDK_MAY_DENY) if f[0] == "gate"] == [
        ("gate", line_of(SDK_MAY_DENY, "options = ClaudeAgentOptions"), "full",
         "can_use_tool callback decides every tool call")]


# A top-level script: its argv test is fixed, the model's tool call it reads is not.
SCRIPT = '''
import json
import sys

from openai import OpenAI

client = OpenAI()
auto = len(sys.argv) > 1 and sys.argv[1] == "--yes"
messages = [{"role": "user", "content": "tidy the build folder"}]
for turn in range(20):
    reply = client.chat.completions.create(model="gpt-4o", messages=messages, tools=SCHEMAS)
    message = reply.choices[0].message
    if not message.tool_calls:
        break
    for call in message.tool_calls:
        args = json.loads(call.function.arguments)
        if auto:
            ok = True
        elif call.function.name in READ_ONLY:
            ok = True
        else:
            ok = input(f"Run {call.function.name}({args})? [y/N] ").strip().lower() == "y"
        output = TOOL_FUNCTIONS[call.function.name](**args) if ok else "declined"
        messages.append({"role": "tool", "tool_call_id": call.id, "content": output})
'''


def test_script_classification_reads_the_call_not_argv():
    found = [f for f in p2(SCRIPT) if f[0] == "classification"]
    assert found == [("classification", line_of(SCRIPT, "elif call.function.name in READ_ONLY:"), "full",
                      "pre-approves when call.function.name in READ_ONLY; otherwise asks for approval")]


# --- a resume check on a cached result is no gate (the result it tests is looked up, not decided) ---

RESUME_CHECK = '''
class Runner:
    def execute_pending(self, pending):
        results = []
        for tool_use in pending:
            done = self.state.tool_results.get(tool_use["id"])
            if done is None:  # not yet executed: executed ones are never re-run
                done = self.run_tool(tool_use)
            results.append({"type": "tool_result", "tool_use_id": tool_use["id"], **done})
        return results

    def run_tool(self, tool_use):
        return {"content": self.tools[tool_use["name"]](**tool_use["input"]), "is_error": False}
'''

# The disguise: the same names and shape, but the value tested is the policy's answer about this call.
RESUME_DISGUISE = '''
class Runner:
    def execute_pending(self, pending):
        results = []
        for tool_use in pending:
            refusal = self.policy.refusal(tool_use["name"], tool_use["input"])
            if refusal is None:
                refusal = self.run_tool(tool_use)
            results.append({"type": "tool_result", "tool_use_id": tool_use["id"], "content": refusal})
        return results

    def run_tool(self, tool_use):
        return self.tools[tool_use["name"]](**tool_use["input"])
'''


def test_cached_result_check_before_running_the_tool_is_no_gate():
    assert [e for e in p2(RESUME_CHECK) if e[0] == "gate"] == []


def test_policy_answer_tested_before_running_the_tool_is_a_gate():
    line = line_of(RESUME_DISGUISE, "if refusal is None:")
    assert [e for e in p2(RESUME_DISGUISE) if e[0] == "gate"] == [
        ("gate", line, "full", "execute_pending: checks the result of self.policy.refusal before running the tool")]
