"""P1 tool-specs: tools declared as data (name, description, input schema), by hand or by a framework."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tool_frameworks import (
    anthropic_tool_object, claude_tool_options, framework_call, registration_call, tool_server_option,
)
from analyzer.facts.python.tools import call_name, class_attr, spec_dicts, tool_decorator, tool_functions
from analyzer.parse.python import PythonModule, call_tail, string_value

_SCHEMA_FIELDS = {"input_schema", "parameters", "schema", "args_schema", "inputs", "json_schema", "params_schema",
                  "params_json_schema", "input_model", "args_model", "arguments"}


def _has_docstring(function: cst.FunctionDef) -> bool:
    body = function.body.body
    if body and isinstance(body[0], cst.SimpleStatementLine) and body[0].body:
        first = body[0].body[0]
        return isinstance(first, cst.Expr) and isinstance(first.value, (cst.SimpleString, cst.ConcatenatedString))
    return False


def _described(module: PythonModule, function: cst.FunctionDef, decorator: cst.Decorator | None) -> bool:
    if _has_docstring(function):
        return True
    if decorator is not None and isinstance(decorator.decorator, cst.Call):
        kwargs = module.kwargs(decorator.decorator)
        if {"description", "description_override", "desc"} & set(kwargs):
            return True
        positional = [a for a in decorator.decorator.args if a.keyword is None]
        return len(positional) >= 2  # claude_agent_sdk @tool("name", "description", {schema})
    return False


@python_check
class ToolSpecs(PythonCheck):
    """Tools declared as data: JSON-schema dicts with name, description and input schema (Anthropic, OpenAI chat
    and Responses, MCP shapes); framework tools whose decorator/docstring/signature produce the schema; tool
    classes with name and description; spec classes (a dataclass with name, description and schema fields);
    tools registered on an MCP server (`server.add_tool(fn, name=...)`); Agents SDK `agent.as_tool(...)`;
    anthropic SDK tool objects (`BetaLocalFilesystemMemoryTool()`, `async_mcp_tool(t, session)`); Claude Agent
    SDK options that choose the session's tools (allowed/disallowed tools, tools, MCP servers, sub-agents).
    `ClaudeAgentOptions` that configure no tool is not evidence: the project declares nothing. Weak when the
    description is missing."""

    id = "p1.tool-specs"
    emits = ("P1/tool-specs",)
    POSITIVE = (
        Example("""
TOOLS = [{
    "name": "run_shell",
    "description": "Run a shell command.",
    "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}},
}]
""", strength="full", line=2, message="1 JSON-schema tool spec(s) with name and input schema"),
        Example("""
from langchain_core.tools import tool

@tool
def search(query: str) -> str:
    \"\"\"Search the web for a query.\"\"\"
    return ""
""", strength="full"),
        Example("""
from claude_agent_sdk import tool

@tool("greet", "Greet a user by name", {"name": str})
async def greet(args):
    return {"content": [{"type": "text", "text": f"Hello, {args['name']}"}]}
""", strength="full"),
        Example("""
from crewai.tools import BaseTool
from pydantic import BaseModel

class Query(BaseModel):
    q: str

class SearchTool(BaseTool):
    name: str = "search"
    description: str = "Search the docs."
    args_schema: type[BaseModel] = Query
    def _run(self, q: str) -> str:
        return ""
""", strength="full"),
        Example("""
from dataclasses import dataclass
@dataclass
class ToolSpec:
    name: str
    description: str
    input_schema: dict
    handler: object
""", strength="full"),
        Example("""
from agents import function_tool

@function_tool
def fetch(url: str) -> str:
    return ""
""", strength="weak"),
        Example("""
from claude_agent_sdk import ClaudeAgentOptions
options = ClaudeAgentOptions(allowed_tools=["Read", "Grep"])
""", strength="full"),
        # OpenAI Responses API function tools (flat: type, name, description, parameters).
        Example("""
TOOLS = [{"type": "function", "name": "lookup_order", "description": "Find an order by id.",
          "parameters": {"type": "object", "properties": {"order_id": {"type": "string"}}, "required": ["order_id"]}}]
""", strength="full"),
        # FastMCP programmatic registration: name from the call, description and schema from the function.
        Example("""
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

def build(files):
    server = FastMCP("files")
    for fn in (files.read_file, files.write_file):
        server.add_tool(fn, name=fn.__name__, annotations=ToolAnnotations(readOnlyHint=False))
    return server
""", strength="full"),
        # Agents SDK: a sub-agent exposed as a tool with its own name and description.
        Example("""
from agents import Agent
translator = Agent(name="translator", instructions="Translate to French.")
orchestrator = Agent(name="orchestrator", instructions="Use your tools.",
                     tools=[translator.as_tool(tool_name="to_french", tool_description="Translate to French")])
""", strength="full"),
        # anthropic SDK ready-made tool for the tool runner.
        Example("""
from anthropic import Anthropic
from anthropic.lib.tools import BetaLocalFilesystemMemoryTool
client = Anthropic()
memory = BetaLocalFilesystemMemoryTool(base_path="./memory")
runner = client.beta.messages.tool_runner(model="claude-sonnet-4-5", max_tokens=1024, tools=[memory], messages=[])
""", strength="full"),
        # Chat completions tools built from pydantic models.
        Example("""
import openai
from pydantic import BaseModel

class GetWeather(BaseModel):
    \"\"\"Get the current weather for a city.\"\"\"
    city: str

TOOLS = [openai.pydantic_function_tool(GetWeather)]
""", strength="full"),
    )
    NEGATIVE = (
        # A function dict with no schema is not a spec.
        """
def run(cmd): ...
TOOL_FUNCTIONS = {"run": run}
""",
        # An empty placeholder class.
        """
class ToolSpec:
    pass
