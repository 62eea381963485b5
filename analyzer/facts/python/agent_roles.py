"""Agent roles in one file: the role definitions (framework agent constructors, hand-written role registries)
and the agents an orchestrating file runs or composes. Not a check; memoised on the module."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from analyzer import frameworks
from analyzer.facts.python.tools import call_name, decorator_name
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

# Role constructors: leaf -> (packages, keywords that give the role its own prompt).
_ROLE_CONSTRUCTORS = frameworks.role_constructors()
# Roles whose tool list is not a boundary: a code agent runs whatever Python the model writes.
CODE_RUNNING = frameworks.code_running_roles()
# Compositions that split work among agents.
TEAMS = frameworks.team_leaves()
# Frameworks that give each agent only the tools it was built with.
ENFORCING = frameworks.tool_enforcing()
_PROMPT_FIELDS = {"prompt", "system_prompt", "system", "instructions", "system_message"}
_TOOL_FIELDS = {"tools", "allowed_tools", "tool_names", "allowed"}


@dataclass(frozen=True)
class Role:
    node: cst.Call
    kind: str  # the constructor leaf
    tools: str  # source of its tool list ("" when none is given)


def roles(module: PythonModule) -> list[Role]:
    """Role definitions in this file, one per distinct role: the same agent written out twice (once per example
    function, say) is one role."""
    if "p12_roles" in module.memo:
        return module.memo["p12_roles"]
    found, seen = [], set()
    for call in module.calls:
        name = call_name(module, call)
        leaf = name.rsplit(".", 1)[-1]
        spec = _ROLE_CONSTRUCTORS.get(leaf)
        if spec is None or not any(name.startswith(p + ".") for p in spec[0]):
            continue
        kwargs = module.kwargs(call)
        if not set(kwargs) & set(spec[1]):
            continue
        identity = (leaf,) + tuple(module.code(kwargs[k], 200) for k in ("name",) + spec[1] + ("tools",) if k in kwargs)
        if identity in seen or _guardrail_only(module, call):
            continue
        seen.add(identity)
        tools = kwargs.get("tools")
        found.append(Role(call, leaf, module.code(tools, 200) if tools is not None else ""))
    module.memo["p12_roles"] = found
    return found


_GUARDRAIL_DECORATORS = frameworks.framework("openai-agents").guardrails


def _guardrail_only(module: PythonModule, call: cst.Call) -> bool:
    """An agent run only inside `@input_guardrail` / `@output_guardrail` functions screens content for another
    agent; it is a check, not a role the work is split among."""
    statement = module.statement_of(call)
    targets = {t.target.value for a in find_all(statement, cst.Assign) for t in a.targets if isinstance(t.target, cst.Name)}
    if len(targets) != 1:
        return False
    name = targets.pop()
    uses = [n for n in module.find_all(cst.Name) if n.value == name and module.statement_of(n) is not statement]
    return bool(uses) and all(_in_guardrail(module, n) for n in uses)


def _in_guardrail(module: PythonModule, node: cst.CSTNode) -> bool:
    function = module.enclosing_function(node)
    return function is not None and any(
        decorator_name(module, d).rsplit(".", 1)[-1] in _GUARDRAIL_DECORATORS for d in function.decorators)


# Where an orchestrating file names the agents it runs or composes (leaf -> how the agents are passed).
_AGENTS_SDK = frameworks.framework("openai-agents")
_SDK_RUNS = {f"{p}.{tail}" for p in _AGENTS_SDK.packages for tail in _AGENTS_SDK.run_calls}  # agents.Runner.run(agent, x)
# Frameworks whose agents are built from their own classes (an agent imported from them is no project module).
_AGENT_PACKAGES = frameworks.packages("openai-agents", "crewai", "autogen")
_TEAM_LISTS = frameworks.team_member_lists()


@dataclass(frozen=True)
class Composition:
    """Agents a file runs or composes (defined here or imported from the project's own modules)."""

    node: cst.CSTNode  # the first place an agent is run or composed
    agents: tuple[str, ...]  # distinct agents, clones folded into the agent they copy
    framework: str
    own_tools: str  # how the file gives roles different tools ("" when it does not show)
    separate: bool  # at least two agents come from separate definitions (their own modules or builders)


def _definition(module: PythonModule, name: str) -> str | None:
    """Where an agent is defined: the project module it is imported from, or the local builder that makes it."""
    origin = module.imports.get(name)
    if origin is not None:
        top = origin.lstrip(".").split(".")[0]
        return origin if origin.startswith(".") or top not in _AGENT_PACKAGES else None
    for value in module.assignments.get(name, []):
        if isinstance(value, cst.Call) and module.function_named(call_tail(value)) is not None:
            return call_tail(value)
    return None


def composition(module: PythonModule) -> Composition | None:
    """`Runner.run(planner, ...)`, `Runner.run(writer, ...)`, `analyst.as_tool(...)`, `writer.clone(tools=[...])`,
    `handoffs=[a, b]`, `Crew(agents=[a, b])`, `RoundRobinGroupChat([a, b])`: the agents the work is split among."""
    if "p12_composition" in module.memo:
        return module.memo["p12_composition"]
    used: dict[str, cst.CSTNode] = {}
    framework, own_tools = "", ""

    def base(node: cst.BaseExpression | None) -> str | None:
        """The agent a name stands for: `writer_with_tools = writer.clone(...)` folds into `writer`."""
        for _ in range(3):
            if not isinstance(node, cst.Name):
                return None
            values = module.assignments.get(node.value, [])
            clone = next((v for v in values if isinstance(v, cst.Call) and call_tail(v) == "clone"
                          and isinstance(v.func, cst.Attribute)), None)
            if clone is None:
                return node.value
            node = clone.func.value  # type: ignore[union-attr]
        return None

    def add(node: cst.BaseExpression | None, where: cst.CSTNode) -> None:
        name = base(node)
        if name and name not in used:
            used[name] = where

    agents_sdk = module.imports_any(*_AGENTS_SDK.packages)
    for call in module.calls:
        name = call_name(module, call)
        leaf = name.rsplit(".", 1)[-1]
        kwargs = module.kwargs(call)
        if agents_sdk and name in _SDK_RUNS:
            if not _in_guardrail(module, call):
                add(module.arg(call, 0, "starting_agent"), call)
                framework = _AGENTS_SDK.id
        elif agents_sdk and leaf in ("as_tool", "clone") and isinstance(call.func, cst.Attribute):
            add(call.func.value, call)
            framework = _AGENTS_SDK.id
            if leaf == "as_tool" or "tools" in kwargs:
                own_tools = own_tools or f"{module.code(call, 60)}"
        elif agents_sdk and leaf == "handoff" and _AGENTS_SDK.owns(name):
            add(module.arg(call, 0, "agent"), call)
            framework = _AGENTS_SDK.id
        elif leaf in _TEAM_LISTS and name.startswith(_TEAM_LISTS[leaf][0] + "."):
            members = module.arg(call, 0, _TEAM_LISTS[leaf][1])
            for element in (members.elements if isinstance(members, (cst.List, cst.Tuple)) else ()):
                add(element.value, call)  # type: ignore[union-attr]
            framework = framework or _TEAM_LISTS[leaf][0]
        handoffs = next((kwargs[k] for k in _AGENTS_SDK.subagent_keywords if k in kwargs), None)
        if agents_sdk and isinstance(handoffs, (cst.List, cst.Tuple)):
            for element in handoffs.elements:
                add(element.value, call)
            framework = _AGENTS_SDK.id
    found = None
    if len(used) >= 2:
        first = min(used.values(), key=module.line)
        defined = {_definition(module, name) for name in used} - {None}
        found = Composition(first, tuple(used), framework, own_tools, len(defined) >= 2)
    module.memo["p12_composition"] = found
    return found


def raw_role_registry(module: PythonModule) -> cst.Dict | None:
    """`ROLES = {"explore": {"prompt": ..., "tools": [...]}, "plan": {...}}` written by hand."""
    for node in module.find_all(cst.Dict):
        entries = [e for e in node.elements if isinstance(e, cst.DictElement) and isinstance(e.value, (cst.Dict, cst.Call))]
        typed = 0
        for entry in entries:
            value = entry.value
            keys = ({string_value(e.key) for e in value.elements if isinstance(e, cst.DictElement)}
                    if isinstance(value, cst.Dict) else set(module.kwargs(value)))
            if keys & _PROMPT_FIELDS and keys & _TOOL_FIELDS:
                typed += 1
        if typed >= 2:
            return node
    return None


def role_filter(module: PythonModule) -> cst.CSTNode | None:
    """Tools filtered by the role's own list: `[t for t in TOOLS if t["name"] in role["tools"]]` or
    `if name not in role.allowed_tools: refuse`."""
    for compare in module.find_all(cst.Comparison):
        for target in compare.comparisons:
            if isinstance(target.operator, (cst.In, cst.NotIn)):
                text = module.code(target.comparator)
                if any(f in text for f in ("tools", "allowed")) and any(w in text.lower() for w in ("role", "agent", "type", "profile")):
                    return compare
    return None
