"""Findings and report data from documents and agent configuration files.

Everything here runs whether or not the project has agent code: a repository whose only
harness is a CLAUDE.md and a `.claude/settings.json` still gets its instruction and config
findings, while its primitives stay not-applicable. Document claims and config controls are
attached to the verdicts for display; they never change a code verdict.
"""

from __future__ import annotations

from analyzer.facts.doc_model import FIRMNESS, Claim
from analyzer.facts.model import FileFacts
from analyzer.finding_factory import FindingFactory
from analyzer.judge.scope import Scope
from analyzer.domain import ClaimItem, DocumentSummary, EvidenceItem, Finding, Verdict
from analyzer.rubric import Rubric

DOC_KINDS = ("markdown", "config")
MAX_CLAIMS = 4  # claims shown per primitive, firmest first
MAX_CONTROLS = 12


def documents(scope: Scope) -> list[FileFacts]:
    """Markdown documents that belong to the project (not test fixtures)."""
    return [f for f in scope.code if f.kind == "markdown" and f.doc is not None]


def configs(scope: Scope) -> list[FileFacts]:
    return [f for f in scope.code if f.kind == "config"]


def file_hits(factory: FindingFactory, files: list[FileFacts]) -> None:
    """Line-level hits that documents and config files found on their own: matched on the line."""
    for facts in files:
        for hit in facts.hits:
            factory.rule(hit.rule, hit.path, hit.line, hit.detail, f"{hit.symbol}|{hit.snippet}", confidence="high")


def doc_findings(rubric: Rubric, scope: Scope, verdicts: list[Verdict]) -> list[Finding]:
    """Instruction-file, config and drift findings for a code audit."""
    from analyzer.judge.drift import drift_findings
    from analyzer.judge.instructions import instruction_findings

    factory = FindingFactory(rubric)
    file_hits(factory, [f for f in scope.code if f.kind in DOC_KINDS])
    instruction_findings(factory, scope)
    if scope.agent_detected:
        drift_findings(factory, rubric, scope, verdicts)
    return factory.findings()


def _claim_item(claim: Claim) -> ClaimItem:
    return ClaimItem(claim.path, claim.line, claim.firmness, claim.heading, claim.text)


def attach_doc_evidence(verdicts: list[Verdict], scope: Scope) -> None:
    """Show each primitive's document claims and config controls beside its verdict."""
    claims = [c for f in documents(scope) for c in f.claims]
    controls = [c for f in configs(scope) for c in f.controls]
    for verdict in verdicts:
        mine = sorted((c for c in claims if c.primitive == verdict.id), key=lambda c: (c.rank, c.path, c.line))
        verdict.claims = list(dict.fromkeys(_claim_item(c) for c in mine))[:MAX_CLAIMS]  # firmest first
        found = sorted((c for c in controls if c.primitive == verdict.id),
                       key=lambda c: (c.strength != "full", c.path, c.line))
        verdict.config_evidence = sorted({EvidenceItem(c.path, c.line, c.detail, c.component, c.strength)
                                          for c in found[:MAX_CONTROLS]})


def document_summaries(scope: Scope) -> list[DocumentSummary]:
    summaries = []
    for facts in sorted(documents(scope), key=lambda f: f.path):
        firmest: dict[str, str] = {}
        for claim in facts.claims:
            current = firmest.get(claim.primitive)
            if current is None or FIRMNESS.index(claim.firmness) < FIRMNESS.index(current):
                firmest[claim.primitive] = claim.firmness
        ordered = dict(sorted(firmest.items(), key=lambda item: int(item[0][1:]) if item[0][1:].isdigit() else 99))
        summaries.append(DocumentSummary(facts.path, facts.doc.role, facts.doc.size_bytes, facts.doc.line_count,
                                         ordered))
    return summaries
