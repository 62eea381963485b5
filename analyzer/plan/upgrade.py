"""Order the missing primitives so every step's dependencies come before it."""

from __future__ import annotations

from analyzer.domain import Finding, UpgradeStep, Verdict
from analyzer.rubric import Rubric, severity_rank


def upgrade_path(rubric: Rubric, verdicts: list[Verdict], findings: list[Finding]) -> list[UpgradeStep]:
    todo = {v.id: v for v in verdicts if v.status in ("absent", "partial")}
    severity = {f.primitive: f.severity for f in findings if f.rule == f.primitive}
    urgency = _urgency(rubric, todo, severity)
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(todo):
        ready = [
            pid for pid in todo
            if pid not in placed and all(d in placed or d not in todo for d in rubric.primitive(pid).depends_on)
        ]
        if not ready:  # the loader rejects cycles, so this only guards against a broken rubric object
            ready = [pid for pid in todo if pid not in placed]
        # The most urgent first (a gap's urgency includes the gaps that wait on it), then
        # foundations before maturity, then rubric order.
        ready.sort(key=lambda pid: (urgency[pid], rubric.primitive(pid).tier != "foundation",
                                    rubric.primitive(pid).number))
        ordered.append(ready[0])
        placed.add(ready[0])
    steps = []
    for order, pid in enumerate(ordered, start=1):
        primitive = rubric.primitive(pid)
        steps.append(UpgradeStep(
            order=order,
            primitive=pid,
            title=primitive.title,
            status=todo[pid].status,
            severity=severity.get(pid, primitive.severity_absent),
            depends_on=list(primitive.depends_on),
            steps=list(primitive.upgrade),
        ))
    return steps


def _urgency(rubric: Rubric, todo: dict[str, Verdict], severity: dict[str, str]) -> dict[str, int]:
    """Severity rank of each gap, raised to that of the most severe gap that depends on it.

    A critical permission gap waits on the tool registry; the registry step inherits that
    urgency so the path leads with both instead of burying the critical fix behind low ones.
    """
    urgency = {pid: severity_rank(severity.get(pid, "info")) for pid in todo}
    changed = True
    while changed:
        changed = False
        for pid in todo:
            for dependency in rubric.primitive(pid).depends_on:
                if dependency in urgency and urgency[pid] < urgency[dependency]:
                    urgency[dependency] = urgency[pid]
                    changed = True
    return urgency
