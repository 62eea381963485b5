"""What happens to each judged finding before it is reported: one decision, in one place.

Three sources of "not this one" meet here, after judging and before the report is built:

- an inline directive (`# harness-audit: ignore[HA101] reason`, parsed per file by
  `analyzer/suppress.py`) covers the finding: it stays in the report, marked `suppressed`,
  with the directive's reason, and does not fail the run;
- the policy (`analyzer/policy.py`: `select`, `ignore`, severity overrides) drops it, or
  changes its severity (its id stays);
- the baseline (`analyzer/baseline.py`) lists its id: it is left out and counted in
  `Report.baselined`.

`decide` is the one function that rules on a finding; `filter_findings` runs it over all of
them (plus the HA001/HA002 notices about bad directives, which no directive can hide) and puts
the survivors in report order. The upgrade path and the summary are built from the findings the
policy keeps, baselined or not, so accepting a finding in CI does not change the advice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from analyzer.domain import Finding, Report
from analyzer.facts.model import FileFacts, Suppression
from analyzer.policy import Policy
from analyzer.rubric import Rubric, severity_rank
from analyzer.suppress import directive_notices, is_directive_notice

KEPT, SUPPRESSED, DROPPED, BASELINED = "kept", "suppressed", "dropped", "baselined"


@dataclass(frozen=True)
class Decision:
    """What happens to one finding, and why. `finding` is as reported (severity overridden,
    suppression marked); a dropped or baselined finding is not reported at all."""

    outcome: str  # kept | suppressed | dropped | baselined
    reason: str
    finding: Finding


@dataclass
class Filtered:
    judged: list[Finding] = field(default_factory=list)  # what the policy keeps, in report order
    reported: list[Finding] = field(default_factory=list)  # judged minus the baselined
    baselined: int = 0
    decisions: list[Decision] = field(default_factory=list)  # one per input finding, input order


@dataclass(frozen=True)
class _Rules:
    known: frozenset[str]  # every rule and primitive id of the rubric
    directives: dict[str, tuple[Suppression, ...]]  # path -> the file's directives
    policy: Policy
    baseline: frozenset[str] | None


def decide(finding: Finding, rules: _Rules) -> Decision:
    """The one ruling on a finding: suppressed, policy-dropped, baselined, or kept."""
    names = {finding.rule, finding.primitive}
    policy = rules.policy
    if policy.select and not names & set(policy.select):
        return Decision(DROPPED, f"not selected ({', '.join(policy.select)})", finding)
    ignored = sorted(names & set(policy.ignore))
    if ignored:
        return Decision(DROPPED, f"ignored ({', '.join(ignored)})", finding)
    overrides = dict(policy.severity)
    severity = overrides.get(finding.rule) or overrides.get(finding.primitive)
    if severity and severity != finding.severity:
        finding = replace(finding, severity=severity)
    if rules.baseline is not None and finding.id in rules.baseline:
        return Decision(BASELINED, "listed in the baseline", finding)
    if finding.suppressed:
        return Decision(SUPPRESSED, finding.suppression_reason, finding)
    if not is_directive_notice(finding):  # a notice about a directive cannot be hidden by one
        directive = next((d for d in rules.directives.get(finding.path, ()) if _covers(d, finding, rules.known)), None)
        if directive is not None:
            return Decision(SUPPRESSED, directive.reason,
                            replace(finding, suppressed=True, suppression_reason=directive.reason))
    return Decision(KEPT, "", finding)


def filter_findings(findings: Iterable[Finding], facts: Iterable[FileFacts], rubric: Rubric,
                    policy: Policy = Policy(), baseline: frozenset[str] | None = None) -> Filtered:
    """Rule on every judged finding and on the notices about bad directives in `facts`."""
    known = frozenset(rubric.ids) | {r.id for r in rubric.rules}
    directives: dict[str, list[Suppression]] = {}
    for file_facts in facts:
        if file_facts.suppressions:
            directives.setdefault(file_facts.path, []).extend(file_facts.suppressions)
    rules = _Rules(known, {path: tuple(found) for path, found in directives.items()}, policy, baseline)
    result = Filtered()
    for finding in [*findings, *directive_notices(directives, known, rubric)]:
        decision = decide(finding, rules)
        result.decisions.append(decision)
        if decision.outcome != DROPPED:
            result.judged.append(decision.finding)
    result.judged = in_report_order(result.judged, rubric)
    baselined = {id(d.finding) for d in result.decisions if d.outcome == BASELINED}
    result.reported = [f for f in result.judged if id(f) not in baselined]
    result.baselined = len(result.judged) - len(result.reported)
    return result


def leave_out_baselined(report: Report, baseline: frozenset[str]) -> Report:
    """Leave the findings `baseline` lists out of a built report (in place) and count them."""
    rules = _Rules(frozenset(), {}, Policy(), baseline)
    decisions = [decide(finding, rules) for finding in report.findings]
    report.findings = [d.finding for d in decisions if d.outcome != BASELINED]
    report.baselined += len(decisions) - len(report.findings)
    report.baseline_used = True
    return report


def in_report_order(findings: Sequence[Finding], rubric: Rubric) -> list[Finding]:
    """Most severe first, then rubric order of primitives, then place and rule."""
    order = {p.id: index for index, p in enumerate(rubric.primitives)}
    return sorted(findings, key=lambda f: (severity_rank(f.severity), order.get(f.primitive, len(order)),
                                           f.path, f.line, f.rule))


def _covers(directive: Suppression, finding: Finding, known: frozenset[str]) -> bool:
    on_line = directive.line == finding.line or (directive.standalone and directive.line == finding.line - 1)
    return on_line and any(i in known and i in (finding.rule, finding.primitive) for i in directive.ids)
