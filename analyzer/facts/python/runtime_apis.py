"""Framework APIs the run-time checks (P3-P8, P10) recognise, as data.

Each entry was checked against the installed package (agents 0.24, claude_agent_sdk 0.2,
langgraph 1.2, langchain 1.4, pydantic_ai 2.68, smolagents 1.26, crewai 1.15, autogen 0.7,
llama_index 0.14). Rows are (packages, call tails, keywords...): a call counts when its
resolved dotted name starts with one of the packages and ends with one of the tails.
"""

from __future__ import annotations

import libcst as cst

from analyzer.facts.python.loops import framework_calls, is_none, keyword_value
from analyzer.facts.python.shape import callers_closure, functions_calling_model
from analyzer.parse.python import PythonModule, call_tail, find_all, string_value

AGENTS = ("agents",)
CLAUDE = ("claude_agent_sdk", "claude_code_sdk")
PYDANTIC_AI = ("pydantic_ai",)
SMOL = ("smolagents",)
CREW = ("crewai",)
AUTOGEN = ("autogen_agentchat", "autogen_ext", "autogen_core")
AUTOGEN_LEGACY = ("autogen", "ag2")
LANGCHAIN = ("langchain", "langchain_classic", "langchain_core", "langchain_community")
LANGGRAPH = ("langgraph",)
LLAMA = ("llama_index",)

# (packages, tails, keywords, positional index of the limit or None)
FRAMEWORK_TURN_LIMITS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int | None], ...] = (
    (AGENTS, ("Runner.run", "Runner.run_sync", "Runner.run_streamed"), ("max_turns",), None),
    (CLAUDE, ("ClaudeAgentOptions", "ClaudeCodeOptions"), ("max_turns",), None),
    (PYDANTIC_AI, ("UsageLimits",), ("request_limit", "tool_calls_limit"), None),
    (SMOL, ("CodeAgent", "ToolCallingAgent", "MultiStepAgent", ".run"),
     ("max_steps",), None),
    (CREW, ("Agent", "LiteAgent"), ("max_iter",), None),
    (AUTOGEN, ("MaxMessageTermination",), ("max_messages",), 0),
    (AUTOGEN, ("RoundRobinGroupChat", "SelectorGroupChat", "Swarm", "MagenticOneGroupChat", "GraphFlow"),
     ("max_turns",), None),
    (AUTOGEN, ("AssistantAgent",), ("max_tool_iterations",), None),
    (AUTOGEN_LEGACY, ("ConversableAgent", "AssistantAgent", "UserProxyAgent"), ("max_consecutive_auto_reply",), None),
    (AUTOGEN_LEGACY, ("GroupChat",), ("max_round",), None),
    (AUTOGEN_LEGACY, (".initiate_chat", ".run", ".a_initiate_chat"), ("max_turns",), None),
    (LANGCHAIN, ("AgentExecutor", "AgentExecutor.from_agent_and_tools", "initialize_agent"), ("max_iterations",), None),
    (LANGCHAIN, ("ModelCallLimitMiddleware", "ToolCallLimitMiddleware"), ("run_limit", "thread_limit"), None),
    (("anthropic",), ("tool_runner",), ("max_iterations",), None),  # client.beta.messages.tool_runner
    (LLAMA, ("ReActAgent", "FunctionAgent", "CodeActAgent", "AgentWorkflow", "ReActAgent.from_tools",
             "OpenAIAgent.from_tools", "AgentRunner", "FunctionCallingAgent.from_tools", ".run"),
     ("max_iterations",), None),
)

# (packages, tails, keywords): the call sets a token or cost budget. No keywords: the call is one.
FRAMEWORK_TOKEN_LIMITS: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (CLAUDE, ("ClaudeAgentOptions", "ClaudeCodeOptions"), ("max_budget_usd", "task_budget")),
    (PYDANTIC_AI, ("UsageLimits",), ("total_tokens_limit", "input_tokens_limit", "output_tokens_limit",
                                     "request_tokens_limit", "response_tokens_limit", "cost_limit",
                                     "per_request_input_tokens_limit")),
    (AUTOGEN, ("TokenUsageTermination",), ()),
)

# Exceptions and result markers a framework gives when a limit is hit; handling one is a
# structured stop instead of a crash.
LIMIT_EXCEPTIONS = {
    "MaxTurnsExceeded", "UsageLimitExceeded", "GraphRecursionError", "ModelCallLimitExceededError",
    "ToolCallLimitExceededError", "AgentMaxStepsError", "RecursionLimitError",
}
LIMIT_MARKERS = {"error_max_turns", "error_max_budget_usd", "max_steps_error", "max_turns"}


# Calls that run a whole agent (a framework's own loop), by package.
AGENT_RUNS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (AGENTS, ("Runner.run", "Runner.run_sync", "Runner.run_streamed")),
    (CLAUDE, ("query", ".query", ".receive_response")),
    (PYDANTIC_AI, (".run", ".run_sync", ".run_stream")),
    (SMOL, (".run",)),
    (CREW, (".kickoff", ".kickoff_async")),
    (LANGGRAPH + LANGCHAIN, (".invoke", ".ainvoke")),
)


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
    if not module.imports_any(*LANGGRAPH, *LANGCHAIN):
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


_MEMORY_SAVERS = ("MemorySaver", "InMemorySaver")


def langgraph_saver_kind(module: PythonModule, call: cst.Call) -> str | None:
    """"durable" / "memory" for a LangGraph checkpointer construction, else None."""
    name = module.call_name(call)
    if not name.startswith(LANGGRAPH) and not name.startswith("langgraph_checkpoint"):
        return None
    parts = name.split(".")
    saver = next((p for p in reversed(parts) if p.endswith("Saver")), None)
    if saver is None:
        return None
    if saver in _MEMORY_SAVERS:
        return "memory"
    return None if saver == "BaseCheckpointSaver" else "durable"  # Sqlite/Postgres/Redis/Mongo/... savers
