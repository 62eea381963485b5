"""The run-time checks' (P3-P8, P10) view of the framework table (`analyzer/frameworks/`): package roots,
limit options, the calls that run an agent. The knowledge itself lives in one module per framework."""

from __future__ import annotations

import libcst as cst

from analyzer import frameworks
from analyzer.facts.python.loops import framework_calls, is_none, keyword_value
from analyzer.facts.python.shape import callers_closure, functions_calling_model
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

AGENTS = frameworks.packages("openai-agents")
CLAUDE = frameworks.packages("claude-agent-sdk")
PYDANTIC_AI = frameworks.packages("pydantic-ai")
SMOL = frameworks.packages("smolagents")
CREW = frameworks.packages("crewai")
AUTOGEN = frameworks.packages("autogen")
AUTOGEN_LEGACY = frameworks.packages("ag2")
LANGCHAIN = frameworks.packages("langchain")
LANGGRAPH = frameworks.packages("langgraph")
LLAMA = frameworks.packages("llamaindex")

# (packages, tails, keywords, positional index of the limit or None)
FRAMEWORK_TURN_LIMITS = frameworks.turn_limit_options()
# (packages, tails, keywords): the call sets a token or cost budget. No keywords: the call is one.
FRAMEWORK_TOKEN_LIMITS = frameworks.token_limit_options()
# Exceptions and result markers a framework gives when a limit is hit; handling one is a
# structured stop instead of a crash.
LIMIT_EXCEPTIONS = frameworks.limit_errors() | {"RecursionLimitError"}  # the last: hand-written graph runners
LIMIT_MARKERS = frameworks.limit_markers()
# Calls that run a whole agent (a framework's own loop), by package.
AGENT_RUNS = frameworks.agent_run_calls()


def functions_running_agents(module: PythonModule) -> set[str]:
    """Names of functions of this file that call a model or run a framework agent, directly or
    through each other (`_verify_report` awaiting `Runner.run(verifier_agent, ...)`)."""
    if "agent_run_functions" in module.memo:
        return module.memo["agent_run_functions"]
    found = set(functions_calling_model(module))
    for packages, tails in AGENT_RUNS:
        for call in framework_calls(module, packages, tails):
            function = module.enclosing_function(call)
            if function is not None:
                found.add(function.name.value)
    found = callers_closure(module, found)
    module.memo["agent_run_functions"] = found
    return found


def configured_recursion_limits(module: PythonModule) -> list[tuple[cst.CSTNode, str]]:
    """LangGraph/LangChain `recursion_limit` set in a config dict, `with_config` or `RunnableConfig`."""
    if not module.imports_any(*frameworks.recursion_limit_packages()):
        return []
    found: list[tuple[cst.CSTNode, str]] = []
    for element in module.find_all(cst.DictElement):
        if string_value(element.key) == "recursion_limit" and not is_none(element.value):
            found.append((element, f"recursion_limit={module.code(element.value, 30)} caps graph steps"))
    for call in module.calls:
        if call_tail(call) in ("with_config", "RunnableConfig") and keyword_value(module, call, "recursion_limit"):
            found.append((call, "recursion_limit set on the runnable caps graph steps"))
    return found


def has_framework_turn_limit(module: PythonModule) -> bool:
    if "framework_turn_limit" not in module.memo:
        found = bool(configured_recursion_limits(module))
        for packages, tails, keywords, positional in FRAMEWORK_TURN_LIMITS:
            for call in framework_calls(module, packages, tails):
                if keyword_value(module, call, *keywords) is not None or (
                        positional is not None and module.arg(call, positional) is not None):
                    found = True
        module.memo["framework_turn_limit"] = found
    return bool(module.memo["framework_turn_limit"])



def string_keys(node: cst.CSTNode) -> set[str]:
    return {k for k in (string_value(e.key) for e in find_all(node, cst.DictElement)) if k}


_MEMORY_SAVERS = frameworks.framework("langgraph").memory_sessions


def langgraph_saver_kind(module: PythonModule, call: cst.Call) -> str | None:
    """"durable" / "memory" for a LangGraph checkpointer construction, else None."""
    name = module.call_name(call)
    if not name.startswith(LANGGRAPH):  # also langgraph_checkpoint_* packages
        return None
    parts = name.split(".")
    saver = next((p for p in reversed(parts) if p.endswith("Saver")), None)
    if saver is None:
        return None
    if saver in _MEMORY_SAVERS:
        return "memory"
    return None if saver == "BaseCheckpointSaver" else "durable"  # Sqlite/Postgres/Redis/Mongo/... savers
