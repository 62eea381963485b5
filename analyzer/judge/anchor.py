"""Where a missing or partial primitive's finding points: the place its fix goes.

A repository-level finding must sit on code someone can change, never on an import or on
line 1 of a file while the project has an agent loop, a dispatcher or a model call. In order:

1. the agent loop (a function whose loop calls the model),
2. the dispatcher (where tool calls are routed),
3. in the first file that calls a model or uses an agent framework, its first piece of agent
   code that is not an import (evidence, then hits, exposures, symbols): the facts carry no
   line for the model call itself, and the code where the agent is put together (the call's
   `tools=`, the framework's agent constructor) is where a budget, a gate or a log is wired in;
   a file with nothing but imports is passed over,
4. the tool registry,
5. the first agent file, line 1, when nothing else is known.

A partial primitive points at its evidence, the part the fix extends: full-strength evidence
first, then weak; with only imports and line-1 evidence it points where an absent one would.
"""

from __future__ import annotations

from dataclasses import dataclass

from analyzer.facts.model import FileFacts
from analyzer.judge.scope import Scope
from analyzer.domain import Verdict

_IMPORT_PREFIXES = ("import ", "from ")


@dataclass(frozen=True)
class Anchor:
    path: str
    line: int
    place: str  # where the fix goes, for the message: "the agent loop `Agent.run`"


def is_import(snippet: str) -> bool:
    return snippet.lstrip().startswith(_IMPORT_PREFIXES)


def project_anchor(scope: Scope) -> Anchor:
    for role, place in (("agent-loop", "the agent loop"), ("dispatcher", "the dispatcher")):
        symbol = _first_symbol(scope, role)
        if symbol is not None:
            return Anchor(symbol.path, symbol.line, f"{place} `{symbol.name}`")
    agent_files = [f for f in scope.code if _is_agent_file(f)]
    for facts in agent_files:
        line = _first_agent_line(facts)
        if line:
            return Anchor(facts.path, line, f"the agent code in {facts.path}")
    registry = _first_symbol(scope, "registry")
    if registry is not None:
        return Anchor(registry.path, registry.line, f"the tool registry `{registry.name}`")
    first = (agent_files or scope.code or [None])[0]
    if first is None:
        return Anchor(".", 1, "the agent code")
    return Anchor(first.path, 1, f"the agent code in {first.path}")


def primitive_anchor(scope: Scope, verdict: Verdict, fallback: Anchor) -> Anchor:
    """A partial primitive's first evidence off an import line and past line 1, full strength
    before weak; an absent one's, or one whose evidence is all imports, is `fallback`."""
    if verdict.status != "partial":
        return fallback
    snippets = {(e.path, e.line, e.component, e.detail): e.snippet for f in scope.code for e in f.evidence}
    for item in sorted(verdict.evidence, key=lambda e: (e.strength != "full", e.path, e.line)):
        if item.line > 1 and not is_import(snippets.get((item.path, item.line, item.component, item.detail), "")):
            return Anchor(item.path, item.line, f"{item.path}:{item.line}")
    return fallback


def _first_symbol(scope: Scope, role: str):
    symbols = sorted(s for f in scope.code for s in f.symbols if s.role == role)
    return symbols[0] if symbols else None


def _is_agent_file(facts: FileFacts) -> bool:
    return "model-call" in facts.signals or any(s.startswith("framework:") for s in facts.signals)


def _first_agent_line(facts: FileFacts) -> int:
    """The line of the file's first piece of agent code that is not an import nor line 1.

    Evidence comes first, in primitive order: the tool specs and registry of P1 sit on the
    model call's `tools=` or the framework's agent constructor, where the agent is put together."""
    candidates = [*sorted(facts.evidence), *sorted(facts.hits), *sorted(facts.exposures)]
    lines = [x.line for x in candidates if not is_import(x.snippet)] + [s.line for s in sorted(facts.symbols)]
    return next((line for line in lines if line > 1), 0)
