"""Findings: missing or partial primitives, line-level rule hits, and project-level rules.

Each finding is built by the one `FindingFactory` (analyzer/finding_factory.py); this module
decides which findings there are, where each points and how confident it is.
"""

from __future__ import annotations

from typing import NamedTuple

from analyzer.finding_factory import FindingFactory, primitive_message
from analyzer.judge.anchor import Anchor, primitive_anchor, project_anchor
from analyzer.judge.exposure import severity_shift, tool_exposures
from analyzer.judge.gates import ungated_sinks
from analyzer.judge.scope import Scope
from analyzer.domain import ExposureProfile, Finding, Verdict
from analyzer.rubric import Rubric, shift_severity
from analyzer.suppress import strip_directive  # suppressing a finding must not change its id

_MULTI_AGENT_RULE = "HA113"


class RuleCandidate(NamedTuple):
    """A project-level rule finding before the factory builds it."""

    rule: str
    path: str
    line: int
    detail: str
    context: str  # what the fingerprint is made of (never a line number)
    confidence: str


def build_findings(rubric: Rubric, scope: Scope, verdicts: list[Verdict], profile: ExposureProfile) -> list[Finding]:
    if not scope.agent_detected:
        return []
    factory = FindingFactory(rubric)
    by_id = {v.id: v for v in verdicts}
    anchor = project_anchor(scope)

    for verdict in verdicts:
        if verdict.status in ("absent", "partial"):
            _primitive_finding(factory, scope, verdict, profile, anchor)

    # Line-level hits found in single files: a structural match on the line itself.
    for facts in scope.code:
        if facts.kind in ("markdown", "config"):
            continue  # documents and agent configs: analyzer/judge/doc_findings.py
        for hit in facts.hits:
            if hit.rule == _MULTI_AGENT_RULE:
                continue  # a coordination site: a finding only when the foundations are missing (below)
            factory.rule(hit.rule, hit.path, hit.line, hit.detail, f"{hit.symbol}|{strip_directive(hit.snippet)}",
                         confidence="high")

    for candidate in _ungated_tool_findings(scope, by_id.get("P2")):
        factory.rule(candidate.rule, candidate.path, candidate.line, candidate.detail, candidate.context,
                     confidence=candidate.confidence)

    # Complexity before foundations.
    if "multi-agent" in scope.signals:
        weak = [v.id for v in verdicts if v.id in ("P2", "P3") and v.status == "absent"]
        if weak:
            path, line = _coordination_site(scope) or _multi_agent_anchor(by_id) or (anchor.path, anchor.line)
            factory.rule(_MULTI_AGENT_RULE, path, line, "no " + " and no ".join(rubric.primitive(p).slug for p in weak),
                         "multi-agent", confidence="medium")  # several agents, seen from roles and signals
    return factory.findings()


def _ungated_tool_findings(scope: Scope, gate: Verdict | None) -> list[RuleCandidate]:
    """Tools that reach dangerous side effects while no gate stands on the dispatch path.

    With no tool identified anywhere every exposure counts as a tool's (see `tool_exposures`):
    such findings rest on a guess about the tool set, so their confidence is low."""
    if gate is None or "gate" not in gate.missing:
        return []
    guessed = not scope.tool_names and not any(x.in_tool for f in scope.code for x in f.exposures)
    confidence = "low" if guessed else "medium"
    return [RuleCandidate(sink.rule, sink.path, sink.line, sink.detail, strip_directive(sink.context), confidence)
            for sink in ungated_sinks(scope, tool_exposures(scope), not guessed)]


def _primitive_finding(factory: FindingFactory, scope: Scope, verdict: Verdict, profile: ExposureProfile,
                       anchor: Anchor) -> None:
    primitive = factory.rubric.primitive(verdict.id)
    at = primitive_anchor(scope, verdict, anchor)
    place = anchor.place if verdict.status == "absent" else ""
    factory.primitive(verdict, primitive_severity(primitive, verdict.status, profile),
                      primitive_message(primitive, verdict, place), at.path, at.line,
                      confidence=primitive_confidence(scope, verdict))


def primitive_severity(primitive, status: str, profile: ExposureProfile) -> str:
    """The rubric's severity for a missing or partial primitive, moved by tool exposure if it is sensitive."""
    severity = primitive.severity_absent if status == "absent" else primitive.severity_partial
    return shift_severity(severity, severity_shift(profile)) if primitive.exposure_sensitive else severity


def primitive_confidence(scope: Scope, verdict: Verdict) -> str:
    """high: the agent is plainly there (a model call, a framework, a loop or a dispatcher) and what is
    missing has no evidence at all; medium: the agent is inferred from weaker signs, or the verdict
    rests on weak evidence judged not enough."""
    if not _agent_is_plain(scope):
        return "medium"
    if verdict.status == "partial":
        full = {e.component for e in verdict.evidence if e.strength == "full"}
        weak = {e.component for e in verdict.evidence if e.strength != "full"} - full
        if not full or weak & set(verdict.missing):
            return "medium"
    return "high"


def _agent_is_plain(scope: Scope) -> bool:
    signals = scope.signals
    if "model-call" in signals or any(s.startswith("framework:") for s in signals):
        return True
    return any(s.role in ("agent-loop", "dispatcher") for f in scope.code for s in f.symbols)


def _coordination_site(scope: Scope) -> tuple[str, int] | None:
    """Where the agents are put together (a manager with managed agents, a crew, a team), outside tests."""
    sites = sorted((h.path, h.line) for f in scope.code if f.kind == "python" for h in f.hits if h.rule == _MULTI_AGENT_RULE)
    return sites[0] if sites else None


def _multi_agent_anchor(verdicts: dict[str, Verdict]) -> tuple[str, int] | None:
    roles = verdicts.get("P12")
    if roles and roles.evidence:
        return roles.evidence[0].path, roles.evidence[0].line
    return None
