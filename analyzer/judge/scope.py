"""Which facts count: test files, agent detection, and code that nothing uses."""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.discover import is_test_path
from analyzer.facts.model import Evidence, FileFacts
from analyzer.project.model import ProjectModel

# Signals any one of which makes a file agent code.
_AGENT_SIGNALS = ("model-call", "agent-harness", "agent-config")
# Plumbing only an agent harness has, and how many distinct primitives of it make a model-less project one.
_HARNESS_PLUMBING = frozenset({"P1", "P2", "P3", "P5", "P6", "P9", "P10", "P11"})
_HARNESS_PRIMITIVES_WITHOUT_MODEL = 4


@dataclass
class Scope:
    """The facts of one project, split into what the agent runs and what its tests do."""

    files: list[FileFacts]
    entry_hints: tuple[str, ...] = ()  # console scripts and graphs the project's config names
    code: list[FileFacts] = field(default_factory=list)  # analysed, non-test files
    tests: list[FileFacts] = field(default_factory=list)
    tool_names: set[str] = field(default_factory=set)
    memo: dict = field(default_factory=dict, repr=False)  # project-wide look-ups computed once (judge/gates.py)

    def __post_init__(self) -> None:
        for facts in self.files:
            if facts.skipped:
                continue
            (self.tests if is_test_path(facts.path) else self.code).append(facts)
        for facts in self.code:
            self.tool_names |= facts.tool_names
        self.model = ProjectModel([f.summary for f in self.code if f.summary is not None], self.entry_hints)

    @property
    def signals(self) -> set[str]:
        return set().union(*(f.signals for f in self.code)) if self.code else set()

    @property
    def agent_detected(self) -> bool:
        signals = self.signals
        if any(s in signals for s in _AGENT_SIGNALS) or any(s.startswith("framework:") for s in signals):
            return True
        # A harness with no live model (a port, a simulation, a query engine over a tool registry): a dispatch
        # path, and either a tool registry or the harness's own plumbing for several primitives.
        roles = {s.role for f in self.code for s in f.symbols}
        if "dispatcher" not in roles:
            return False
        # A name -> function table alone is any command router; tools are data (name, description, schema).
        specs = any(e.primitive == "P1" and e.component == "tool-specs" and self.is_used(e)
                    for f in self.code for e in f.evidence)
        return specs or len(self.harness_primitives()) >= _HARNESS_PRIMITIVES_WITHOUT_MODEL

    def harness_primitives(self) -> set[str]:
        """Primitives with evidence in reachable code (guardrail tests and the test suite left out)."""
        return {e.primitive for f in self.code for e in f.evidence
                if e.primitive in _HARNESS_PLUMBING and self.is_used(e)}

    @property
    def frameworks(self) -> list[str]:
        found = {s.split(":", 1)[1] for s in self.signals if s.startswith(("framework:", "provider:"))}
        return sorted(found)

    def is_used(self, evidence: Evidence) -> bool:
        """Evidence counts only in code reachable from an entry point (analyzer/project/model.py).
        Tests are their own scope (run by the test runner); files outside the model (configs) count."""
        if is_test_path(evidence.path):
            return True
        reachable = self.model.is_reachable(evidence.path, evidence.line)
        return True if reachable is None else reachable

    def refuted(self, evidence: Evidence) -> bool:
        """A permission decision whose deciding calls all resolve to functions that always allow."""
        return evidence.primitive == "P2" and evidence.component in ("gate", "approval", "classification") \
            and bool(self.model.only_allowing_calls(evidence.path, evidence.line))

    def counts(self, evidence: Evidence) -> bool:
        return self.is_used(evidence) and not self.refuted(evidence)

    def evidence(self) -> list[Evidence]:
        """Evidence that may count: from code files, plus guardrail tests from test files."""
        items = [e for f in self.code for e in f.evidence]
        items += [e for f in self.tests for e in f.evidence if e.primitive == "P8" and e.component == "guardrail-tests"]
        return sorted(set(items))
