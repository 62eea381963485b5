"""One ruling per finding: suppressed, policy-dropped, baselined or kept, each with its reason."""

from __future__ import annotations

from analyzer.audit import AuditOptions, collect_facts, judge_facts
from analyzer.finding_filter import BASELINED, DROPPED, KEPT, SUPPRESSED, filter_findings
from analyzer.policy import Policy
from analyzer.rubric import load_rubric
from tests.ci.helpers import AGENT

LOOP = "    while True:\n"


def _judged(tmp_path, text: str):
    """The findings judged on the agent without directives, and the facts of `text` (the same
    agent with a directive on the loop's line): findings not yet ruled on, directives to apply."""
    rubric = load_rubric()
    (tmp_path / "agent.py").write_text(AGENT, encoding="utf-8")
    findings = judge_facts(rubric, collect_facts([tmp_path], AuditOptions()), AuditOptions()).findings
    (tmp_path / "agent.py").write_text(text, encoding="utf-8")
    return rubric, collect_facts([tmp_path], AuditOptions()), findings


def _outcomes(filtered) -> dict[str, tuple[str, str]]:
    return {d.finding.rule: (d.outcome, d.reason) for d in filtered.decisions}


def test_each_finding_gets_one_outcome_and_its_reason(tmp_path):
    text = AGENT.replace(LOOP, "    while True:  # harness-audit: ignore[HA101] the queue drains\n")
    rubric, facts, findings = _judged(tmp_path, text)
    shell = next(f for f in findings if f.rule == "HA103")
    policy = Policy(ignore=("P3",), severity=(("HA101", "low"),))
    filtered = filter_findings(findings, facts, rubric, policy, baseline=frozenset({shell.id}))
    outcomes = _outcomes(filtered)
    assert outcomes["HA101"] == (SUPPRESSED, "the queue drains")
    assert outcomes["HA103"] == (BASELINED, "listed in the baseline")
    assert outcomes["P3"] == (DROPPED, "ignored (P3)")
    assert KEPT in {outcome for outcome, _ in outcomes.values()}
    loop = next(f for f in filtered.reported if f.rule == "HA101")
    assert (loop.severity, loop.suppressed, loop.suppression_reason) == ("low", True, "the queue drains")
    assert shell.id not in {f.id for f in filtered.reported} and shell.id in {f.id for f in filtered.judged}
    assert filtered.baselined == 1
    assert "P3" not in {f.rule for f in filtered.judged}


def test_select_keeps_only_what_it_names_and_a_directive_cannot_hide_its_own_notice(tmp_path):
    text = AGENT.replace(LOOP, "    while True:  # harness-audit: ignore[HA101]\n")
    rubric, facts, findings = _judged(tmp_path, text)
    filtered = filter_findings(findings, facts, rubric, Policy(select=("HA101", "HA001")))
    assert {(d.finding.rule, d.outcome) for d in filtered.decisions if d.outcome != DROPPED} == {
        ("HA101", SUPPRESSED), ("HA001", KEPT)}
    assert all(reason == "not selected (HA101, HA001)" for outcome, reason in _outcomes(filtered).values()
               if outcome == DROPPED)
