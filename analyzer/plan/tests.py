"""Suggested pytest files: the rubric's tests for each upgrade step, naming the project's own code."""

from __future__ import annotations

import ast

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from analyzer.facts.model import Symbol
from analyzer.judge.scope import Scope
from analyzer.plan.runnable_tests import runnable_tests
from analyzer.plan.targets import harness_symbols, primitive_targets
from analyzer.domain import SuggestedTest, UpgradeStep
from analyzer.resources import data_dir
from analyzer.rubric import Rubric

# Every generated test file says so near its top (templates/tests/guardrail_tests.py.j2), which is how
# `--emit-tests` tells its own earlier output (replaced freely) from a user's test (kept without --force).
GENERATED_MARK = "Suggested by harness-audit"


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
    symbols = harness_symbols(scope)
    result = []
    for step in steps:
        primitive = rubric.primitive(step.primitive)
        targets = primitive_targets(symbols, primitive.id)
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
