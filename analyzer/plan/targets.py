"""The parts of the audited harness a primitive's fix and tests touch: its loop, dispatcher, registry, gate...

Both the upgrade path (which function to change) and the suggested tests (what to import and
exercise) name the project's own code from here.
"""

from __future__ import annotations

from analyzer.facts.model import Symbol
from analyzer.judge.scope import Scope
from analyzer.parse.python import module_name

# Which parts of the harness a primitive's fix and tests touch, most useful first.
ROLES_BY_PRIMITIVE = {
    "P1": ("registry", "dispatcher", "tool"),
    "P2": ("permission-gate", "dispatcher", "tool"),
    "P3": ("session-store", "agent-loop"),
    "P4": ("workflow", "agent-loop"),
    "P5": ("budget", "agent-loop"),
    "P6": ("agent-loop",),
    "P7": ("event-log", "dispatcher", "agent-loop"),
    "P8": ("agent-loop", "dispatcher"),
    "P9": ("registry", "agent-loop"),
    "P10": ("agent-loop", "session-store"),
    "P11": ("permission-gate", "dispatcher"),
    "P12": ("agent-loop", "registry"),
}

# The part of the harness a piece of evidence lives in, named for the code that holds it.
_ROLE_OF_EVIDENCE = {"P1": "registry", "P2": "permission-gate", "P3": "session-store", "P4": "workflow",
                     "P5": "budget", "P7": "event-log", "P11": "permission-gate"}


def harness_symbols(scope: Scope) -> list[Symbol]:
    """Every named part of the harness: the checks' symbols and the owners of used evidence."""
    return sorted({s for f in scope.code for s in f.symbols} | _evidence_symbols(scope),
                  key=lambda s: (s.path, s.line, s.name))


def primitive_targets(symbols: list[Symbol], primitive_id: str, limit: int = 4) -> list[Symbol]:
    """Up to two symbols per role the primitive touches, most useful role first."""
    chosen: list[Symbol] = []
    for role in ROLES_BY_PRIMITIVE.get(primitive_id, ("agent-loop",)):
        chosen += [s for s in symbols if s.role == role and s not in chosen][:2]
    return chosen[:limit]


def _evidence_symbols(scope: Scope) -> set[Symbol]:
    """Functions and classes that already hold part of a primitive (even a partial one)."""
    found = set()
    for evidence in scope.evidence():
        role = _ROLE_OF_EVIDENCE.get(evidence.primitive)
        if role and evidence.owner and scope.is_used(evidence) and not evidence.owner.startswith("_"):
            found.add(Symbol(role, evidence.owner, module_name(evidence.path), evidence.path, evidence.line))
    return found
