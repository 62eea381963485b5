"""Profile + rubric -> the plan: selected primitives in phases, deferred ones, pushback.

The policy (`policy.py`) says when each primitive is wanted; this module applies the rubric's
`depends_on` (a primitive never lands in an earlier phase than what it depends on: a needed
dependency is pulled forward to the phase that needs it), numbers the phases, and gathers
deliverables and verification from the rubric's `upgrade` steps and `tests`.
"""

from __future__ import annotations

import re
from typing import Any

from analyzer import __version__
from analyzer.design.policy import PHASE_TITLES, POLICY, TEST_ALSO_NEEDS, Need, side_effect_words
from analyzer.design.profile import Profile
from analyzer.design.specifics import for_this_agent
from analyzer.rubric import Primitive, Rubric

SCHEMA_VERSION = "harness-audit/design/v1"


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    found = re.match(r"(.+?[.!?])(\s|$)", text)
    return found.group(1) if found else text


def _needs(rubric: Rubric, profile: Profile) -> dict[str, Need]:
    needs = {}
    for primitive in rubric.primitives:
        rule = POLICY.get(primitive.id)
        # A primitive from an extra rubric file has no policy yet: say so rather than guess.
        needs[primitive.id] = rule(profile) if rule else Need(
            None, "design mode has no rule for it yet.", "you decide it belongs in this agent.")
    return needs


def _phases(rubric: Rubric, needs: dict[str, Need]) -> tuple[dict[str, int], dict[str, str]]:
    """Wanted phase per selected primitive, with dependencies pulled forward; and who pulled whom."""
    phase = {pid: need.phase for pid, need in needs.items() if need.phase is not None}
    pulled: dict[str, str] = {}
    changed = True
    while changed:
        changed = False
        for primitive in rubric.primitives:
            if primitive.id not in phase:
                continue
            for dependency in primitive.depends_on:
                if dependency not in phase or phase[dependency] > phase[primitive.id]:
                    if dependency not in phase:
                        pulled.setdefault(dependency, primitive.id)
                    phase[dependency] = phase[primitive.id]
                    changed = True
    return phase, pulled


def _verification(rubric: Rubric, primitive: Primitive, phase_of: dict[str, int]) -> list[tuple[int, dict]]:
    """(phase, item) per rubric test; a test that also needs a later primitive waits for it."""
    items = []
    for test in primitive.tests:
        also = [p for p in TEST_ALSO_NEEDS.get(test.name, ()) if p in rubric.ids]
        if any(p not in phase_of for p in also):
            continue
        when = max([phase_of[primitive.id]] + [phase_of[p] for p in also])
        items.append((when, {"primitive": primitive.id, "test": f"test_{test.name}", "checks": test.checks}))
    return items


SIMPLICITY_RULE = "HA251"  # the design-review rule whose message carries the Simplicity reasoning


def _simplicity(rubric: Rubric) -> list[str]:
    """The reasoning against coordination before foundations, worded once in the rubric (HA251)."""
    if SIMPLICITY_RULE not in {r.id for r in rubric.rules}:
        return []
    message = " ".join(rubric.rule(SIMPLICITY_RULE).message.split())
    start = message.find("Complexity before foundations")
    return [s for s in re.split(r"(?<=[.])\s+", message[start:]) if s] if start >= 0 else []


def _pushback(rubric: Rubric, profile: Profile, phase_of: dict[str, int]) -> list[str]:
    sentences: list[str] = []
    first = [p for p in rubric.primitives if phase_of.get(p.id) == 1]
    first_names = ", ".join(f"{p.id} {p.title}" for p in first)
    by_id = {p.id: p for p in rubric.primitives}
    if profile.multi_agent.value:
        split = by_id.get("P12")
        if split and split.id in phase_of:
            later = f" and adds {split.id} {split.title} in phase {phase_of[split.id]}, as the two typed roles its boundary needs."
        else:
            later = f" and defers {split.id} {split.title}." if split else "."
        sentences.append(f"The description {profile.multi_agent.reason}; this plan builds one agent first" + later)
        if split:
            sentences.append(_first_sentence(split.rationale))
        sentences.extend(_simplicity(rubric))
        sentences.append(f"Build phase 1 with a single agent first: {first_names}.")
        sentences.append("Split the work only when one agent with those foundations measurably cannot do it, "
                         "and then into a few typed roles with their own tool sets rather than a free-form swarm.")
    for phrase in profile.over_ambition:
        sentences.append(f'"{phrase}" is left out of this plan: an agent that changes its own tools or scope cannot '
                         "be gated or tested; start from a fixed set of declared, reviewed tools.")
    irreversible = tuple(r for r in ("destructive", "money") if profile.has(r))
    if profile.autonomy.value == "autonomous" and irreversible and "P2" in phase_of:
        gate = by_id["P2"]
        sentences.append(f"The description wants it autonomous ({profile.autonomy.reason}), and it can "
                         f"{side_effect_words(profile, irreversible)}; phase 1 still holds those calls for an "
                         f"approver through {gate.id} {gate.title}, and lets them run unattended one tool at a "
                         "time once the event log shows they are safe.")
    return sentences


def build_plan(rubric: Rubric, profile: Profile) -> dict[str, Any]:
    """The design as plain data: what JSON prints and what every template renders."""
    needs = _needs(rubric, profile)
    wanted, pulled = _phases(rubric, needs)
    numbers = {old: new for new, old in enumerate(sorted(set(wanted.values())), start=1)}
    phase_of = {pid: numbers[p] for pid, p in wanted.items()}
    by_id = {p.id: p for p in rubric.primitives}

    selected = []
    for primitive in sorted((by_id[pid] for pid in phase_of), key=lambda p: (phase_of[p.id], p.number)):
        if primitive.id in pulled and needs[primitive.id].phase is None:
            needer = by_id[pulled[primitive.id]]
            fact = f"{needer.id} {needer.title} depends on it, so it comes first."
        else:
            fact = needs[primitive.id].reason
        selected.append({
            "id": primitive.id,
            "slug": primitive.slug,
            "title": primitive.title,
            "phase": phase_of[primitive.id],
            "why": f"{' '.join(primitive.summary.split())} For this agent: {fact}",
        })

    deferred = [
        {"id": p.id, "slug": p.slug, "title": p.title, "reason": needs[p.id].reason,
         "trigger": needs[p.id].trigger}
        for p in rubric.primitives if p.id not in phase_of
    ]

    checks: dict[int, list[dict]] = {}
    for primitive in rubric.primitives:
        if primitive.id in phase_of:
            for when, item in _verification(rubric, primitive, phase_of):
                checks.setdefault(when, []).append(item)
    phases = []
    for old, number in sorted(numbers.items(), key=lambda item: item[1]):
        members = [s for s in selected if s["phase"] == number]
        title, goal = PHASE_TITLES.get(old, (f"Phase {number}", ""))
        phases.append({
            "number": number,
            "title": title,
            "goal": goal,
            "primitives": [s["id"] for s in members],
            "deliverables": [
                {"primitive": s["id"], "title": s["title"], "steps": list(by_id[s["id"]].upgrade),
                 "for_this_agent": for_this_agent(profile, s["id"])}
                for s in members
            ],
            "verification": checks.get(number, []),
        })

    return {
        "schema_version": SCHEMA_VERSION,
        "tool_version": __version__,
        "shape": profile.shape.value,
        "profile": profile.to_dict(),
        "primitives": selected,
        "deferred": deferred,
        "phases": phases,
        "pushback": _pushback(rubric, profile, phase_of),
        "assumptions": list(profile.assumptions),
    }
