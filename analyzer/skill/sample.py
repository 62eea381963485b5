"""A small, made-up audit report and design plan used by the skill's reference files.

The project is invented (a support bot on the raw Anthropic SDK with a shell tool), but
every word about a primitive or a rule comes from the rubric, and the upgrade path and the
suggested tests come from the same planning code as a real audit. The output-contract page
walks this report to list every JSON field, so it fills every list the report can hold.
"""

from __future__ import annotations

from analyzer import __version__
from analyzer.design import design
from analyzer.finding_factory import FindingFactory, primitive_message
from analyzer.judge.findings import primitive_severity
from analyzer.judge.scope import Scope
from analyzer.plan.tests import suggested_tests
from analyzer.plan.upgrade import upgrade_path
from analyzer.domain import (
    ClaimItem,
    DocumentSummary,
    EvidenceItem,
    ExposureItem,
    ExposureProfile,
    Finding,
    Report,
    SkippedFile,
    Verdict,
)
from analyzer.rubric import Rubric

DESIGN_PROMPT = "A support bot that answers customers about their orders and can issue refunds up to $50"
SWARM_PROMPT = "A swarm of five agents that coordinate to triage our inbox, draft replies and send them"
PROJECT = "support-bot"
REQUEST = "Audit the harness of my support bot before we let customers use it."
LOOP = ("agent.py", 22)  # where the model-call loop is; repository-level findings point here
LOOP_PLACE = "the agent loop `run_agent`"

# What the analyzer found for the primitives it did not rate absent: (component, path, line, detail).
EVIDENCE = {
    "P1": [("tool-specs", "tools.py", 8, "3 JSON-schema tool specs with name and input schema")],
}
DISCOUNTED = {
    "P8": [("self-check", "helpers.py", 40, "verify_answer() compares the reply with the ticket")],
}
# What the project's design doc says, beside the code's evidence (never counted as evidence).
CLAIMS = {
    "P2": [ClaimItem("docs/DESIGN.md", 14, "aspiration", "Safety",
                     "Shell commands will need a human's approval before they run.")],
}
DOCUMENTS = [DocumentSummary("docs/DESIGN.md", "design", 1840, 52, {"P2": "aspiration"})]
EXPOSURE = ExposureProfile(
    level="high",
    kinds=["shell", "file-write"],
    items=[
        ExposureItem("shell", "tools.py", 31, "run_command() calls subprocess.run(shell=True)"),
        ExposureItem("file-write", "tools.py", 44, "write_note() opens a model-chosen path for writing"),
    ],
)
# Line-level hits: (rule, path, line, detail, confidence).
HITS = [
    ("HA103", "tools.py", 31, "run_command", "medium"),
    ("HA101", "agent.py", 22, "while True", "high"),
]
SCANNED = ["agent.py", "docs/DESIGN.md", "helpers.py", "main.py", "tools.py"]
SKIPPED = [SkippedFile("legacy/old_agent.py", "syntax error: a Python 2 print statement", 3)]


def _verdicts(rubric: Rubric) -> list[Verdict]:
    verdicts = []
    for p in rubric.primitives:
        evidence = [EvidenceItem(path, line, detail, component) for component, path, line, detail in EVIDENCE.get(p.id, [])]
        discounted = [EvidenceItem(path, line, detail, component)
                      for component, path, line, detail in DISCOUNTED.get(p.id, [])]
        found = {e.component for e in evidence}
        missing = [c for c in p.required_components if c not in found]
        status = "present" if not missing else ("partial" if evidence else "absent")
        verdicts.append(Verdict(p.id, p.slug, p.title, p.tier, status, evidence, missing, discounted,
                                claims=list(CLAIMS.get(p.id, []))))
    return verdicts


def _findings(rubric: Rubric, verdicts: list[Verdict]) -> list[Finding]:
    factory = FindingFactory(rubric)
    for v in verdicts:
        if v.status not in ("absent", "partial"):
            continue
        p = rubric.primitive(v.id)
        path, line = (v.evidence[0].path, v.evidence[0].line) if v.evidence else LOOP
        factory.primitive(v, primitive_severity(p, v.status, EXPOSURE), primitive_message(p, v, LOOP_PLACE), path,
                          line, confidence="high")
    for rule_id, path, line, detail, confidence in HITS:
        factory.rule(rule_id, path, line, detail, detail, confidence=confidence)
    return factory.findings()


def sample_report(rubric: Rubric) -> Report:
    """The made-up support bot's audit, as `harness-audit audit --format json` would report it."""
    verdicts = _verdicts(rubric)
    findings = _findings(rubric, verdicts)
    steps = upgrade_path(rubric, verdicts, findings)
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in ("present", "partial", "absent")}
    return Report(
        tool_version=__version__,
        agent_detected=True,
        summary=(f"Agent code found. {counts['present']} of {len(verdicts)} primitives present, "
                 f"{counts['partial']} partial, {counts['absent']} absent; {len(findings)} findings."),
        frameworks=["anthropic"],
        primitives=verdicts,
        exposure=EXPOSURE,
        findings=findings,
        upgrade_path=steps,
        suggested_tests=suggested_tests(rubric, steps, Scope([])),
        scanned=list(SCANNED),
        skipped=list(SKIPPED),
        documents=list(DOCUMENTS),
    )


def sample_plan(rubric: Rubric, prompt: str = DESIGN_PROMPT) -> dict:
    """`harness-audit design PROMPT --format json` for a made-up request, as plain data."""
    return design(rubric, prompt)
