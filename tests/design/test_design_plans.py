"""Design mode over our prompt set: profiles, selections, phases, dependencies, pushback."""

from __future__ import annotations

import pytest

from design_cases import CASES, Case

from analyzer.design.profile import derive_profile

IDS = tuple(f"P{n}" for n in range(1, 13))


def _phase(plan: dict, pid: str) -> int | None:
    return next((p["phase"] for p in plan["primitives"] if p["id"] == pid), None)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_plan_matches_expectations(case: Case, plan_for):
    plan = plan_for(case.prompt)
    profile = plan["profile"]
    risks = tuple(a["risk"] for a in profile["actions"])
    expect = case.expect
    if "shape" in expect:
        assert plan["shape"] == expect["shape"], profile["shape"]["reason"]
    if "risks" in expect:
        assert risks == expect["risks"]
    for risk in expect.get("has_risks", ()):
        assert risk in risks, profile["actions"]
    for risk in expect.get("lacks_risks", ()):
        assert risk not in risks, profile["actions"]
    for key, field in (("autonomy", "autonomy"), ("session", "session_length"), ("scale", "scale"),
                       ("multi_agent", "multi_agent")):
        if key in expect:
            assert profile[field]["value"] == expect[key], profile[field]["reason"]
    phase_one = [p["id"] for p in plan["primitives"] if p["phase"] == 1]
    if "phase1" in expect:
        assert tuple(phase_one) == expect["phase1"]
    for pid in expect.get("in_phase1", ()):
        assert pid in phase_one, phase_one
    for pid in expect.get("selected", ()):
        assert _phase(plan, pid) is not None, f"{pid} should be selected"
    for pid in expect.get("not_selected", ()):
        assert _phase(plan, pid) is None, f"{pid} should be deferred"
    if "pushback" in expect:
        assert bool(plan["pushback"]) is expect["pushback"], plan["pushback"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_plan_is_well_formed(case: Case, plan_for, rubric):
    plan = plan_for(case.prompt)
    selected = {p["id"]: p["phase"] for p in plan["primitives"]}
    deferred = {d["id"] for d in plan["deferred"]}
    assert set(selected) | deferred == set(IDS) and not set(selected) & deferred
    assert all(isinstance(p, int) and not isinstance(p, bool) and p >= 1 for p in selected.values())
    numbers = [ph["number"] for ph in plan["phases"]]
    assert numbers == list(range(1, len(numbers) + 1)), "phases are numbered 1..n with no gaps"
    assert sorted(set(selected.values())) == numbers
    for pid, phase in selected.items():
        for dependency in rubric.primitive(pid).depends_on:
            assert dependency in selected, f"{pid} selected without its dependency {dependency}"
            assert selected[dependency] <= phase, f"{pid} lands before its dependency {dependency}"
    for item in plan["primitives"]:
        primitive = rubric.primitive(item["id"])
        assert item["why"].startswith(" ".join(primitive.summary.split())), "why starts from the rubric"
        assert "For this agent: " in item["why"] and len(item["why"]) > len(primitive.summary) + 20
    for item in plan["deferred"]:
        assert item["trigger"].strip() and item["reason"].strip()
    for phase in plan["phases"]:
        assert phase["title"] and phase["deliverables"] and phase["verification"]
        for deliverable in phase["deliverables"]:
            assert deliverable["steps"] == list(rubric.primitive(deliverable["primitive"]).upgrade)
        rubric_tests = {f"test_{t.name}": t.checks for p in rubric.primitives for t in p.tests}
        for check in phase["verification"]:
            assert rubric_tests[check["test"]] == check["checks"]
            assert selected[check["primitive"]] <= phase["number"]
    assert plan["assumptions"] and all(isinstance(a, str) for a in plan["assumptions"])
    assert all(isinstance(s, str) and s.endswith(".") for s in plan["pushback"])


def test_one_agent_bias_never_selects_agent_types(plan_for):
    for case in CASES:
        assert _phase(plan_for(case.prompt), "P12") is None, case.name


def test_multi_agent_pushback_explains_and_points_at_phase_one(plan_for, rubric):
    plan = plan_for(next(c.prompt for c in CASES if c.name == "swarm"))
    text = " ".join(plan["pushback"])
    assert "one agent" in text
    assert rubric.primitive("P12").title in text
    first = [p["id"] for p in plan["primitives"] if p["phase"] == 1]
    assert all(f"{pid} {rubric.primitive(pid).title}" in text for pid in first), "names what to build first"
    assert '"self-improving"' in text
    assert "before their sessions survive a crash and their tools pass a gate" in text  # Simplicity, from HA251
    deferred = {d["id"]: d for d in plan["deferred"]}
    assert "one agent" in deferred["P12"]["trigger"]


def test_small_read_only_bot_gets_small_plan(plan_for):
    plan = plan_for("A small read-only bot that answers questions from our FAQ page.")
    assert [p["id"] for p in plan["primitives"] if p["phase"] == 1] == list(("P1", "P5", "P7", "P8"))
    assert len(plan["primitives"]) <= 5
    assert plan["pushback"] == []


def test_dependencies_are_pulled_forward(rubric):
    """A primitive the policy defers is still built first when a selected one depends on it."""
    from analyzer.design.policy import Need
    from analyzer.design.select import _phases

    needs = {p.id: Need(None, "x", "y") for p in rubric.primitives}
    needs["P10"] = Need(1, "long sessions")
    phase, pulled = _phases(rubric, needs)
    assert phase == {"P10": 1, "P3": 1, "P5": 1}
    assert pulled == {"P3": "P10", "P5": "P10"}


@pytest.mark.parametrize("prompt, negated", [
    ("A bot with no payments, refunds or deletions.", ("money", "destructive")),
    ("It never deletes anything and does not send emails.", ("destructive", "external-send")),
    ("Deleting records is not allowed; payments are out of scope.", ("destructive", "money")),
    ("A read-only assistant that explains our billing and refund rules.", ("money", "mutating")),
    ("Answers questions about refunds and payment status.", ("money",)),
])
def test_negated_and_topical_mentions_are_not_actions(prompt, negated):
    profile = derive_profile(prompt)
    assert not set(negated) & set(profile.risks), profile.actions
    assert profile.ignored or profile.constraints


def test_negation_does_not_leak_across_sentences():
    profile = derive_profile("No login needed. It deletes old records every night.")
    assert "destructive" in profile.risks
    assert derive_profile("Support bot. No refunds. Sends a follow-up email.").has("external-send")


def test_without_approval_means_autonomous_and_approval_means_human():
    assert derive_profile("Deletes stale tickets without approval.").autonomy.value == "autonomous"
    assert derive_profile("Deletes stale tickets after a manager approval.").autonomy.value == "human-in-the-loop"


def test_every_value_has_a_reason_and_assumptions_are_listed():
    profile = derive_profile("Help me.")
    for trait in (profile.shape, profile.autonomy, profile.session_length, profile.scale, profile.users):
        assert trait.reason
    assumed = [t for t in (profile.shape, profile.autonomy, profile.session_length, profile.scale, profile.users)
               if t.assumed]
    assert assumed and len(profile.assumptions) >= len(assumed)
    assert set(profile.open_questions) >= {"actions", "autonomy", "session_length", "scale", "users"}
