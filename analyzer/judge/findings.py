"""Findings: missing or partial primitives, line-level rule hits, and project-level rules."""

from __future__ import annotations

import hashlib
from collections import Counter

from analyzer.judge.exposure import severity_shift, tool_exposures
from analyzer.judge.gates import ungated_sinks
from analyzer.judge.scope import Scope
from analyzer.report.model import ExposureProfile, Finding, Verdict
from analyzer.rubric import Rubric, severity_rank, shift_severity
from analyzer.suppress import strip_directive  # suppressing a finding must not change its id

_MULTI_AGENT_RULE = "HA113"


def build_findings(rubric: Rubric, scope: Scope, verdicts: list[Verdict], profile: ExposureProfile) -> list[Finding]:
    if not scope.agent_detected:
        return []
    raw: list[tuple[str, str, str, str, str, int, str, str]] = []  # rule, primitive, severity, title, message, path, line, remediation
    fingerprints: list[tuple[str, str, str]] = []
    known_rules = {r.id for r in rubric.rules}
    by_id = {v.id: v for v in verdicts}

    def add(rule_id: str, path: str, line: int, detail: str, context: str) -> None:
        if rule_id not in known_rules:
            return
        rule = rubric.rule(rule_id)
        message = rule.message if not detail else f"{rule.message} ({detail})"
        raw.append((rule.id, rule.primitive, rule.severity, rule.title, message, path, line, rule.remediation))
        fingerprints.append((rule.id, path, context))

    # Missing or partial primitives.
    anchor_path, anchor_line = _anchor(scope)
    for verdict in verdicts:
        if verdict.status not in ("absent", "partial"):
            continue
        primitive = rubric.primitive(verdict.id)
        severity = primitive_severity(primitive, verdict.status, profile)
        path, line = (verdict.evidence[0].path, verdict.evidence[0].line) if verdict.evidence else (anchor_path, anchor_line)
        raw.append((primitive.id, primitive.id, severity, primitive.title,
                    primitive_message(primitive, verdict), path, line, primitive_remediation(primitive)))
        fingerprints.append((primitive.id, "", verdict.status))

    # Line-level hits found in single files.
    for facts in scope.code:
        if facts.kind in ("markdown", "config"):
            continue  # documents and agent configs: analyzer/judge/doc_findings.py
        for hit in facts.hits:
            add(hit.rule, hit.path, hit.line, hit.detail, f"{hit.symbol}|{strip_directive(hit.snippet)}")

    # Tools that reach dangerous side effects with no gate on the dispatch path.
    gate = by_id.get("P2")
    if gate is not None and "gate" in gate.missing:
        identified = bool(scope.tool_names) or any(x.in_tool for f in scope.code for x in f.exposures)
        for sink in ungated_sinks(scope, tool_exposures(scope), identified):
            add(sink.rule, sink.path, sink.line, sink.detail, strip_directive(sink.context))

    # Complexity before foundations.
    if "multi-agent" in scope.signals:
        weak = [v.id for v in verdicts if v.id in ("P2", "P3") and v.status == "absent"]
        if weak:
            path, line = _multi_agent_anchor(scope, by_id) or (anchor_path, anchor_line)
            add(_MULTI_AGENT_RULE, path, line, "no " + " and no ".join(
                rubric.primitive(p).slug for p in weak), "multi-agent")

    findings = []
    seen: Counter[str] = Counter()
    for (rule, primitive, severity, title, message, path, line, remediation), key in zip(raw, fingerprints):
        digest = hashlib.sha1("|".join(key).encode()).hexdigest()[:10]
        seen[digest] += 1
        suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
        findings.append(Finding(f"{rule}-{digest}{suffix}", rule, primitive, severity, title, message, path, line,
                                remediation))
    unique = {(f.rule, f.path, f.line): f for f in findings}
    return sorted(unique.values(), key=lambda f: (severity_rank(f.severity), _number(f.primitive), f.path, f.line, f.rule))


def _number(primitive_id: str) -> int:
    digits = "".join(ch for ch in primitive_id if ch.isdigit())
    return int(digits) if digits else 10_000


def primitive_severity(primitive, status: str, profile: ExposureProfile) -> str:
    """The rubric's severity for a missing or partial primitive, moved by tool exposure if it is sensitive."""
    severity = primitive.severity_absent if status == "absent" else primitive.severity_partial
    return shift_severity(severity, severity_shift(profile)) if primitive.exposure_sensitive else severity


def primitive_message(primitive, verdict: Verdict) -> str:
    lacking = ", ".join(verdict.missing)
    if verdict.status == "absent":
        return f"{primitive.slug} is absent: {primitive.summary} Missing: {lacking}."
    found = ", ".join(sorted({e.component for e in verdict.evidence}))
    return f"{primitive.slug} is partial: found {found}; missing {lacking}. {primitive.summary}"


def primitive_remediation(primitive) -> str:
    return f"{primitive.upgrade[0]} (harness-audit explain {primitive.id} for every step)"


def _anchor(scope: Scope) -> tuple[str, int]:
    """Where a repository-level finding points: the agent loop, the dispatcher, or the first agent file."""
    for role in ("agent-loop", "dispatcher", "registry"):
        symbols = sorted(s for f in scope.code for s in f.symbols if s.role == role)
        if symbols:
            return symbols[0].path, symbols[0].line
    for facts in scope.code:
        if "model-call" in facts.signals or any(s.startswith("framework:") for s in facts.signals):
            first = sorted(facts.evidence) or sorted(facts.hits)
            return facts.path, (first[0].line if first else 1)
    return (scope.code[0].path, 1) if scope.code else (".", 1)


def _multi_agent_anchor(scope: Scope, verdicts: dict[str, Verdict]) -> tuple[str, int] | None:
    roles = verdicts.get("P12")
    if roles and roles.evidence:
        return roles.evidence[0].path, roles.evidence[0].line
    return None
