"""An audit from start to end: discover -> extract facts per file -> judge -> plan -> report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

from analyzer import __version__
from analyzer.budget import FileBudget
from analyzer.config import repository_prefix, working_prefix
from analyzer.discover import audit_root, discover
from analyzer.pipeline.collect import CollectStats, collect  # first: it loads the facts package
from analyzer.facts.model import FileFacts
from analyzer.pipeline.cache import FactCache
from analyzer.pipeline.progress import Progress
from analyzer.finding_filter import filter_findings
from analyzer.internal_error import working_on
from analyzer.judge.config_harness import (
    AGENT_CONFIG,
    MIXED,
    client_setup,
    judge_setup,
    setup_exposure,
    setup_findings,
    setup_rule_findings,
)
from analyzer.judge.exposure import exposure_profile
from analyzer.judge.design_review import DESIGN_REVIEW, is_design_review, review_design
from analyzer.judge.doc_findings import attach_doc_evidence, doc_findings, document_summaries
from analyzer.judge.findings import build_findings
from analyzer.judge.gates import tool_reaches
from analyzer.judge.scope import Scope
from analyzer.judge.verdicts import judge_primitives
from analyzer.plan.tests import suggested_tests
from analyzer.plan.upgrade import upgrade_path
from analyzer.policy import Policy
from analyzer.project.anatomy import build_anatomy, limit_sites
from analyzer.project.entry_points import entry_hints
from analyzer.domain import Report, SkippedFile
from analyzer.rubric import Rubric


@dataclass(frozen=True)
class AuditOptions:
    exclude: tuple[str, ...] = ()
    doc_globs: tuple[str, ...] = ()
    fail_on: str = "high"
    policy: Policy = Policy()  # select / ignore / severity overrides (analyzer/policy.py)
    baseline: frozenset[str] | None = None  # finding ids to leave out (--baseline; analyzer/baseline.py)
    jobs: int = 1  # processes for the per-file analysis (--jobs; analyzer/pipeline/collect.py)
    cache_dir: Path | None = None  # per-file facts cache; None: no cache (--no-cache; analyzer/pipeline/cache.py)
    progress: bool = False  # files done / total on stderr when it is a terminal
    stats: CollectStats | None = field(default=None, compare=False)  # filled in when given (--stats)
    budget: FileBudget = FileBudget()  # per-file time and memory (analyzer/budget.py)


def collect_facts(paths: Sequence[str | Path], options: AuditOptions) -> list[FileFacts]:
    found = discover(paths, exclude=options.exclude, doc_globs=options.doc_globs)
    cache = FactCache(options.cache_dir) if options.cache_dir is not None else None
    return collect(found.files, jobs=options.jobs, cache=cache,
                   progress=Progress(len(found.files), enabled=options.progress), stats=options.stats,
                   budget=options.budget)


def judge_facts(rubric: Rubric, facts: list[FileFacts], options: AuditOptions, mode: str = "code",
                entry_points: tuple[str, ...] = ()) -> Report:
    scope = Scope(facts, entry_points)
    if mode == DESIGN_REVIEW:  # a Markdown design judged on its own claims (analyzer/judge/design_review.py)
        review = review_design(rubric, scope)
        agent_detected, verdicts, profile, findings = review.agent_detected, review.verdicts, review.exposure, review.findings
    else:
        agent_detected = scope.agent_detected
        verdicts = judge_primitives(rubric, scope)
        profile = exposure_profile(scope)
        # Instruction files, agent configs and docs-vs-code drift count with or without agent code.
        findings = build_findings(rubric, scope, verdicts, profile) + doc_findings(rubric, scope, verdicts)
    attach_doc_evidence(verdicts, scope)
    setup = client_setup(scope) if mode != DESIGN_REVIEW else None
    if setup is not None:  # an agent client's configuration is (part of) the harness
        judge_setup(rubric, setup, verdicts, replace=not agent_detected)
        findings = setup_rule_findings(rubric, setup) + findings
        if agent_detected:
            mode = MIXED
        else:
            mode, agent_detected, profile = AGENT_CONFIG, True, setup_exposure(setup)
            findings = setup_findings(rubric, setup, verdicts, profile) + findings
    reported, baselined = findings, 0
    if agent_detected or findings:  # suppressed / policy-dropped / baselined: analyzer/finding_filter.py
        filtered = filter_findings(findings, facts, rubric, options.policy, options.baseline)
        findings, reported, baselined = filtered.judged, filtered.reported, filtered.baselined
    steps = upgrade_path(rubric, verdicts, findings, scope) if agent_detected else []
    anatomy = build_anatomy(scope.model, tool_reaches(scope), limit_sites(scope.code)) \
        if scope.agent_detected and mode != DESIGN_REVIEW else {}
    tests = suggested_tests(rubric, steps, scope, anatomy) if steps and mode not in (DESIGN_REVIEW, AGENT_CONFIG) else []
    report = Report(
        tool_version=__version__,
        agent_detected=agent_detected,
        summary=review.summary if mode == DESIGN_REVIEW else _summary(scope, verdicts, findings, mode),
        frameworks=scope.frameworks,
        primitives=verdicts,
        exposure=profile,
        findings=reported,
        upgrade_path=steps,
        suggested_tests=tests,
        scanned=sorted(f.path for f in facts if not f.skipped),
        skipped=sorted((SkippedFile(f.path, f.skipped, f.skipped_line) for f in facts if f.skipped),
                       key=lambda s: s.path),
        fail_on=options.fail_on,
        rubric=rubric,
        mode=mode,
        documents=document_summaries(scope),
        anatomy=anatomy,
    )
    report.baselined, report.baseline_used = baselined, options.baseline is not None
    return report


def run_audit(rubric: Rubric, paths: Sequence[str | Path], options: AuditOptions = AuditOptions()) -> Report:
    facts = collect_facts(paths, options)
    mode = DESIGN_REVIEW if is_design_review(paths, facts) else "code"
    root = audit_root([Path(p) for p in paths])
    with working_on("the project (judging the facts of every file)"):
        report = judge_facts(rubric, facts, options, mode, entry_hints(root))
    report.path_prefix = repository_prefix(root)
    report.cwd_prefix = working_prefix(root)
    return report


def _summary(scope: Scope, verdicts, findings, mode: str = "code") -> str:
    counts = {status: sum(1 for v in verdicts if v.status == status) for status in ("present", "partial", "absent")}
    judged = sum(counts.values())
    tally = (f"{counts['present']} of {judged} primitives present, {counts['partial']} partial, {counts['absent']} absent; "
             f"{len(findings)} finding{'s' if len(findings) != 1 else ''}.")
    if mode == AGENT_CONFIG:
        return f"No agent code; the harness is an agent client's configuration. {tally}"
    if not scope.agent_detected:
        count = sum(1 for f in scope.code if f.kind not in ("markdown", "config"))
        text = (f"No LLM or agent code found in {count} file{'s' if count != 1 else ''}: "
                "no model calls, agent frameworks or tool-dispatch harness, so no primitive applies.")
        if count == 0:
            text = "No code files found, so no primitive applies."
        checked = sum(1 for f in scope.code if f.kind in ("markdown", "config"))
        if checked:
            text += (f" {checked} agent instruction, design or configuration file{'s' if checked != 1 else ''} "
                     f"checked: {len(findings)} finding{'s' if len(findings) != 1 else ''}.")
        return text
    text = (f"Agent code found. {counts['present']} of {len(verdicts)} primitives present, "
            f"{counts['partial']} partial, {counts['absent']} absent; {len(findings)} finding"
            f"{'s' if len(findings) != 1 else ''}.")
    if mode == MIXED:
        text += " The agent client's configuration is judged beside it (config_status)."
    return text
