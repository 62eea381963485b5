"""What every human-readable format says the same way: the verdict, the first fixes, findings
grouped under their primitive, why a severity differs from the rubric's, and paths as the reader
opens them (relative to the working directory).

Text, markdown, concise and HTML render these; none of them decides anything of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.domain import HIGH_RISK_EXPOSURE, Finding, Report, UpgradeStep, Verdict
from analyzer.rubric import severity_rank, shift_severity

TOP_FIXES = 3


def shown_path(report: Report, path: str) -> str:
    """A finding's path as the user opens it: relative to the working directory the audit ran in."""
    prefix = report.cwd_prefix
    if path in ("", "."):
        return prefix or "."
    return f"{prefix}/{path}" if prefix else path


def location(report: Report, path: str, line: int, column: int | None = None) -> str:
    where = f"{shown_path(report, path)}:{max(line, 1)}"
    return f"{where}:{column}" if column is not None else where


def verdict_line(report: Report) -> str:
    """The one-line verdict every format states (same count, same exit code)."""
    failing = len(report.failing_findings())
    if report.fail_on == "none":
        text = "Verdict: --fail-on none, exit 0"
    elif failing:
        text = f"Verdict: {failing} finding{'s' if failing != 1 else ''} at or above {report.fail_on}, exit 1"
    else:
        text = f"Verdict: no finding at or above {report.fail_on}, exit 0"
    held = [f"{report.suppressed_count} suppressed inline"] if report.suppressed_count else []
    held += [f"{report.baselined} in the baseline"] if report.baselined else []
    if held:
        text += f" ({', '.join(held)}; they do not count)"
    return text


def top_fixes(report: Report, count: int = TOP_FIXES) -> list[UpgradeStep]:
    return report.upgrade_path[:count]


def step_places(report: Report, step: UpgradeStep) -> str:
    """`agent.py:49 bash(), agent.py:74 main()`: where a step's change goes."""
    return ", ".join(f"{location(report, p.path, p.line)} {p.function + '()' if p.function else '(module level)'}"
                     for p in step.where)


def base_severity(report: Report, finding: Finding) -> str | None:
    """The rubric's severity for this finding before exposure and configuration moved it."""
    rubric = report.rubric
    if rubric is None:
        return None
    try:
        if finding.rule == finding.primitive:
            primitive = rubric.primitive(finding.primitive)
            status = next((v.status for v in report.primitives if v.id == finding.primitive), "absent")
            return primitive.severity_absent if status == "absent" else primitive.severity_partial
        return rubric.rule(finding.rule).severity
    except KeyError:
        return None


def severity_note(report: Report, finding: Finding) -> str:
    """Why a severity differs from the rubric's ("raised from high: the agent's tools reach the shell"); "" when it does not."""
    base = base_severity(report, finding)
    if base is None or base == finding.severity:
        return ""
    direction = "raised" if severity_rank(finding.severity) < severity_rank(base) else "lowered"
    rubric = report.rubric
    sensitive = finding.rule == finding.primitive and rubric is not None and rubric.primitive(finding.primitive).exposure_sensitive
    if sensitive and shift_severity(base, report.exposure.severity_shift()) == finding.severity:
        if direction == "raised":
            risky = [k for k in report.exposure.kinds if k in HIGH_RISK_EXPOSURE]
            return f"raised from {base}: the agent's tools reach {_and(risky)}"
        return f"lowered from {base}: every tool the agent has is read-only"
    return f"{direction} from {base} by the configuration's severity override"


def short_message(report: Report, finding: Finding) -> str:
    """A primitive finding's message without the primitive's definition (`harness-audit explain P2`
    prints that once); a rule hit's message as it is."""
    if finding.rule != finding.primitive or report.rubric is None:
        return finding.message
    try:
        summary = report.rubric.primitive(finding.primitive).summary
    except KeyError:
        return finding.message
    return " ".join(finding.message.replace(summary, "").split()).replace(": Missing:", ": missing").replace(": .", ".")


@dataclass
class PrimitiveGroup:
    """One primitive with its verdict, its own finding (missing or partial) and the rule hits under it."""

    primitive: str
    slug: str
    verdict: Verdict | None
    own: Finding | None
    rules: list[Finding] = field(default_factory=list)

    @property
    def findings(self) -> list[Finding]:
        return ([self.own] if self.own else []) + self.rules

    @property
    def severity(self) -> str:
        active = [f for f in self.findings if not f.suppressed] or self.findings
        return min((f.severity for f in active), key=severity_rank) if active else "info"


def findings_by_primitive(report: Report) -> list[PrimitiveGroup]:
    """Findings under their primitive, the group with the most severe finding first (rubric order on ties)."""
    verdicts = {v.id: v for v in report.primitives}
    order = {v.id: n for n, v in enumerate(report.primitives)}
    groups: dict[str, PrimitiveGroup] = {}
    for finding in report.findings:
        verdict = verdicts.get(finding.primitive)
        group = groups.setdefault(finding.primitive, PrimitiveGroup(
            finding.primitive, verdict.slug if verdict else finding.primitive, verdict, None))
        if finding.rule == finding.primitive:
            group.own = finding
        else:
            group.rules.append(finding)
    return sorted(groups.values(), key=lambda g: (severity_rank(g.severity), order.get(g.primitive, len(order))))


def statistics(report: Report) -> list[tuple[int, str, str, str]]:
    """(count, rule, severity, title) per rule, most frequent first, as `--statistics` prints them."""
    counts: dict[str, list[Finding]] = {}
    for finding in report.findings:
        if not finding.suppressed:
            counts.setdefault(finding.rule, []).append(finding)
    rows = [(len(found), rule, min((f.severity for f in found), key=severity_rank), found[0].title)
            for rule, found in counts.items()]
    return sorted(rows, key=lambda row: (-row[0], severity_rank(row[2]), row[1]))


def _and(items: list[str]) -> str:
    if not items:
        return "high-risk side effects"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
