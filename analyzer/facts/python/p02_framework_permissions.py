"""P2 permission-tiers as the agent frameworks provide it, and HA107 (permissions turned off).

Framework behaviour checked against the installed packages: Claude Agent SDK `ClaudeAgentOptions`
(`can_use_tool`, `hooks={"PreToolUse": ...}`, `allowed_tools`, `disallowed_tools`, `permission_mode`);
LangGraph `interrupt()` / `interrupt_before=`; LangChain `HumanInTheLoopMiddleware(interrupt_on=...)` and
`HumanApprovalCallbackHandler`; pydantic-ai `requires_approval=True` / `ApprovalRequired`; OpenAI Agents
`needs_approval=` and `tool_input_guardrails=`; AutoGen `approval_func=` and `human_input_mode="ALWAYS"`;
CrewAI `@before_tool_call`. CrewAI `Task(human_input=True)` only has a human review the final answer
("Whether the task should have a human review the final answer of the agent"), so it is not a tool gate.
"""

from __future__ import annotations

import libcst as cst

from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tools import assigned_values, callee_name, decorator_name
from analyzer.parse.python import PythonModule, find_all, is_true, string_value

CLAUDE_OPTIONS = ("ClaudeAgentOptions", "ClaudeCodeOptions")
_CLAUDE_PACKAGES = ("claude_agent_sdk", "claude_code_sdk")
BYPASS = "bypassPermissions"


def _resolved_string(module: PythonModule, node: cst.BaseExpression | None) -> str | None:
    return string_value(module.resolve(node)) if node is not None else None


def claude_options_calls(module: PythonModule) -> list[cst.Call]:
    return [c for c in module.calls if module.call_name(c).rsplit(".", 1)[-1] in CLAUDE_OPTIONS
            and module.imports_any(*_CLAUDE_PACKAGES)]


def _non_empty(module: PythonModule, node: cst.BaseExpression) -> bool:
    node = module.resolve(node)
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return bool(node.elements)
    return not (isinstance(node, cst.Name) and node.value == "None")


def _hook_denies(module: PythonModule, function: cst.FunctionDef | None) -> bool:
    """A PreToolUse hook that can refuse: it returns `permissionDecision: "deny"` or `decision: "block"`."""
    if function is None:
        return False
    literals = {string_value(s) for s in find_all(function, cst.SimpleString)}
    return bool(literals & {"deny", "block", "ask"}) or bool(find_all(function, cst.Raise))


def _pre_tool_use_hooks(module: PythonModule) -> list[tuple[cst.DictElement, list[str]]]:
    """`"PreToolUse": [HookMatcher(hooks=[fn, ...])]` entries and the local hook functions they name."""
    found = []
    for node in module.find_all(cst.Dict):
        for element in node.elements:
            if isinstance(element, cst.DictElement) and string_value(element.key) == "PreToolUse":
                names = [n.value for n in find_all(element.value, cst.Name)]
                found.append((element, names))
    return found


