"""The one place findings are built: rubric text, fingerprint id, confidence, de-duplication.

Every producer (primitive verdicts, line-level hits, project-level rules, documents and agent
configs, design reviews, suppression notices) asks a `FindingFactory` for its findings, so a
finding looks and is identified the same way wherever it comes from.

- The words come from the rubric: a rule's title, message and remediation, or a primitive's
  title and first upgrade step. A caller adds only the detail of its case.
- A finding's `id` is `RULE-sha1(rule|path|context)[:10]`, where the context is the code or
  text the finding points at, never a line number, so baselines survive edits that shift lines.
  A primitive finding's id is `P-sha1(P||status)`: it does not depend on where it is anchored.
  Two findings with the same fingerprint get `-2`, `-3`... in the order they were added.
- `confidence` says how strong the evidence behind the finding is, apart from its severity
  (as bandit does): `high` for a structural match on the line, `medium` when the judgement
  rests on weak evidence or prose, `low` when it rests on a guess (a tool set nobody declared).
- One finding per rule, primitive and place: a later duplicate replaces an earlier one.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace

from analyzer.domain import Finding, Verdict
from analyzer.rubric import Rubric, severity_rank

CONFIDENCES = ("high", "medium", "low")


class FindingFactory:
    """Collects findings for one producer and hands them back with stable ids."""

    def __init__(self, rubric: Rubric):
        self.rubric = rubric
        self._known = {r.id for r in rubric.rules}
        self._raw: list[tuple[Finding, str]] = []  # finding without id, fingerprint key

    def rule(self, rule_id: str, path: str, line: int, detail: str, context: str, *, confidence: str,
             primitive: str | None = None) -> None:
        """A finding of rubric rule `rule_id`; unknown rules (a stripped-down rubric) are skipped.

        `primitive` names the primitive the finding concerns when it is not the rule's own
        (a drift finding about P5 from a documents rule)."""
        if rule_id not in self._known:
            return
        rule = self.rubric.rule(rule_id)
        message = f"{rule.message} ({detail})" if detail else rule.message
        self._add(Finding("", rule.id, primitive or rule.primitive, rule.severity, rule.title, message, path,
                          max(1, line), rule.remediation, _checked(confidence)),
                  "|".join((rule.id, path, context)))

    def primitive(self, verdict: Verdict, severity: str, message: str, path: str, line: int, *,
                  confidence: str) -> None:
        """A missing or partial primitive, anchored at `path:line`, identified by its status alone."""
        primitive = self.rubric.primitive(verdict.id)
        self._add(Finding("", primitive.id, primitive.id, severity, primitive.title, message, path, max(1, line),
                          primitive_remediation(primitive), _checked(confidence)),
                  "|".join((primitive.id, "", verdict.status)))

    def has(self, rule_id: str) -> bool:
        return any(finding.rule == rule_id for finding, _ in self._raw)

    def findings(self) -> list[Finding]:
        """The findings with their ids, one per rule, primitive and place, most severe first."""
        seen: Counter[str] = Counter()
        unique: dict[tuple[str, str, int, str], Finding] = {}
        for finding, key in self._raw:
            digest = hashlib.sha1(key.encode()).hexdigest()[:10]
            seen[digest] += 1
            suffix = f"-{seen[digest]}" if seen[digest] > 1 else ""
            unique[(finding.rule, finding.path, finding.line, finding.primitive)] = replace(
                finding, id=f"{finding.rule}-{digest}{suffix}")
        order = {p.id: index for index, p in enumerate(self.rubric.primitives)}
        return sorted(unique.values(), key=lambda f: (severity_rank(f.severity), order.get(f.primitive, len(order)),
                                                      f.path, f.line, f.rule))

    def _add(self, finding: Finding, key: str) -> None:
        self._raw.append((finding, key))


def _checked(confidence: str) -> str:
    if confidence not in CONFIDENCES:
        raise ValueError(f"confidence must be one of {', '.join(CONFIDENCES)}, not {confidence!r}")
    return confidence


def primitive_remediation(primitive) -> str:
    return f"{primitive.upgrade[0]} (harness-audit explain {primitive.id} for every step)"


def primitive_message(primitive, verdict: Verdict, place: str = "") -> str:
    """What was found and what is missing, never naming one component as both.

    A required component with only weak evidence is reported as weak, not as found; `place`
    (the agent loop, the dispatcher...) says where an absent primitive's fix goes."""
    if verdict.status == "absent":
        lacking = ", ".join(verdict.missing)
        where = f" The fix goes in {place}." if place else ""
        return f"{primitive.slug} is absent: {primitive.summary} Missing: {lacking}.{where}"
    return f"{primitive.slug} is partial: {found_and_missing(verdict)}. {primitive.summary}"


def found_and_missing(verdict: Verdict, found: str = "found") -> str:
    """`found a, b; only weak evidence of c; missing d`, each component in exactly one group."""
    full = sorted({e.component for e in verdict.evidence if e.strength == "full"})
    weak = sorted({e.component for e in verdict.evidence if e.strength != "full"} - set(full))
    missing = [c for c in verdict.missing if c not in weak and c not in full]
    parts = []
    if full:
        parts.append(f"{found} {', '.join(full)}")
    if weak:
        parts.append(f"{'only' if full else found + ' only'} weak evidence of {', '.join(weak)}")
    if missing:
        parts.append(f"missing {', '.join(missing)}")
    return "; ".join(parts)
