"""What a change did to the harness: two audits of one project (base and head) compared.

The comparison is on the audits' meaning, not their text: primitive statuses that went down or
up, tools whose sink lost its gate, tools that gained a sink, findings that are new or fixed
(matched by fingerprint, which survives moved lines). Each change carries a severity so CI can
fail on regressions at or above `--fail-on`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.domain import Finding, Report
from analyzer.policy import Policy
from analyzer.rubric import Rubric, severity_rank

STATUS_RANK = {"present": 2, "partial": 1, "absent": 0}  # not-applicable compares as nothing


@dataclass(frozen=True, order=True)
class Change:
    kind: str  # primitive-regressed | primitive-improved | gate-removed | gate-added | sink-added | sink-removed
    subject: str  # the primitive id or the tool name
    detail: str
    severity: str  # how much it matters when it is a regression; "info" for improvements
    path: str = ""
    line: int = 0

    @property
    def regression(self) -> bool:
        return self.kind in REGRESSIONS


REGRESSIONS = frozenset({"primitive-regressed", "gate-removed", "sink-added"})


@dataclass
class HarnessDiff:
    base_ref: str
    head_ref: str
    changes: list[Change] = field(default_factory=list)
    new_findings: list[Finding] = field(default_factory=list)
    fixed_findings: list[Finding] = field(default_factory=list)
    fail_on: str = "high"

    def regressions(self) -> list[Change]:
        return [c for c in self.changes if c.regression]

    def failing(self) -> list[str]:
        """What fails the run: regressions and new findings at or above fail-on (as `ID: detail` lines)."""
        if self.fail_on == "none":
            return []
        limit = severity_rank(self.fail_on)
        failing = [f"{c.subject}: {c.detail}" for c in self.regressions() if severity_rank(c.severity) <= limit]
        failing += [f"{f.rule}: {f.title} ({f.path}:{f.line})" for f in self.new_findings
                    if not f.suppressed and severity_rank(f.severity) <= limit]
        return failing

    @property
    def exit_code(self) -> int:
        return 1 if self.failing() else 0


def compare(rubric: Rubric, base: Report, head: Report, base_ref: str, head_ref: str,
            policy: Policy = Policy()) -> HarnessDiff:
    diff = HarnessDiff(base_ref=base_ref, head_ref=head_ref, fail_on=head.fail_on)
    diff.changes = sorted(_primitive_changes(rubric, base, head, policy) + _tool_changes(base, head, head.findings),
                          key=lambda c: (severity_rank(c.severity), c.kind, c.subject, c.path, c.line))
    diff.new_findings = _unmatched(head.findings, base.findings)
    diff.fixed_findings = _unmatched(base.findings, head.findings)
    return diff


def _unmatched(findings: list[Finding], others: list[Finding]) -> list[Finding]:
    """Findings with no counterpart: the same fingerprint, or for a primitive's own finding (rule P5),
    the same primitive (its anchor and severity move with the code; its status change is a Change)."""
    ids = {f.id for f in others}
    primitives = {f.rule for f in others if f.rule == f.primitive}
    return [f for f in findings if f.id not in ids and not (f.rule == f.primitive and f.rule in primitives)]


def _primitive_changes(rubric: Rubric, base: Report, head: Report, policy: Policy) -> list[Change]:
    before = {v.id: v.status for v in base.primitives}
    reported = {f.rule: f.severity for f in head.findings if f.rule == f.primitive and not f.suppressed}
    changes = []
    for verdict in head.primitives:
        old, new = before.get(verdict.id), verdict.status
        if old not in STATUS_RANK or new not in STATUS_RANK or old == new:
            continue
        if (policy.select and verdict.id not in policy.select) or verdict.id in policy.ignore:
            continue  # the configuration leaves this primitive out
        primitive = rubric.primitive(verdict.id)
        if STATUS_RANK[new] < STATUS_RANK[old]:
            rubric_severity = primitive.severity_absent if new == "absent" else primitive.severity_partial
            severity = reported.get(verdict.id, rubric_severity)  # as the head audit rates it (exposure)
            kind = "primitive-regressed"
        else:
            severity, kind = "info", "primitive-improved"
        changes.append(Change(kind, verdict.id, f"{verdict.title}: {old} -> {new}", severity))
    return changes


def _tool_sinks(report: Report) -> dict[str, dict[str, dict]]:
    """tool name -> sink kind -> the sink (gated when every sink of that kind is gated)."""
    tools: dict[str, dict[str, dict]] = {}
    for tool in report.anatomy.get("tools", []):
        kinds = tools.setdefault(tool["name"], {})
        for sink in tool["sinks"]:
            known = kinds.get(sink["kind"])
            if known is None or (known["gated"] and not sink["gated"]):
                kinds[sink["kind"]] = sink
    return tools


def _finding_severity(findings: list[Finding], path: str, line: int, default: str) -> str:
    """The severity the head audit gave the finding at this sink, else `default`; "info" when every
    finding there is suppressed (accepted, with a reason, in the code)."""
    here = [f for f in findings if f.path == path and f.line == line]
    if here and all(f.suppressed for f in here):
        return "info"
    matches = [f.severity for f in here if not f.suppressed]
    return min(matches, key=severity_rank) if matches else default


def _tool_changes(base: Report, head: Report, findings: list[Finding]) -> list[Change]:
    before, after = _tool_sinks(base), _tool_sinks(head)
    changes = []
    for name in sorted(after):
        old_kinds = before.get(name)
        for kind, sink in sorted(after[name].items()):
            old = (old_kinds or {}).get(kind)
            where = {"path": sink["path"], "line": sink["line"]}
            if old is None:
                if old_kinds is None and sink["gated"]:
                    continue  # a new tool, gated from the start: nothing lost
                severity = "low" if sink["gated"] else _finding_severity(findings, sink["path"], sink["line"], "high")
                gate = "behind a gate" if sink["gated"] else "with no gate"
                subject = "new tool" if old_kinds is None else "tool"
                changes.append(Change("sink-added", name, f"{subject} {name} reaches {kind} ({sink['detail']}) {gate}",
                                      severity, **where))
            elif old["gated"] and not sink["gated"]:
                changes.append(Change("gate-removed", name, f"tool {name} reaches {kind} ({sink['detail']}) without "
                                      "the gate it had", _finding_severity(findings, sink["path"], sink["line"], "high"),
                                      **where))
            elif not old["gated"] and sink["gated"]:
                changes.append(Change("gate-added", name, f"tool {name}: {kind} is now behind a gate", "info", **where))
        for kind in sorted(set(old_kinds or {}) - set(after[name])):
            changes.append(Change("sink-removed", name, f"tool {name} no longer reaches {kind}", "info"))
    return changes