@python_check
class ClaudeSdkPermissions(PythonCheck):
    """Claude Agent SDK permissions: `can_use_tool=` (a callback deciding every call), a `PreToolUse` hook
    that can deny, `disallowed_tools`/`permission_mode` other than bypass (gate and classification),
    `allowed_tools` (pre-approved tools: classification, and a weak gate since the rest fall to the CLI's
    permission mode). Nothing counts when permission_mode resolves to "bypassPermissions"."""

    id = "p2.claude-sdk-permissions"
    emits = ("P2/gate", "P2/classification", "P2/approval")
    POSITIVE = (
        Example("""
from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow, PermissionResultDeny

async def can_use_tool(tool_name, tool_input, context):
    if tool_name == "Bash" and "rm " in tool_input.get("command", ""):
        return PermissionResultDeny(message="no deletes")
    return PermissionResultAllow()

options = ClaudeAgentOptions(allowed_tools=["Read", "Grep"], permission_mode="default", can_use_tool=can_use_tool)
""", expect="P2/gate", strength="full"),
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(disallowed_tools=["Write", "Edit"], allowed_tools=["Read"])
""", expect="P2/classification", strength="full"),
        Example("""
from claude_agent_sdk import HookMatcher

async def block_force_push(input_data, tool_use_id, context):
    if "push --force" in input_data["tool_input"].get("command", ""):
        return {"hookSpecificOutput": {"hookEventName": "PreToolUse", "permissionDecision": "deny"}}
    return {}

HOOKS = {"PreToolUse": [HookMatcher(matcher="Bash", hooks=[block_force_push])]}
""", expect="P2/gate"),
    )
    NEGATIVE = (
        # Bypass mode turns every check off; allowed_tools is moot.
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(allowed_tools=["Read", "Bash"], permission_mode="bypassPermissions")
""",
        # A PreToolUse hook that only records is not a gate.
        """
from claude_agent_sdk import HookMatcher
async def log_tool(input_data, tool_use_id, context):
    print(input_data["tool_name"])
    return {}
HOOKS = {"PreToolUse": [HookMatcher(matcher=None, hooks=[log_tool])]}
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for call in claude_options_calls(module):
            kwargs = module.kwargs(call)
            mode = _resolved_string(module, kwargs.get("permission_mode"))
            if mode == BYPASS:
                continue
            if "can_use_tool" in kwargs:
                out.evidence("P2", "gate", call, "can_use_tool callback decides every tool call")
            if "permission_prompt_tool_name" in kwargs:
                out.evidence("P2", "gate", call, "permission prompts routed to an MCP tool")
                out.evidence("P2", "approval", call, "permission_prompt_tool_name asks for approval")
            if "disallowed_tools" in kwargs and _non_empty(module, kwargs["disallowed_tools"]):
                out.evidence("P2", "classification", call, "disallowed_tools removes tools outright")
                out.evidence("P2", "gate", call, "the CLI refuses disallowed_tools")
            if mode is not None:
                out.evidence("P2", "classification", call, f"permission_mode={mode!r}")
                out.evidence("P2", "gate", call, f"the CLI gates tool calls in permission_mode={mode!r}")
            elif "permission_mode" in kwargs:
                out.evidence("P2", "gate", call, "permission_mode set from configuration", "weak")
            if "allowed_tools" in kwargs and _non_empty(module, kwargs["allowed_tools"]):
                out.evidence("P2", "classification", call, "allowed_tools pre-approves named tools")
                out.evidence("P2", "gate", call, "tools outside allowed_tools fall to the permission mode", "weak")
        local = {f.name.value: f for f in module.functions}
        for element, names in _pre_tool_use_hooks(module):
            hooks = [local[n] for n in names if n in local]
            if any(_hook_denies(module, h) for h in hooks):
                out.evidence("P2", "gate", element, "PreToolUse hook can deny a tool call")
            elif not hooks and module.imports_any(*_CLAUDE_PACKAGES):
                out.evidence("P2", "gate", element, "PreToolUse hook (defined elsewhere)", "weak")


@python_check
class PermissionsBypassed(PythonCheck):
    """HA107: Claude Code / Agent SDK permissions switched off: `permission_mode="bypassPermissions"` (also
    through constants and `**options` dicts), `--dangerously-skip-permissions`, or
    `allow_dangerously_skip_permissions=True`."""

    id = "p2.permissions-bypassed"
    emits = ("HA107",)
    POSITIVE = (
        """
from claude_code_sdk import ClaudeCodeOptions
MODE = "bypassPermissions"
options = ClaudeCodeOptions(allowed_tools=["Bash"], permission_mode=MODE)
""",
        """
from claude_agent_sdk import ClaudeAgentOptions
params = {"permission_mode": "bypassPermissions", "max_turns": 5}
options = ClaudeAgentOptions(**params)
""",
        """
import subprocess
subprocess.run(["claude", "-p", prompt, "--dangerously-skip-permissions"])
""",
    )
    NEGATIVE = (
        """
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(permission_mode="acceptEdits")
""",
        # A docstring that warns against the flag is not the flag.
        '''
def run():
    """Never pass --dangerously-skip-permissions here."""
    return None
''',
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        seen: set[int] = set()

        def hit(node: cst.CSTNode, detail: str) -> None:
            line = module.line(node)
            if line not in seen:
                seen.add(line)
                out.hit("HA107", node, detail)

        for call in module.calls:
            kwargs = module.kwargs(call)
            if _resolved_string(module, kwargs.get("permission_mode")) == BYPASS:
                hit(call, "permission_mode='bypassPermissions' turns every permission check off")
            if is_true(kwargs.get("allow_dangerously_skip_permissions")) or is_true(kwargs.get("dangerously_skip_permissions")):
                hit(call, "dangerously skipping permissions")
            if callee_name(call) == "set_permission_mode" and call.args \
                    and _resolved_string(module, call.args[0].value) == BYPASS:
                hit(call, "set_permission_mode('bypassPermissions')")
        for node in module.find_all(cst.SimpleString):
            value = string_value(node)
            if not value or "dangerously-skip-permissions" not in value or isinstance(module.parent(module.parent(node)), cst.SimpleStatementLine) and isinstance(module.parent(node), cst.Expr):
                continue
            if module.enclosing(node, cst.Call, cst.List, cst.Dict, cst.Tuple) is not None:
                hit(node, "--dangerously-skip-permissions passed to Claude Code")
        for element in module.find_all(cst.DictElement):
            if string_value(element.key) == "permission_mode" and _resolved_string(module, element.value) == BYPASS:
                hit(element, "permission_mode='bypassPermissions' in an options dict")
        for assign in module.find_all(cst.Assign):
            targets = [module.code(t.target) for t in assign.targets]
            if any(t.endswith("permission_mode") for t in targets) and _resolved_string(module, assign.value) == BYPASS:
                hit(assign, "permission_mode set to 'bypassPermissions'")


def _approval_kwarg(module: PythonModule, kwargs: dict[str, cst.BaseExpression], key: str) -> bool:
    value = kwargs.get(key)
    if value is None:
        return False
    value = module.resolve(value)
    return not (isinstance(value, cst.Name) and value.value in ("False", "None"))


@python_check
class FrameworkApproval(PythonCheck):
    """Framework human-in-the-loop and tool gates: LangGraph `interrupt()` / `interrupt_before=`, LangChain
    `HumanInTheLoopMiddleware` / `HumanApprovalCallbackHandler`, pydantic-ai `requires_approval=True` /
    `ApprovalRequired` / `.approval_required()`, OpenAI Agents `needs_approval=` / `tool_input_guardrails=`,
    AutoGen `approval_func=` / `human_input_mode="ALWAYS"`, CrewAI `@before_tool_call`. Per-tool approval
    flags classify only weakly (approval or not; no tiers). Agents SDK input/output guardrails screen
    content and are not a tool gate."""

    id = "p2.framework-approval"
    emits = ("P2/gate", "P2/approval", "P2/classification")
    POSITIVE = (
        Example("""
from langgraph.types import interrupt

def send_invoice(state):
    answer = interrupt({"invoice": state["draft"]})
    if answer["approved"]:
        stripe.Invoice.send_invoice(state["invoice_id"])
""", expect="P2/approval"),
        Example("""
from agents import function_tool

@function_tool(needs_approval=True)
def delete_account(user_id: str) -> str:
    \"\"\"Delete a user account.\"\"\"
    return "deleted"
""", expect="P2/gate", strength="full"),
        Example("""
from pydantic_ai import Agent
agent = Agent("openai:gpt-4o")

@agent.tool_plain(requires_approval=True)
def drop_table(name: str) -> str:
    \"\"\"Drop a table.\"\"\"
    return name
""", expect="P2/approval"),
        Example("""
from langchain.agents import create_agent
from langchain.agents.middleware import HumanInTheLoopMiddleware
agent = create_agent("gpt-4o", tools=[send_email, read_email],
                     middleware=[HumanInTheLoopMiddleware(interrupt_on={"send_email": True, "read_email": False})])
""", expect="P2/classification", strength="full"),
        Example("""
from langgraph.prebuilt import create_react_agent
agent = create_react_agent(model, tools, interrupt_before=["tools"])
""", expect="P2/gate"),
        # A tool input guardrail attached after the tool is built.
        Example("""
from agents import Agent, ToolGuardrailFunctionOutput, function_tool, tool_input_guardrail

@tool_input_guardrail
def reject_secrets(data):
    if "password" in data.context.tool_arguments:
        return ToolGuardrailFunctionOutput.reject_content(message="blocked")
    return ToolGuardrailFunctionOutput(output_info="ok")

@function_tool
def send_email(to: str, body: str) -> str:
    \"\"\"Send an email.\"\"\"
    return "sent"

send_email.tool_input_guardrails = [reject_secrets]
""", expect="P2/gate", strength="full"),
        # A hosted MCP server whose calls wait for approval.
        Example("""
from agents import Agent, HostedMCPTool

def build(require_approval="always"):
    return Agent(name="MCP", instructions="Use the wiki.", tools=[HostedMCPTool(tool_config={
        "type": "mcp", "server_label": "wiki", "server_url": "https://mcp.example.com/mcp",
        "require_approval": require_approval})])
""", expect="P2/approval"),
    )
    NEGATIVE = (
        # An input guardrail screens the message, not the tool call.
        """
from agents import Agent, input_guardrail
agent = Agent(name="Support", input_guardrails=[screen], tools=[refund])
""",
        # CrewAI human_input reviews the task's final answer.
        """
from crewai import Task
task = Task(description="Write the report", expected_output="A report", agent=writer, human_input=True)
""",
        # A hosted MCP server that never asks.
        """
from agents import Agent, HostedMCPTool
agent = Agent(name="MCP", instructions="Use the wiki.", tools=[HostedMCPTool(tool_config={
    "type": "mcp", "server_label": "wiki", "server_url": "https://mcp.example.com/mcp", "require_approval": "never"})])
""",
        # needs_approval=False is no gate.
        """
from agents import function_tool
@function_tool(needs_approval=False)
def lookup(order_id: str) -> str:
    \"\"\"Look up an order.\"\"\"
    return ""
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        done: set[str] = set()

        def emit(component: str, node: cst.CSTNode, detail: str, strength: str = "full") -> None:
            if component not in done:
                done.add(component)
                out.evidence("P2", component, node, detail, strength)

        for call in module.calls:
            name = module.call_name(call)
            leaf = name.rsplit(".", 1)[-1]
            kwargs = module.kwargs(call)
            if leaf == "interrupt" and name.startswith("langgraph"):
                emit("gate", call, "langgraph interrupt() pauses the run for a human decision")
                emit("approval", call, "interrupt() waits for Command(resume=...) from a human")
            if "interrupt_before" in kwargs and _non_empty(module, kwargs["interrupt_before"]) \
                    and module.imports_any("langgraph", "langchain"):
                emit("gate", call, f"interrupt_before={module.code(kwargs['interrupt_before'], 30)} pauses before the nodes run")
                emit("approval", call, "a human resumes the paused graph")
            if leaf == "HumanInTheLoopMiddleware" and module.imports_any("langchain"):
                emit("gate", call, "HumanInTheLoopMiddleware interrupts listed tool calls")
                emit("approval", call, "a human approves, edits or rejects the call")
                if "interrupt_on" in kwargs or call.args:
                    emit("classification", call, "interrupt_on maps each tool to approval or auto-run")
            if leaf == "HumanApprovalCallbackHandler":
                emit("gate", call, "HumanApprovalCallbackHandler stops a tool call the human rejects")
                emit("approval", call, "HumanApprovalCallbackHandler asks a human before each tool run")
                if "should_check" in kwargs:
                    emit("classification", call, "should_check selects the tools that need approval")
            if leaf in ("approval_required",) and module.imports_any("pydantic_ai"):
                emit("gate", call, "pydantic-ai toolset requires approval")
                emit("approval", call, "deferred tool calls wait for a human decision")
                if call.args or "approval_required_func" in kwargs:
                    emit("classification", call, "approval_required_func picks the calls that need approval")
            if _approval_kwarg(module, kwargs, "requires_approval") and module.imports_any("pydantic_ai"):
                self._per_tool(call, "requires_approval", emit)
            if _approval_kwarg(module, kwargs, "needs_approval") and module.imports_any("agents"):
                self._per_tool(call, "needs_approval", emit)
            if "tool_input_guardrails" in kwargs and _non_empty(module, kwargs["tool_input_guardrails"]) \
                    and module.imports_any("agents"):
                emit("gate", call, "tool_input_guardrails run before the tool and can reject the call")
            if leaf == "ShellTool" and module.imports_any("langchain_community", "langchain") \
                    and is_true(module.resolve(kwargs.get("ask_human_input"))):
                emit("gate", call, "ShellTool(ask_human_input=True) asks y/n before each command")
                emit("approval", call, "ShellTool(ask_human_input=True) prompts a human")
            if "on_approval_request" in kwargs and module.imports_any("agents"):
                emit("gate", call, "hosted MCP tool calls go through on_approval_request")
                emit("approval", call, "on_approval_request decides each hosted MCP call")
            if "approval_func" in kwargs and module.imports_any("autogen_agentchat", "autogen", "autogen_ext"):
                emit("gate", call, "approval_func is called before each code execution")
                emit("approval", call, "approval_func decides whether the code runs")
            if _resolved_string(module, kwargs.get("human_input_mode")) == "ALWAYS":
                emit("gate", call, "human_input_mode='ALWAYS': a human replies before the next step runs", "weak")
                emit("approval", call, "a human is asked at every turn")
        if module.imports_any("agents"):
            self._agents_sdk_extras(module, emit)
        for raise_node in module.find_all(cst.Raise):
            if raise_node.exc is not None and module.code(raise_node.exc).startswith("ApprovalRequired") \
                    and module.imports_any("pydantic_ai"):
                emit("gate", raise_node, "a tool raises ApprovalRequired before acting")
                emit("approval", raise_node, "the deferred call waits for a human decision")
        for function in module.functions:
            for decorator in function.decorators:
                if decorator_name(module, decorator).rsplit(".", 1)[-1] == "before_tool_call" and module.imports_any("crewai"):
                    blocks = any(isinstance(r.value, cst.Name) and r.value.value == "False" for r in find_all(function, cst.Return))
                    emit("gate", decorator, "CrewAI before_tool_call hook" + (" returns False to block" if blocks else ""),
                         "full" if blocks else "weak")

    def _agents_sdk_extras(self, module: PythonModule, emit) -> None:
        """`send_email.tool_input_guardrails = [check]` after the tool is built; a hosted MCP tool whose
        `tool_config={"require_approval": ...}` is not "never"."""
        for assign in module.find_all(cst.Assign):
            if any(isinstance(t.target, cst.Attribute) and t.target.attr.value == "tool_input_guardrails"
                   for t in assign.targets) and _non_empty(module, assign.value):
                emit("gate", assign, "tool_input_guardrails run before the tool and can reject the call")
        for element in module.find_all(cst.DictElement):
            if string_value(element.key) != "require_approval":
                continue
            value = element.value
            if isinstance(value, cst.Name):
                assigned = assigned_values(module, value.value, element)
                function = module.enclosing_function(element)
                defaults = [p.default for p in (function.params.params + function.params.kwonly_params if function else [])
                            if p.name.value == value.value and p.default is not None]
                value = (assigned or defaults or [module.resolve(value)])[0]
            if isinstance(value, cst.Dict):  # {"never": {"tool_names": [...]}, "always": {...}}
                emit("gate", element, "hosted MCP calls outside the 'never' list wait for approval")
                emit("approval", element, "hosted MCP approval requests go to the caller")
                emit("classification", element, "require_approval splits the MCP tools into pre-approved and "
                     "approval-required (no risk tiers)", "weak")
            elif string_value(value) not in (None, "never"):
                emit("gate", element, f"hosted MCP calls wait for approval (require_approval={string_value(value)!r})")
                emit("approval", element, "each hosted MCP call is approved or rejected by the caller")

    def _per_tool(self, call: cst.Call, flag: str, emit) -> None:
        emit("gate", call, f"{flag}: the run pauses before this tool executes")
        emit("approval", call, f"{flag}: a human approves or rejects the call")
        emit("classification", call, f"{flag} marks some tools as needing approval (no risk tiers)", "weak")
