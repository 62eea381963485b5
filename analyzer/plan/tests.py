"""Suggested pytest files: the rubric's tests for each upgrade step, naming the project's own code."""

from __future__ import annotations

import ast

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analyzer.facts.model import Symbol
from analyzer.judge.scope import Scope
from analyzer.parse.python import module_name
from analyzer.plan.runnable_tests import runnable_tests
from analyzer.domain import SuggestedTest, UpgradeStep
from analyzer.resources import data_dir
from analyzer.rubric import Rubric

# Every generated test file says so near its top (templates/tests/guardrail_tests.py.j2), which is how
# `--emit-tests` tells its own earlier output (replaced freely) from a user's test (kept without --force).
GENERATED_MARK = "Suggested by harness-audit"

# Which parts of the harness a primitive's tests exercise, most useful first.
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


def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(data_dir("templates"))),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=False,
    )


def suggested_tests(rubric: Rubric, steps: list[UpgradeStep], scope: Scope, anatomy: dict | None = None
                    ) -> list[SuggestedTest]:
    """The described tests of each upgrade step, then the tests that run the agent (analyzer/plan/runnable_tests.py)."""
    environment = _environment()
    template = environment.get_template("tests/guardrail_tests.py.j2")
    symbols = sorted({s for f in scope.code for s in f.symbols} | _evidence_symbols(scope),
                     key=lambda s: (s.path, s.line, s.name))
    result = []
    for step in steps:
        primitive = rubric.primitive(step.primitive)
        targets = _targets(symbols, ROLES_BY_PRIMITIVE.get(primitive.id, ("agent-loop",)))
        file_name = f"test_harness_{primitive.id.lower()}_{primitive.slug.replace('-', '_')}.py"
        described = [_target(s) for s in targets]
        imports = sorted({(t["module"], t["import_name"]) for t in described if t["importable"]})
        code = template.render(
            primitive=primitive,
            imports=imports,
            targets=described,
            tests=primitive.tests,
            status=step.status,
        )
        ast.parse(code)  # a template bug must never hand the user a file that does not parse
        for test in primitive.tests:
            result.append(SuggestedTest(primitive.id, f"test_{test.name}", test.checks, file_name, code))
    return result + runnable_tests(environment, scope, anatomy or {})


# The part of the harness a piece of evidence lives in, named for the tests that exercise it.
_ROLE_OF_EVIDENCE = {"P1": "registry", "P2": "permission-gate", "P3": "session-store", "P4": "workflow",
                     "P5": "budget", "P7": "event-log", "P11": "permission-gate"}


def _evidence_symbols(scope: Scope) -> set[Symbol]:
    """Functions and classes that already hold part of a primitive (even a partial one)."""
    found = set()
    for evidence in scope.evidence():
        role = _ROLE_OF_EVIDENCE.get(evidence.primitive)
        if role and evidence.owner and scope.is_used(evidence) and not evidence.owner.startswith("_"):
            found.add(Symbol(role, evidence.owner, module_name(evidence.path), evidence.path, evidence.line))
    return found


def _targets(symbols: list[Symbol], roles: tuple[str, ...]) -> list[Symbol]:
    chosen: list[Symbol] = []
    for role in roles:
        chosen += [s for s in symbols if s.role == role and s not in chosen][:2]
    return chosen[:4]


def _target(symbol: Symbol) -> dict:
    top = symbol.name.split(".")[0]
    importable = bool(symbol.module) and all(part.isidentifier() for part in symbol.module.split("."))
    return {
        "role": symbol.role,
        "name": symbol.name,
        "import_name": top,
        "module": symbol.module,
        "importable": importable,
        "path": symbol.path,
        "line": symbol.line,
    }
