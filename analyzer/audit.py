"""An audit from start to end: discover -> extract facts per file -> judge -> plan -> report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from analyzer import __version__
from analyzer.discover import discover
from analyzer.facts.extract import extract
from analyzer.facts.model import FileFacts
from analyzer.judge.exposure import exposure_profile
from analyzer.judge.findings import build_findings
from analyzer.judge.scope import Scope
from analyzer.judge.verdicts import judge_primitives
from analyzer.plan.tests import suggested_tests
from analyzer.plan.upgrade import upgrade_path
from analyzer.report.model import Report, SkippedFile
from analyzer.rubric import Rubric


@dataclass(frozen=True)
class AuditOptions:
    exclude: tuple[str, ...] = ()
    doc_globs: tuple[str, ...] = ()
    fail_on: str = "high"
    extra: dict = field(default_factory=dict)


def collect_facts(paths: Sequence[str | Path], options: AuditOptions) -> list[FileFacts]:
    found = discover(paths, exclude=options.exclude, doc_globs=options.doc_globs)
    return [extract(source) for source in found.files]


def judge_facts(rubric: Rubric, facts: list[FileFacts], options: AuditOptions) -> Report:
    scope = Scope(facts)
    verdicts = judge_primitives(rubric, scope)
    profile = exposure_profile(scope)
    findings = build_findings(rubric, scope, verdicts, profile)
    steps = upgrade_path(rubric, verdicts, findings) if scope.agent_detected else []
    tests = suggested_tests(rubric, steps, scope) if steps else []
    return Report(
        tool_version=__version__,
        agent_detected=scope.agent_detected,
        summary=_summary(scope, verdicts, findings),
        frameworks=scope.frameworks,
        primitives=verdicts,
        exposure=profile,
        findings=findings,
        upgrade_path=steps,
        suggested_tests=tests,
        scanned=sorted(f.path for f in facts if not f.skipped),
        skipped=sorted((SkippedFile(f.path, f.skipped) for f in facts if f.skipped), key=lambda s: s.path),
        fail_on=options.fail_on,
    )


def run_audit(rubric: Rubric, paths: Sequence[str | Path], options: AuditOptions = AuditOptions()) -> Report:
    return judge_facts(rubric, collect_facts(paths, options), options)


def _summary(scope: Scope, verdicts, findings) -> str:
    if not scope.agent_detected:
        count = len(scope.code)
        return (f"No LLM or agent code found in {count} file{'s' if count != 1 else ''}: "
                "no model calls, agent frameworks or tool-dispatch harness, so no primitive applies.")
    counts = {status: sum(1 for v in verdicts if v.status == status) for status in ("present", "partial", "absent")}
    return (f"Agent code found. {counts['present']} of {len(verdicts)} primitives present, "
            f"{counts['partial']} partial, {counts['absent']} absent; {len(findings)} finding"
            f"{'s' if len(findings) != 1 else ''}.")
