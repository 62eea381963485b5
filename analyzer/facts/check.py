"""The shape of a check: a small class that reads one parsed file and writes facts.

Like a Fixit rule, every check carries its own proof: POSITIVE snippets that must produce
its facts and NEGATIVE snippets that must not. `tests/test_check_examples.py` runs them all.

Fact keys, used by `emits` and by examples:
  "P5/turn-limit"     evidence for a rubric component
  "HA101"             a line-level rule hit
  "exposure:shell"    a side effect the code reaches
  "signal:model-call" a project-level signal
  "symbol:dispatcher" a named part of the harness
  "tool"              a function registered as a tool
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterable

import libcst as cst

from analyzer.facts.model import Evidence, Exposure, FileFacts, Hit, Symbol

if TYPE_CHECKING:
    from analyzer.parse.python import PythonModule


@dataclass(frozen=True)
class Example:
    """A snippet and the fact it must (POSITIVE) or must not (NEGATIVE) produce.

    `expect` defaults to "any of the check's `emits`". `path` lets an example stand in a
    test file or a package. `strength` pins full/weak evidence.
    """

    code: str
    expect: str | None = None
    strength: str | None = None
    path: str = "agent.py"


class FactWriter:
    """What a check uses to record facts for one file; stamps each with the check's id."""

    def __init__(self, module: "PythonModule", facts: FileFacts, check_id: str):
        self.module, self.facts, self.check_id = module, facts, check_id

    def _snippet(self, node: cst.CSTNode) -> str:
        return self.module.line_text(self.module.line(node))

    def evidence(self, primitive: str, component: str, node: cst.CSTNode, detail: str, strength: str = "full") -> None:
        self.facts.evidence.append(Evidence(
            primitive=primitive,
            component=component,
            path=self.module.path,
            line=self.module.line(node),
            detail=detail,
            strength=strength,
            check=self.check_id,
            owner=self.module.owner(node),
            snippet=self._snippet(node),
        ))

    def exposure(self, kind: str, node: cst.CSTNode, detail: str, functions: Iterable[str] = (), in_tool: bool = False) -> None:
        self.facts.exposures.append(Exposure(
            kind=kind,
            path=self.module.path,
            line=self.module.line(node),
            detail=detail,
            functions=tuple(sorted(set(functions))),
            in_tool=in_tool,
            snippet=self._snippet(node),
        ))

    def hit(self, rule: str, node: cst.CSTNode, detail: str) -> None:
        function = self.module.enclosing(node, cst.FunctionDef)
        self.facts.hits.append(Hit(
            rule=rule,
            path=self.module.path,
            line=self.module.line(node),
            detail=detail,
            symbol=self.module.qualname(function) if function is not None else "",
            snippet=self._snippet(node),
        ))

    def symbol(self, role: str, node: cst.FunctionDef | cst.ClassDef) -> None:
        from analyzer.parse.python import module_name

        self.facts.symbols.append(Symbol(
            role=role,
            name=self.module.qualname(node),
            module=module_name(self.module.path),
            path=self.module.path,
            line=self.module.line(node),
        ))

    def signal(self, name: str) -> None:
        self.facts.signals.add(name)

    def tool(self, name: str) -> None:
        self.facts.tool_names.add(name)


class PythonCheck:
    """Base class: set `id`, `emits`, `POSITIVE`, `NEGATIVE`; implement `run`."""

    id: ClassVar[str]
    emits: ClassVar[tuple[str, ...]]
    POSITIVE: ClassVar[tuple[Example | str, ...]] = ()
    NEGATIVE: ClassVar[tuple[Example | str, ...]] = ()

    def run(self, module: "PythonModule", out: FactWriter) -> None:
        raise NotImplementedError


PYTHON_CHECKS: list[type[PythonCheck]] = []


def python_check(cls: type[PythonCheck]) -> type[PythonCheck]:
    """Register a check class (decorator)."""
    for index, existing in enumerate(PYTHON_CHECKS):
        if existing.id != cls.id:
            continue
        if (existing.__module__, existing.__qualname__) != (cls.__module__, cls.__qualname__):
            raise ValueError(f"duplicate check id {cls.id}: {existing.__module__} and {cls.__module__}")
        PYTHON_CHECKS[index] = cls  # the same module imported again (e.g. after a failed import)
        return cls
    PYTHON_CHECKS.append(cls)
    return cls


def fact_keys(facts: FileFacts) -> dict[str, set[str]]:
    """Every fact in `facts` as key -> strengths ("full"/"weak"; "-" for non-evidence)."""
    keys: dict[str, set[str]] = {}

    def add(key: str, strength: str = "-") -> None:
        keys.setdefault(key, set()).add(strength)

    for item in facts.evidence:
        add(f"{item.primitive}/{item.component}", item.strength)
    for item in facts.hits:
        add(item.rule)
    for item in facts.exposures:
        add(f"exposure:{item.kind}")
    for name in facts.signals:
        add(f"signal:{name}")
    for item in facts.symbols:
        add(f"symbol:{item.role}")
    if facts.tool_names:
        add("tool")
    return keys

