"""Which facts count: test files, agent detection, and code that nothing uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.facts.model import Evidence, FileFacts

_TEST_PATH = re.compile(r"(^|/)(tests?|testing)/|(^|/)test_[^/]*\.py$|_test\.py$|(^|/)conftest\.py$")
# Entry points are run by name from outside Python (console scripts, __main__ guards, servers).
_ENTRY_POINTS = frozenset({"main", "cli", "app", "run", "handler", "lambda_handler", "serve", "create_app"})
# Signals any one of which makes a file agent code.
_AGENT_SIGNALS = ("model-call", "agent-harness", "agent-config")


def is_test_path(path: str) -> bool:
    return bool(_TEST_PATH.search(path))


@dataclass
class Scope:
    """The facts of one project, split into what the agent runs and what its tests do."""

    files: list[FileFacts]
    code: list[FileFacts] = field(default_factory=list)  # analysed, non-test files
    tests: list[FileFacts] = field(default_factory=list)
    references: set[str] = field(default_factory=set)
    tool_names: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        for facts in self.files:
            if facts.skipped:
                continue
            (self.tests if is_test_path(facts.path) else self.code).append(facts)
        for facts in self.code:
            self.references |= facts.references
            self.tool_names |= facts.tool_names

    @property
    def signals(self) -> set[str]:
        return set().union(*(f.signals for f in self.code)) if self.code else set()

    @property
    def agent_detected(self) -> bool:
        signals = self.signals
        if any(s in signals for s in _AGENT_SIGNALS) or any(s.startswith("framework:") for s in signals):
            return True
        # A harness with no live model: a tool registry and a dispatch path.
        roles = {s.role for f in self.code for s in f.symbols}
        return bool(self.tool_names) and "dispatcher" in roles

    @property
    def frameworks(self) -> list[str]:
        found = {s.split(":", 1)[1] for s in self.signals if s.startswith(("framework:", "provider:"))}
        return sorted(found)

    def is_used(self, evidence: Evidence) -> bool:
        """Evidence counts only in code the project reaches: its owner is referenced somewhere."""
        owner = evidence.owner
        if not owner or owner in _ENTRY_POINTS or owner.startswith("__"):
            return True
        if is_test_path(evidence.path):  # test functions are run by the test runner, never referenced
            return True
        return owner in self.references

    def evidence(self) -> list[Evidence]:
        """Evidence that may count: from code files, plus guardrail tests from test files."""
        items = [e for f in self.code for e in f.evidence]
        items += [e for f in self.tests for e in f.evidence if e.primitive == "P8" and e.component == "guardrail-tests"]
        return sorted(set(items))
