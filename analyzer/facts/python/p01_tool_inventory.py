"""P1 inventory: the functions a file registers as tools and the functions that dispatch a model's tool
call by name. Facts for the judge (tool names, symbols), not evidence."""

from __future__ import annotations


from analyzer.facts.check import Example, FactWriter, PythonCheck, python_check
from analyzer.facts.python.tools import dispatcher_functions, imported_tool_names, tool_functions, tool_names_declared
from analyzer.parse.python import PythonModule


@python_check
class ToolInventory(PythonCheck):
    """Functions the file registers as tools (framework decorators, tool classes, tools= lists, name->function
    dicts, registry.register(fn), getattr prefixes, schema names) and the functions that dispatch a model's
    tool call by name (`TOOLS[name](**args)`, `handlers.get(name)`, `getattr(self, f"tool_{name}")`,
    `registry.execute(name, args)`, `if name == "x": ...` chains)."""

    id = "p1.tool-inventory"
    emits = ("tool", "symbol:tool", "symbol:dispatcher")
    POSITIVE = (
        Example("""
from agents import Agent, function_tool

@function_tool
def get_weather(city: str) -> str:
    \"\"\"Return the weather for a city.\"\"\"
    return "sunny"

agent = Agent(name="Weather", tools=[get_weather])
""", expect="symbol:tool", line=5, message="get_weather"),
        Example("""
def run_shell(command): ...
def read_file(path): ...
TOOL_FUNCTIONS = {"run_shell": run_shell, "read_file": read_file}

def execute_tool(name, tool_input):
    return TOOL_FUNCTIONS[name](**tool_input)
""", expect="symbol:dispatcher"),
        Example("""
class Tools:
    def tool_search(self, query): ...
    def run(self, call):
        return getattr(self, f"tool_{call.name}")(**call.arguments)
""", expect="symbol:tool"),
        Example("""
from mcp.server.fastmcp import FastMCP
mcp = FastMCP("files")

@mcp.tool()
def list_files(folder: str) -> list[str]:
    \"\"\"List files in a folder.\"\"\"
    return []
""", expect="tool"),
        Example("""
async def handle(name, args):
    if name == "read_file":
        return read_file(args["path"])
    elif name == "write_file":
        return write_file(args["path"], args["content"])
""", expect="symbol:dispatcher"),
        # Methods registered on an MCP server through a catalogue loop are tools.
        Example("""
from mcp.server.fastmcp import FastMCP

class Workspace:
    def read_file(self, path: str) -> str:
        \"\"\"Read a file.\"\"\"
        return open(path).read()

def build_server(ws: Workspace) -> FastMCP:
    server = FastMCP("workspace")
    for fn, hints in [(ws.read_file, READ_ONLY)]:
        server.add_tool(fn, name=fn.__name__, annotations=hints)
    return server
""", expect="symbol:tool"),
        # Responses API loop handing each function_call item to a runner in another module.
        Example("""
import json
from openai import OpenAI
from .tools import TOOLS, execute

client = OpenAI()

def step(items):
    response = client.responses.create(model="gpt-4.1", input=items, tools=TOOLS)
    for item in response.output:
        if item.type == "function_call":
            output = execute(item.name, json.loads(item.arguments))
            items.append({"type": "function_call_output", "call_id": item.call_id, "output": output})
""", expect="symbol:dispatcher"),
        # Specs registered from a catalogue in a loop: the functions inside the specs are tools.
        Example("""
def read_file(path: str) -> str: ...

SPECS = [ToolSpec("read_file", "Read a file", {"type": "object"}, handler=read_file)]

def build_registry(registry):
    for spec in SPECS:
        registry.register(spec)
""", expect="symbol:tool"),
        # A match statement on the function call's name.
        Example("""
def run_call(item, args):
    match item.name:
        case "read_file":
            return read_file(args["path"])
        case "write_file":
            return write_file(args["path"], args["content"])
        case _:
            return f"unknown tool {item.name}"
""", expect="symbol:dispatcher"),
    )
    NEGATIVE = (
        # A dict of CLI commands that nothing dispatches by a computed name.
        """
def show_help(): ...
def quit_app(): ...
COMMANDS = {"help": show_help, "quit": quit_app}
""",
        # Indexing data by a loop variable is not a dispatch.
        """
def total(rows):
    out = 0
    for i in range(len(rows)):
        out += rows[i]
    return out
""",
        # A bare @tool decorator nobody imported or defined is not a framework tool.
        Example("""
@tool
def helper(x):
    return x
""", expect="symbol:tool"),
        # Running a CI job by its name is not a tool dispatch (no model, no tool in sight).
        Example("""
def run_pipeline(jobs):
    for job in jobs:
        execute(job.name, job.env)
""", expect="symbol:dispatcher"),
        # A match on a CLI sub-command is not a tool dispatch.
        Example("""
def main(args):
    match args.cmd:
        case "serve":
            serve(args.port)
        case "migrate":
            migrate(args.db)
""", expect="symbol:dispatcher"),
    )

    def run(self, module: PythonModule, out: FactWriter) -> None:
        for tool in tool_functions(module):
            out.tool(tool.name)
            out.symbol("tool", tool.node)
        for name in tool_names_declared(module) | imported_tool_names(module):
            out.tool(name)
        for function in dispatcher_functions(module):
            out.symbol("dispatcher", function)
