"""The upgrade path is what to do first: the most urgent step first, a dependency moved ahead of the step
that needs it (saying so), rule hits counted, and each step naming the file and function to change."""

from __future__ import annotations

from analyzer.domain import Finding, Verdict
from analyzer.plan.upgrade import upgrade_path
from analyzer.rubric import load_rubric
from tests.conftest import ROOT, audit_json

RUBRIC = load_rubric()


def _verdict(pid: str, status: str) -> Verdict:
    p = RUBRIC.primitive(pid)
    return Verdict(p.id, p.slug, p.title, p.tier, status)


def _finding(rule: str, primitive: str, severity: str, line: int, suppressed: bool = False) -> Finding:
    return Finding(f"{rule}-{line}", rule, primitive, severity, f"title {rule}", "m", "agent.py", line,
                   f"fix {rule}", "high", suppressed=suppressed)


def test_a_critical_rule_hit_pulls_its_primitive_and_its_dependency_to_the_front():
    statuses = {p.id: "present" for p in RUBRIC.primitives} | {"P1": "partial", "P2": "partial", "P7": "absent"}
    verdicts = [_verdict(pid, status) for pid, status in statuses.items()]
    findings = [
        _finding("P7", "P7", "medium", 10),
        _finding("P1", "P1", "low", 5),
        _finding("P2", "P2", "medium", 20),     # the primitive's own finding is only medium...
        _finding("HA103", "P2", "critical", 30),  # ...but a shell tool has no gate
        _finding("HA101", "P5", "high", 40),      # P5 is present, yet its loop is unbounded
        _finding("HA102", "P5", "low", 41, suppressed=True),
    ]
    steps = upgrade_path(RUBRIC, verdicts, findings)
    assert [(s.primitive, s.status, s.severity) for s in steps] == [
        ("P1", "partial", "low"), ("P2", "partial", "critical"), ("P5", "present", "high"), ("P7", "absent", "medium")]
    registry, gate, budget, log = steps
    assert registry.needed_by == ["P2"] and registry.reason == "first: P2 permission-tiers (critical) needs it"
    assert gate.rules == ["HA103"] and gate.reason == "HA103 title HA103"
    assert gate.steps[0] == "fix HA103" and gate.steps[1:] == list(RUBRIC.primitive("P2").upgrade)
    assert budget.rules == ["HA101"] and budget.steps == ["fix HA101"]  # present: only the rule's fix
    assert log.needed_by == [] and log.reason == "no event-log"


def test_with_nothing_urgent_waiting_a_dependency_does_not_claim_to_be_needed_first():
    verdicts = [_verdict("P1", "partial"), _verdict("P2", "present"), _verdict("P9", "absent")]
    steps = upgrade_path(RUBRIC, verdicts, [_finding("P1", "P1", "medium", 1), _finding("P9", "P9", "low", 2)])
    assert [s.primitive for s in steps] == ["P1", "P9"]
    assert steps[0].needed_by == [] and steps[0].reason == "tool-registry is partial"


def test_each_step_names_the_function_to_change_in_the_audited_project():
    report = audit_json(ROOT / "examples" / "naive-loop")
    steps = {s["primitive"]: s for s in report["upgrade_path"]}
    assert [s["primitive"] for s in report["upgrade_path"][:3]] == ["P1", "P2", "P3"]
    assert steps["P2"]["where"][:2] == [
        {"path": "agent.py", "line": 49, "function": "bash", "what": "HA103"},
        {"path": "agent.py", "line": 74, "function": "main", "what": "dispatcher"}]
    assert steps["P5"]["where"] == [{"path": "agent.py", "line": 78, "function": "main", "what": "HA101"}]
    assert steps["P1"]["needed_by"] == ["P2", "P11"]
    assert all(step["where"] for step in report["upgrade_path"])
