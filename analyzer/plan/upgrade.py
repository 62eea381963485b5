"""What to do first: one step per primitive with something to fix, the most urgent first, a
dependency moved ahead of the step that needs it (and saying so), each naming where to change the code.

A step's severity is its primitive's most severe unsuppressed finding, its own (absent or
partial) or a line-level rule hit under it: a critical ungated shell tool (HA103) makes the
permission step critical even before the primitive's own verdict is counted, and a present
primitive with a rule hit (an unbounded loop beside a real budget) still gets a step.
"""

from __future__ import annotations

from analyzer.domain import CodePlace, Finding, UpgradeStep, Verdict
from analyzer.facts.model import Symbol
from analyzer.judge.scope import Scope
from analyzer.plan.targets import harness_symbols, primitive_targets
from analyzer.rubric import Rubric, severity_rank

MAX_PLACES = 4


def upgrade_path(rubric: Rubric, verdicts: list[Verdict], findings: list[Finding],
                 scope: Scope | None = None) -> list[UpgradeStep]:
    active = [f for f in findings if not f.suppressed]
    status = {v.id: v.status for v in verdicts}
    hits: dict[str, list[Finding]] = {}
    for finding in active:
        if finding.rule != finding.primitive and finding.primitive in status:
            hits.setdefault(finding.primitive, []).append(finding)
    todo = [v.id for v in verdicts if v.status in ("absent", "partial") or v.id in hits]
    severity = {pid: _most_severe(rubric, pid, status[pid], [f for f in active if f.primitive == pid])
                for pid in todo}
    urgency, needed_by = _urgency(rubric, todo, severity)
    ordered = _order(rubric, todo, urgency)
    symbols = _symbols(scope)
    steps = []
    for order, pid in enumerate(ordered, start=1):
        primitive = rubric.primitive(pid)
        rule_hits = sorted(hits.get(pid, []), key=lambda f: (severity_rank(f.severity), f.path, f.line))
        waiting = sorted((d for d in needed_by[pid] if severity_rank(severity[d]) < severity_rank(severity[pid])),
                         key=lambda d: (severity_rank(severity[d]), rubric.primitive(d).number))
        fixes = _unique([f.remediation for f in rule_hits])
        steps.append(UpgradeStep(
            order=order,
            primitive=pid,
            title=primitive.title,
            status=status[pid],
            severity=severity[pid],
            depends_on=list(primitive.depends_on),
            steps=fixes + (list(primitive.upgrade) if status[pid] != "present" else []),
            rules=_unique([f.rule for f in rule_hits]),
            needed_by=waiting,
            reason=_reason(rubric, pid, severity, status[pid], rule_hits, waiting),
            where=_places(pid, rule_hits, [f for f in active if f.rule == pid], scope, symbols),
        ))
    return steps


def _most_severe(rubric: Rubric, pid: str, status: str, findings: list[Finding]) -> str:
    if findings:
        return min((f.severity for f in findings), key=severity_rank)
    primitive = rubric.primitive(pid)
    return primitive.severity_absent if status == "absent" else primitive.severity_partial


def _urgency(rubric: Rubric, todo: list[str], severity: dict[str, str]) -> tuple[dict[str, int], dict[str, set[str]]]:
    """Severity rank of each step, raised to that of the most severe step that waits on it (directly
    or not), and which steps wait on each one.

    A critical permission gap waits on the tool registry; the registry step inherits that urgency
    so the path leads with both instead of burying the critical fix behind low ones.
    """
    urgency = {pid: severity_rank(severity[pid]) for pid in todo}
    needed_by: dict[str, set[str]] = {pid: set() for pid in todo}
    changed = True
    while changed:
        changed = False
        for pid in todo:
            for dependency in rubric.primitive(pid).depends_on:
                if dependency not in urgency:
                    continue
                waiting = {pid} | needed_by[pid]
                if not waiting <= needed_by[dependency]:
                    needed_by[dependency] |= waiting
                    changed = True
                if urgency[pid] < urgency[dependency]:
                    urgency[dependency] = urgency[pid]
                    changed = True
    return urgency, needed_by


def _order(rubric: Rubric, todo: list[str], urgency: dict[str, int]) -> list[str]:
    ordered: list[str] = []
    placed: set[str] = set()
    while len(ordered) < len(todo):
        ready = [pid for pid in todo
                 if pid not in placed and all(d in placed or d not in todo for d in rubric.primitive(pid).depends_on)]
        if not ready:  # the loader rejects cycles, so this only guards against a broken rubric object
            ready = [pid for pid in todo if pid not in placed]
        # The most urgent first (a step's urgency includes the steps that wait on it), then
        # foundations before maturity, then rubric order.
        ready.sort(key=lambda pid: (urgency[pid], rubric.primitive(pid).tier != "foundation",
                                    rubric.primitive(pid).number))
        ordered.append(ready[0])
        placed.add(ready[0])
    return ordered


def _reason(rubric: Rubric, pid: str, severity: dict[str, str], status: str, rule_hits: list[Finding],
            waiting: list[str]) -> str:
    if waiting:
        first = waiting[0]
        return (f"first: {first} {rubric.primitive(first).slug} ({severity[first]}) needs it"
                + (f", and {', '.join(waiting[1:])}" if waiting[1:] else ""))
    if rule_hits and rule_hits[0].severity == severity[pid]:
        return f"{rule_hits[0].rule} {rule_hits[0].title}"
    slug = rubric.primitive(pid).slug
    return f"no {slug}" if status == "absent" else f"{slug} is {status}"


def _places(pid: str, rule_hits: list[Finding], own: list[Finding], scope: Scope | None,
            symbols: list[Symbol]) -> list[CodePlace]:
    """The rule hits' functions, then the harness parts the primitive lives in, then its own finding's anchor."""
    places: list[CodePlace] = []
    seen: set[tuple[str, str]] = set()

    def add(path: str, line: int, what: str, function: str | None = None) -> None:
        if not path or path == ".":
            return
        if function is None:
            function = scope.model.function_at(path, line) if scope is not None else ""
        if (path, function or str(line)) not in seen:
            seen.add((path, function or str(line)))
            places.append(CodePlace(path, line, function, what))

    for finding in rule_hits:
        add(finding.path, finding.line, finding.rule)
    for symbol in primitive_targets(symbols, pid):
        if symbol.role == "tool" and rule_hits:
            continue  # the tools that matter are the ones the rule hits name
        add(symbol.path, symbol.line, symbol.role, symbol.name)
    for finding in own:
        add(finding.path, finding.line, finding.rule)
    return places[:MAX_PLACES]


def _symbols(scope: Scope | None) -> list[Symbol]:
    return harness_symbols(scope) if scope is not None else []


def _unique(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))
