"""A verdict per primitive: present / partial / absent, with the evidence behind it."""

from __future__ import annotations

from analyzer.facts.model import Evidence
from analyzer.judge.scope import Scope
from analyzer.domain import EvidenceItem, Verdict
from analyzer.rubric import Primitive, Rubric

MAX_PER_COMPONENT = 4  # evidence items shown per component; the strongest and earliest first


def judge_primitives(rubric: Rubric, scope: Scope) -> list[Verdict]:
    evidence = scope.evidence()
    if not scope.agent_detected:
        return [Verdict(p.id, p.slug, p.title, p.tier, "not-applicable") for p in rubric.primitives]
    return [_verdict(p, [e for e in evidence if e.primitive == p.id], scope) for p in rubric.primitives]


def _verdict(primitive: Primitive, found: list[Evidence], scope: Scope) -> Verdict:
    known = {c.id for c in primitive.evidence}
    used = [e for e in found if e.component in known and scope.counts(e)]
    unused = [e for e in found if e.component in known and not scope.counts(e)]
    status, missing = status_of(primitive, used)
    return Verdict(
        id=primitive.id,
        slug=primitive.slug,
        title=primitive.title,
        tier=primitive.tier,
        status=status,
        evidence=evidence_items(used),
        missing=missing,
        discounted=evidence_items(unused),
    )


def status_of(primitive: Primitive, used: list[Evidence]) -> tuple[str, list[str]]:
    """present when every required component has full evidence, partial with some evidence,
    absent with none; and the required components without full evidence."""
    full = {e.component for e in used if e.strength == "full"}
    missing = [c for c in primitive.required_components if c not in full]
    if used and not missing:
        return "present", missing
    return ("partial" if used else "absent"), missing


def evidence_items(found: list[Evidence]) -> list[EvidenceItem]:
    ranked = sorted(found, key=lambda e: (e.strength != "full", e.path, e.line, e.detail))
    kept: list[Evidence] = []
    for component in sorted({e.component for e in found}):
        kept += [e for e in ranked if e.component == component][:MAX_PER_COMPONENT]
    return sorted({EvidenceItem(e.path, e.line, e.detail, e.component, e.strength) for e in kept})
