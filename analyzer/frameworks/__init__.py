"""Framework knowledge, one module per framework (`openai_agents.py`, `crewai.py`, ...), each defining
`FRAMEWORK = Framework(...)` (see `model.py`). The checks read the table only through the look-ups below,
so adding a framework is one new module with its example (tests/test_frameworks.py checks the example is
recognised).

Look-ups merge entries the way the checks ask: by package (`packages("langgraph", "langchain")`), by idiom
across every framework (`turn_limit_options()`), or by constructor leaf (`role_constructors()`)."""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from analyzer.frameworks.model import (
    AGENT_FRAMEWORK, MODEL_CLIENT, TOOL_LIBRARY, Framework, LimitOption, RoleConstructor, TeamConstruct,
)

__all__ = ["AGENT_FRAMEWORK", "MODEL_CLIENT", "TOOL_LIBRARY", "Framework", "LimitOption", "RoleConstructor",
           "TeamConstruct", "all_frameworks", "framework", "packages"]


class FrameworkTableError(Exception):
    """A framework module is malformed (no FRAMEWORK, a duplicate id)."""


@lru_cache(maxsize=None)
def all_frameworks() -> tuple[Framework, ...]:
    """Every entry, in module-name order (deterministic)."""
    found: list[Framework] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name == "model":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        entry = getattr(module, "FRAMEWORK", None)
        if not isinstance(entry, Framework):
            raise FrameworkTableError(f"{module.__name__}: no FRAMEWORK = Framework(...)")
        found.append(entry)
    ids = [f.id for f in found]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise FrameworkTableError(f"framework ids defined twice: {', '.join(duplicates)}")
    return tuple(found)


def framework(framework_id: str) -> Framework:
    for entry in all_frameworks():
        if entry.id == framework_id:
            return entry
    raise KeyError(framework_id)


def packages(*framework_ids: str) -> tuple[str, ...]:
    """The import roots of these frameworks, in the order asked."""
    return tuple(p for i in framework_ids for p in framework(i).packages)


def _of_kind(kind: str) -> tuple[Framework, ...]:
    return tuple(f for f in all_frameworks() if f.kind == kind)


def _every(field: str) -> tuple:
    """Every item of one field, over all entries in table order."""
    return tuple(item for f in all_frameworks() for item in getattr(f, field))


def _packages_declaring(field: str, *, with_companions: bool = True) -> tuple[str, ...]:
    """The packages of the entries whose `field` is filled in."""
    return tuple(p for f in all_frameworks() if getattr(f, field)
                 for p in (f.all_packages if with_companions else f.packages))


@lru_cache(maxsize=None)
def agent_framework_packages() -> tuple[str, ...]:
    """Packages of every agent framework and its companions: their constructors hold tools as objects."""
    return tuple(p for f in _of_kind(AGENT_FRAMEWORK) for p in f.all_packages)


@lru_cache(maxsize=None)
def signal_frameworks() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Signal id -> (packages, names whose use shows an agent is built); entries reported as one id merge."""
    merged: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for entry in all_frameworks():
        if not entry.signal_names:
            continue
        roots, names = merged.get(entry.signal_id, ((), ()))
        merged[entry.signal_id] = (roots + entry.packages,
                                   names + tuple(n for n in entry.signal_names if n not in names))
    return merged


def _limits(entry: Framework, options: tuple[LimitOption, ...]):
    return tuple((o.packages or entry.packages, o.tails, o.keywords, o.positional) for o in options)


@lru_cache(maxsize=None)
def turn_limit_options() -> tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], int | None], ...]:
    """(packages, call tails, keywords, positional index or None) of every framework's turn limit."""
    return tuple(row for f in all_frameworks() for row in _limits(f, f.turn_limits))


@lru_cache(maxsize=None)
def token_limit_options() -> tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...]:
    """(packages, call tails, keywords) of every framework's token or cost budget; no keywords: the call is one."""
    return tuple(row[:3] for f in all_frameworks() for row in _limits(f, f.token_limits))


@lru_cache(maxsize=None)
def recursion_limit_packages() -> tuple[str, ...]:
    return _packages_declaring("recursion_limit", with_companions=False)


@lru_cache(maxsize=None)
def limit_errors() -> frozenset[str]:
    return frozenset(_every("limit_errors"))


@lru_cache(maxsize=None)
def limit_markers() -> frozenset[str]:
    return frozenset(_every("limit_markers"))


