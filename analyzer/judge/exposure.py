"""What the agent's tools can reach, and how much that raises the stakes."""

from __future__ import annotations

from typing import Iterable

from analyzer.facts.model import EXPOSURE_KINDS, Exposure
from analyzer.judge.gates import reached_exposures
from analyzer.judge.scope import Scope
from analyzer.domain import HIGH_RISK_EXPOSURE, ExposureItem, ExposureProfile

HIGH_RISK = HIGH_RISK_EXPOSURE


def tool_exposures(scope: Scope) -> list[Exposure]:
    """Exposures reached from tools. With no tool identified anywhere, every exposure is listed
    (never call a shell-running agent read-only), but `exposure_profile` does not let it raise
    severities: nothing shows the model can reach it."""
    exposures = [x for f in scope.code for x in f.exposures]
    if not _tools_identified(scope, exposures):
        return sorted(exposures)
    local = [x for x in exposures if x.in_tool or set(x.functions) & scope.tool_names]
    seen = {(x.kind, x.path, x.line) for x in local}
    # and what tools reach through other functions and files (the project model's call graph)
    by_place = {(x.kind, x.path, x.line): x for x in exposures}
    reached = [by_place.get((x.kind, x.path, x.line), x) for x in reached_exposures(scope)]
    return sorted(set(local) | {x for x in reached if (x.kind, x.path, x.line) not in seen})


def exposure_profile(scope: Scope) -> ExposureProfile:
    if not scope.agent_detected:
        return ExposureProfile(level="none")
    exposures = tool_exposures(scope)
    profile = exposure_of({ExposureItem(x.kind, x.path, x.line, x.detail) for x in exposures})
    if profile.level == "high" and not _tools_identified(scope, exposures):
        # No tool identified: the side effects are the harness's own, not shown to reach the model's
        # choices, so they are listed but do not raise severities.
        profile.level = "medium"
    return profile


def _tools_identified(scope: Scope, exposures: list[Exposure]) -> bool:
    return bool(scope.tool_names) or any(x.in_tool for x in exposures)


def exposure_of(items: Iterable[ExposureItem]) -> ExposureProfile:
    """The profile of what an agent can reach (from its code, or as a design describes it):
    high when any kind is high-risk, medium for other side effects, low (read-only) for none."""
    items = sorted(set(items))
    kinds = sorted({x.kind for x in items}, key=lambda k: EXPOSURE_KINDS.index(k) if k in EXPOSURE_KINDS else 99)
    level = "high" if set(kinds) & HIGH_RISK else "medium" if kinds else "low"
    return ExposureProfile(level=level, kinds=kinds, items=items)


def severity_shift(profile: ExposureProfile) -> int:
    """Steps to move an exposure-sensitive severity: up one for high risk, down one for read-only."""
    return profile.severity_shift()
