"""P2 permission-tiers as the agent frameworks provide it (the Claude Agent SDK is in
`p02_claude_sdk_permissions.py`).

Framework behaviour checked against the installed packages: LangGraph `interrupt()` / `interrupt_before=`;
LangChain `HumanInTheLoopMiddleware(interrupt_on=...)` and `HumanApprovalCallbackHandler`; pydantic-ai
`requires_approval=True` / `ApprovalRequired`; OpenAI Agents `needs_approval=`, `tool_input_guardrails=` (as a
keyword or assigned to a tool), hosted MCP / MCP server `require_approval`; AutoGen `approval_func=` and
`human_input_mode="ALWAYS"`; CrewAI `@before_tool_call`. CrewAI `Task(human_input=True)` only has a human
review the final answer ("Whether the task should have a human review the final answer of the agent"), so it
is not a tool gate.
"""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tool_frameworks import non_empty
from analyzer.facts.python.tools import assigned_values, decorator_name
from analyzer.parse.python import PythonModule, find_all, is_true, string_value

_AGENTS = frameworks.packages("openai-agents")
_LANGGRAPH = frameworks.packages("langgraph")
_LANGCHAIN = frameworks.packages("langchain")
_PYDANTIC_AI = frameworks.packages("pydantic-ai")
_AUTOGEN = frameworks.packages("autogen", "ag2")
_CREWAI = frameworks.packages("crewai")


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
""", expect="P2/approval", line=5, message="interrupt() waits for Command(resume=...) from a human"),
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
            if leaf == "interrupt" and name.startswith(_LANGGRAPH):
                emit("gate", call, "langgraph interrupt() pauses the run for a human decision")
                emit("approval", call, "interrupt() waits for Command(resume=...) from a human")
            if "interrupt_before" in kwargs and non_empty(module, kwargs["interrupt_before"]) \
                    and module.imports_any(*_LANGGRAPH, *_LANGCHAIN):
                emit("gate", call, f"interrupt_before={module.code(kwargs['interrupt_before'], 30)} pauses before the nodes run")
                emit("approval", call, "a human resumes the paused graph")
            if leaf == "HumanInTheLoopMiddleware" and module.imports_any(*_LANGCHAIN):
                emit("gate", call, "HumanInTheLoopMiddleware interrupts listed tool calls")
                emit("approval", call, "a human approves, edits or rejects the call")
                if "interrupt_on" in kwargs or call.args:
                    emit("classification", call, "interrupt_on maps each tool to approval or auto-run")
            if leaf == "HumanApprovalCallbackHandler":
                emit("gate", call, "HumanApprovalCallbackHandler stops a tool call the human rejects")
                emit("approval", call, "HumanApprovalCallbackHandler asks a human before each tool run")
                if "should_check" in kwargs:
                    emit("classification", call, "should_check selects the tools that need approval")
            if leaf in ("approval_required",) and module.imports_any(*_PYDANTIC_AI):
                emit("gate", call, "pydantic-ai toolset requires approval")
                emit("approval", call, "deferred tool calls wait for a human decision")
                if call.args or "approval_required_func" in kwargs:
                    emit("classification", call, "approval_required_func picks the calls that need approval")
            if _approval_kwarg(module, kwargs, "requires_approval") and module.imports_any(*_PYDANTIC_AI):
                self._per_tool(call, "requires_approval", emit)
            if _approval_kwarg(module, kwargs, "needs_approval") and module.imports_any(*_AGENTS):
                self._per_tool(call, "needs_approval", emit)
            if "tool_input_guardrails" in kwargs and non_empty(module, kwargs["tool_input_guardrails"]) \
                    and module.imports_any(*_AGENTS):
                emit("gate", call, "tool_input_guardrails run before the tool and can reject the call")
            if leaf == "ShellTool" and module.imports_any(*_LANGCHAIN) \
                    and is_true(module.resolve(kwargs.get("ask_human_input"))):
                emit("gate", call, "ShellTool(ask_human_input=True) asks y/n before each command")
                emit("approval", call, "ShellTool(ask_human_input=True) prompts a human")
            if "on_approval_request" in kwargs and module.imports_any(*_AGENTS):
                emit("gate", call, "hosted MCP tool calls go through on_approval_request")
                emit("approval", call, "on_approval_request decides each hosted MCP call")
            if "approval_func" in kwargs and module.imports_any(*_AUTOGEN):
                emit("gate", call, "approval_func is called before each code execution")
                emit("approval", call, "approval_func decides whether the code runs")
            if module.resolved_string(kwargs.get("human_input_mode")) == "ALWAYS":
                emit("gate", call, "human_input_mode='ALWAYS': a human replies before the next step runs", "weak")
                emit("approval", call, "a human is asked at every turn")
        if module.imports_any(*_AGENTS):
            self._agents_sdk_extras(module, emit)
        for raise_node in module.find_all(cst.Raise):
            if raise_node.exc is not None and module.code(raise_node.exc).startswith("ApprovalRequired") \
                    and module.imports_any(*_PYDANTIC_AI):
                emit("gate", raise_node, "a tool raises ApprovalRequired before acting")
                emit("approval", raise_node, "the deferred call waits for a human decision")
        for function in module.functions:
            for decorator in function.decorators:
                if decorator_name(module, decorator).rsplit(".", 1)[-1] == "before_tool_call" and module.imports_any(*_CREWAI):
                    blocks = any(isinstance(r.value, cst.Name) and r.value.value == "False" for r in find_all(function, cst.Return))
                    emit("gate", decorator, "CrewAI before_tool_call hook" + (" returns False to block" if blocks else ""),
                         "full" if blocks else "weak")

    def _agents_sdk_extras(self, module: PythonModule, emit) -> None:
        """`send_email.tool_input_guardrails = [check]` after the tool is built; a hosted MCP tool or an MCP server
        whose `require_approval` (in `tool_config` or as a keyword) is not "never"."""
        for assign in module.find_all(cst.Assign):
            if any(isinstance(t.target, cst.Attribute) and t.target.attr.value == "tool_input_guardrails"
                   for t in assign.targets) and non_empty(module, assign.value):
                emit("gate", assign, "tool_input_guardrails run before the tool and can reject the call")
        settings = [(e, e.value) for e in module.find_all(cst.DictElement) if string_value(e.key) == "require_approval"]
        settings += [(a, a.value) for a in module.find_all(cst.Arg) if a.keyword is not None
                     and a.keyword.value == "require_approval" and isinstance(module.parent(a), cst.Call)]
        for element, value in settings:
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
