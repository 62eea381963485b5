"""The shape of every check, whatever it reads: Python code, an agent config file, Markdown.

A check is a small class registered with `@python_check`, `@config_check` or
`@markdown_check` (all one registry, `register_check`). It declares its `id`, the fact keys it
`emits`, and, like a Fixit rule, carries its own proof: POSITIVE examples (file text) that must
produce one of its facts and NEGATIVE ones that must not. An example can pin the `line` and the
`message` (the fact's detail) it must produce, as Fixit's invalid examples do.
`tests/test_check_examples.py` runs every example of every check; `Check.facts_for` turns an
example into the facts of one file, the same way an audit does.

Fact keys, used by `emits` and by examples:
  "P5/turn-limit"     evidence for a rubric component (or a control an agent config sets)
  "HA101"             a line-level rule hit
  "exposure:shell"    a side effect the code reaches
  "signal:model-call" a project-level signal
  "symbol:dispatcher" a named part of the harness
  "tool"              a function registered as a tool
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Iterable

import libcst as cst

from analyzer.facts.model import Evidence, Exposure, FileFacts, Hit, Symbol

if TYPE_CHECKING:
    from analyzer.parse.python import PythonModule


@dataclass(frozen=True)
class Example:
    """A file's text and the fact it must (POSITIVE) or must not (NEGATIVE) produce.

    `expect` defaults to "any of the check's `emits`". `path` lets an example stand in a test
    file, a package or another config file (default: the check kind's `default_path`).
    `strength` pins full/weak evidence; `line` and `message` pin where the fact is and its
    detail, word for word (POSITIVE only).
    """

    code: str
    expect: str | None = None
    strength: str | None = None
    path: str | None = None
    line: int | None = None
    message: str | None = None


@dataclass(frozen=True, order=True)
class Fact:
    """One fact a check wrote, as examples see it."""

    key: str
    line: int = 0
    message: str = ""
    strength: str = "-"  # full / weak for evidence, "-" for everything else


class Check:
    """Base of every check: set `id`, `emits`, `POSITIVE`, `NEGATIVE` and a docstring saying what
    it looks for. The subclass for each kind of file says how an example becomes facts."""

    id: ClassVar[str]
    emits: ClassVar[tuple[str, ...]]
    kind: ClassVar[str]  # python | config | markdown
    default_path: ClassVar[str]
    POSITIVE: ClassVar[tuple[Example | str, ...]] = ()
    NEGATIVE: ClassVar[tuple[Example | str, ...]] = ()

    @classmethod
    def examples(cls, which: str) -> list[Example]:
        """POSITIVE or NEGATIVE, each as an `Example` with its path filled in."""
        found = []
        for example in getattr(cls, which):
            example = example if isinstance(example, Example) else Example(example)
            if example.path is None:
                example = Example(example.code, example.expect, example.strength, cls.default_path,
                                  example.line, example.message)
            found.append(example)
        return found

    @classmethod
    def facts_for(cls, example: Example) -> FileFacts:
        """The facts of a file holding `example` (dedented), analysed as an audit analyses a file
        of this kind, with only this check run."""
        from analyzer.facts.extract import EXTRACTORS

        return EXTRACTORS[cls.kind](textwrap.dedent(example.code), example.path or cls.default_path, [cls])


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


class PythonCheck(Check):
    """A check of one Python file: implement `run`, reading the parsed module."""

    kind = "python"
    default_path = "agent.py"

    def run(self, module: "PythonModule", out: FactWriter) -> None:
        raise NotImplementedError


CHECKS: list[type[Check]] = []  # every registered check, of every kind


def register_check(cls: type[Check]) -> type[Check]:
    """Register a check class (decorator). Ids are unique across every kind."""
    for index, existing in enumerate(CHECKS):
        if existing.id != cls.id:
            continue
        if (existing.__module__, existing.__qualname__) != (cls.__module__, cls.__qualname__):
            raise ValueError(f"duplicate check id {cls.id}: {existing.__module__} and {cls.__module__}")
        CHECKS[index] = cls  # the same module imported again (e.g. after a failed import)
        return cls
    CHECKS.append(cls)
    return cls


# One decorator, named for what it decorates.
python_check = config_check = markdown_check = register_check


def registered(kind: str) -> list[type[Check]]:
    """The registered checks of one kind, by id."""
    return sorted((c for c in CHECKS if c.kind == kind), key=lambda c: c.id)


def facts_written(facts: FileFacts) -> list[Fact]:
    """Every fact in `facts`, keyed as `emits` and examples name them."""
    found = [Fact(f"{e.primitive}/{e.component}", e.line, e.detail, e.strength) for e in [*facts.evidence, *facts.controls]]
    found += [Fact(h.rule, h.line, h.detail) for h in facts.hits]
    found += [Fact(f"exposure:{x.kind}", x.line, x.detail) for x in facts.exposures]
    found += [Fact(f"signal:{name}") for name in facts.signals]
    found += [Fact(f"symbol:{s.role}", s.line, s.name) for s in facts.symbols]
    found += [Fact("tool", 0, name) for name in facts.tool_names]
    found += [Fact(f"hook:{r.event}", r.line, r.command) for r in facts.hook_refs]
    return sorted(found)