@lru_cache(maxsize=None)
def agent_run_calls() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """(packages, call tails) of the calls that run a whole framework agent."""
    return tuple((f.packages, f.run_calls) for f in _of_kind(AGENT_FRAMEWORK) if f.run_calls)


@lru_cache(maxsize=None)
def role_constructors() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Constructor leaf -> (packages, prompt keywords), merged over the frameworks that share the leaf
    (`Agent` of the Agents SDK, CrewAI, pydantic-ai, Agno and ADK)."""
    merged: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for entry in all_frameworks():
        for role in entry.roles:
            roots, keywords = merged.get(role.leaf, ((), ()))
            merged[role.leaf] = (roots + entry.packages,
                                 keywords + tuple(k for k in role.prompt_keywords if k not in keywords))
    return merged


@lru_cache(maxsize=None)
def code_running_roles() -> frozenset[str]:
    return frozenset(r.leaf for f in all_frameworks() for r in f.roles if r.runs_code)


@lru_cache(maxsize=None)
def team_leaves() -> frozenset[str]:
    """Calls that split work among agents whatever they are given."""
    return frozenset(t.leaf for f in all_frameworks() for t in f.teams if not t.min_members)


@lru_cache(maxsize=None)
def counted_teams() -> dict[str, tuple[str, int]]:
    """Leaf -> (members keyword, how many members make it multi-agent) (`Crew(agents=[a, b])`)."""
    return {t.leaf: (t.members, t.min_members) for f in all_frameworks() for t in f.teams if t.min_members}


@lru_cache(maxsize=None)
def team_member_lists() -> dict[str, tuple[str, str]]:
    """Leaf -> (package, the argument listing the member agents)."""
    return {t.leaf: (t.package, t.members) for f in all_frameworks() for t in f.teams if t.members}


@lru_cache(maxsize=None)
def tool_enforcing() -> frozenset[str]:
    """Framework ids and team packages whose agents get only the tools in their own lists."""
    return frozenset({f.id for f in all_frameworks() if f.enforces_role_tools}
                     | {t.package for f in all_frameworks() if f.enforces_role_tools for t in f.teams if t.members})


@lru_cache(maxsize=None)
def multi_agent_roots() -> frozenset[str]:
    """First segments of the packages whose calls can split work among agents."""
    roots: set[str] = set()
    for entry in all_frameworks():
        own = entry.subagent_keywords or any(t.package in entry.packages for t in entry.teams)
        roots.update(p.split(".")[0] for p in (entry.packages if own else ()))
        roots.update(t.package.split(".")[0] for t in entry.teams)
    return frozenset(roots)


@lru_cache(maxsize=None)
def subagent_keywords() -> tuple[str, ...]:
    """Keywords through which a framework agent is handed other agents (not the Claude options' `agents=`)."""
    return tuple(k for f in all_frameworks() if not f.options_classes for k in f.subagent_keywords)


@lru_cache(maxsize=None)
def model_clients() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Provider id -> (call-name suffixes of a model call, packages)."""
    return {f.id: (f.model_call_suffixes, f.packages) for f in _of_kind(MODEL_CLIENT) if f.model_call_suffixes}


@lru_cache(maxsize=None)
def chat_model_classes() -> tuple[str, ...]:
    return _every("chat_model_classes")


@lru_cache(maxsize=None)
def code_executors() -> dict[str, str]:
    """Leaf -> exposure kind of every framework class or tool that runs code or commands."""
    return {leaf: kind for f in all_frameworks() for leaf, kind in f.code_executors.items()}


@lru_cache(maxsize=None)
def code_executor_packages() -> tuple[str, ...]:
    return _packages_declaring("code_executors")


@lru_cache(maxsize=None)
def tool_decorators() -> frozenset[str]:
    return frozenset(_every("tool_decorators"))


@lru_cache(maxsize=None)
def tool_classes() -> frozenset[str]:
    return frozenset(_every("tool_classes"))


@lru_cache(maxsize=None)
def tool_wrappers() -> frozenset[str]:
    """Leaves of the calls that wrap a function into a tool (`from_defaults`, `StructuredTool`, `Tool`)."""
    return frozenset(w.rsplit(".", 1)[-1] for w in _every("tool_wrappers"))


@lru_cache(maxsize=None)
def tool_class_packages() -> tuple[str, ...]:
    return _packages_declaring("tool_classes")


@lru_cache(maxsize=None)
def tool_server_keywords() -> tuple[str, ...]:
    return _every("tool_server_keywords")