""",
        # A config dict with a name but no schema.
        'SETTINGS = {"name": "bot", "model": "gpt-4o"}\n',
        # Claude Agent SDK options that choose no tool: the CLI's default toolset, nothing declared here.
        """
from claude_agent_sdk import ClaudeAgentOptions, query

async def can_use_tool(tool_name, tool_input, context):
    return PermissionResultAllow()

options = ClaudeAgentOptions(can_use_tool=can_use_tool, permission_mode="default", system_prompt="Be careful.")
""",
        # add_tool on something that is not a tool holder (a plain list-like object of the project).
        """
class Menu:
    def add_tool(self, item): ...
menu = Menu()
menu.add_tool("hammer")
""",
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        specs = spec_dicts(module)
        if specs:
            described = [s for s in specs if any(isinstance(e, cst.DictElement) and string_value(e.key) == "description"
                                                 for e in s.elements)]
            out.evidence("P1", "tool-specs", specs[0], f"{len(specs)} JSON-schema tool spec(s) with name and input schema",
                         "full" if described else "weak")
        for tool in tool_functions(module):
            if isinstance(tool.node, cst.FunctionDef):
                decorator = tool_decorator(module, tool.node)
                if decorator is None:
                    continue
                strength = "full" if _described(module, tool.node, decorator) else "weak"
                out.evidence("P1", "tool-specs", decorator, f"{tool.how} tool {tool.name} (schema from signature)", strength)
            else:
                has = {a for a in ("name", "description") if class_attr(tool.node, a) is not None}
                if "description" in has or _has_docstring_class(tool.node):
                    out.evidence("P1", "tool-specs", tool.node, f"tool class {tool.name} with name/description", "full")
        for call in module.calls:
            self._wrapper(module, call, out)
            self._registered(module, call, out)
            server_option = tool_server_option(module, call)
            if server_option:
                out.evidence("P1", "tool-specs", call, f"tools from {server_option} (each MCP tool has a name, "
                             "description and input schema)")
            configured = claude_tool_options(module, call)
            if configured:
                out.evidence("P1", "tool-specs", call, f"Claude Code tools chosen by {', '.join(configured)} "
                             "(name, description, schema in the CLI or the MCP server)")
        for cls in module.classes:
            fields = _field_names(cls)
            if "name" in fields and "description" in fields and fields & _SCHEMA_FIELDS:
                out.evidence("P1", "tool-specs", cls, f"spec class {cls.name.value} ({', '.join(sorted(fields))})", "full")

    def _registered(self, module: PythonModule, call: cst.Call, out: FactWriter) -> None:
        """`server.add_tool(fn, name=..., description=...)` on an MCP server; `agent.as_tool(name, description)`;
        anthropic SDK tool objects."""
        holder = registration_call(module, call)
        if holder is not None:
            kwargs = module.kwargs(call)
            target = module.arg(call, 0, "fn")
            local = module.function_named(target.value) if isinstance(target, cst.Name) else None
            # the function's docstring is the description; a computed function is given the benefit of the doubt
            described = "description" in kwargs or local is None or _has_docstring(local)
            out.evidence("P1", "tool-specs", call, f"{holder.rsplit('.', 1)[-1]}.{call_tail(call)}() derives name, "
                         "description and input schema from the function", "full" if described else "weak")
            return
        if call_tail(call) == "as_tool" and module.imports_any(*frameworks.packages("openai-agents")):
            described = module.arg(call, 1, "tool_description") is not None
            out.evidence("P1", "tool-specs", call, "agent exposed as a tool (as_tool: name, description, input schema)",
                         "full" if described else "weak")
            return
        leaf = anthropic_tool_object(module, call)
        if leaf is not None:
            out.evidence("P1", "tool-specs", call, f"anthropic SDK tool {leaf} (name, description, input schema)")
            return
        if call_tail(call) == "pydantic_function_tool" and frameworks.framework("openai").owns(call_name(module, call)):
            model = module.arg(call, 0, "model")
            cls = next((c for c in module.classes if isinstance(model, cst.Name) and c.name.value == model.value), None)
            described = "description" in module.kwargs(call) or cls is None or _has_docstring_class(cls)
            out.evidence("P1", "tool-specs", call, "openai.pydantic_function_tool: name, description and schema from "
                         "a pydantic model", "full" if described else "weak")

    def _wrapper(self, module: PythonModule, call: cst.Call, out: FactWriter) -> None:
        """FunctionTool(name=..., description=..., params_json_schema=...), StructuredTool.from_function(...)."""
        leaf = call_name(module, call).rsplit(".", 1)[-1]
        if not framework_call(module, call):
            return
        if leaf.endswith("Tool") and leaf not in ("FunctionTool", "StructuredTool", "Tool", "BaseTool"):
            # a ready-made framework tool (ShellTool, QueryEngineTool, PythonCodeExecutionTool) carries its own spec
            out.evidence("P1", "tool-specs", call, f"framework tool object {leaf}")
            return
        if leaf not in ("from_defaults", "from_function", "FunctionTool", "StructuredTool", "Tool"):
            return
        kwargs = module.kwargs(call)
        strength = "full" if "description" in kwargs else "weak"
        out.evidence("P1", "tool-specs", call, f"framework tool object {module.code(call, 60)}", strength)


def _has_docstring_class(cls: cst.ClassDef) -> bool:
    body = cls.body.body
    return bool(body) and isinstance(body[0], cst.SimpleStatementLine) and isinstance(body[0].body[0], cst.Expr) \
        and isinstance(body[0].body[0].value, (cst.SimpleString, cst.ConcatenatedString))


def _field_names(cls: cst.ClassDef) -> set[str]:
    names = set()
    for statement in cls.body.body:
        if isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    names.add(small.target.value)
    return names
