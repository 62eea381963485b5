"""Design review: a Markdown design judged on what it says, when it is all there is.

`harness-audit audit docs/DESIGN.md` (only Markdown files named, at least one of them a design
rather than an agent instruction file) reviews the design instead of code:

- a primitive is `present` when the design states a mechanism for it, `partial` when it only
  mentions it or plans it, `absent` when it never comes up;
- the exposure is what the design says the agent does (moves money, sends messages...);
- findings: a risky side effect with no approval step (HA250), several agents before the
  foundations (HA251), maturity features before the foundations (HA254), a foundation never
  addressed (HA252) or only named (HA253), plus the documents' own line-level findings.

`agent_detected` is true when the document describes an LLM agent at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from analyzer.facts.doc_model import FIRMNESS
from analyzer.facts.model import FileFacts
from analyzer.finding_factory import FindingFactory
from analyzer.judge.doc_findings import file_hits
from analyzer.judge.exposure import HIGH_RISK, exposure_of
from analyzer.judge.scope import Scope
from analyzer.domain import ExposureItem, ExposureProfile, Finding, Verdict
from analyzer.rubric import Rubric

DESIGN_REVIEW = "design-review"
FIRMNESS_STATUS = {"mechanism": "present", "mention": "partial", "aspiration": "partial"}
FOUNDATIONS_FIRST = ("P1", "P2", "P3", "P4", "P5")  # what multi-agent and maturity work stand on
MATURITY_REACH = ("P9", "P10", "P11")
PROSE = "medium"  # confidence of a judgement read from prose by vocabulary, never from code


def is_design_review(paths: Sequence[str | Path], facts: list[FileFacts]) -> bool:
    """Only Markdown files were named, and at least one of them is a design document."""
    given = [Path(p) for p in paths]
    if not given or not all(p.is_file() and p.suffix.lower() == ".md" for p in given):
        return False
    return any(f.kind == "markdown" and f.doc is not None and f.doc.role == "design" for f in facts)


@dataclass
class DesignReview:
    agent_detected: bool
    verdicts: list[Verdict]
    exposure: ExposureProfile
    findings: list[Finding]
    summary: str


def _docs(scope: Scope) -> list[FileFacts]:
    return sorted((f for f in scope.files if not f.skipped and f.kind == "markdown" and f.doc is not None),
                  key=lambda f: f.path)


def review_design(rubric: Rubric, scope: Scope) -> DesignReview:
    docs = _docs(scope)
    names = ", ".join(f.path for f in docs) or "the document"
    factory = FindingFactory(rubric)
    file_hits(factory, docs)
    agent = any("doc:agent" in f.signals for f in docs)
    if not agent:
        verdicts = [Verdict(p.id, p.slug, p.title, p.tier, "not-applicable") for p in rubric.primitives]
        summary = (f"Design review of {names}: the document does not describe an LLM agent, "
                   "so no primitive applies.")
        return DesignReview(False, verdicts, ExposureProfile(level="none"), factory.findings(), summary)
    claims = [c for f in docs for c in f.claims]
    verdicts = []
    for primitive in rubric.primitives:
        mine = [c for c in claims if c.primitive == primitive.id]
        firmest = min((FIRMNESS.index(c.firmness) for c in mine), default=None)
        status = "absent" if firmest is None else FIRMNESS_STATUS[FIRMNESS[firmest]]
        verdicts.append(Verdict(primitive.id, primitive.slug, primitive.title, primitive.tier, status))
    by_id = {v.id: v for v in verdicts}
    exposure = _exposure(docs)
    _risk_findings(factory, rubric, docs, by_id)
    _overreach_findings(factory, rubric, docs, claims, by_id)
    _coverage_findings(factory, rubric, docs, claims, by_id)
    findings = factory.findings()
    counts = {s: sum(1 for v in verdicts if v.status == s) for s in ("present", "partial", "absent")}
    summary = (f"Design review of {names}: {counts['present']} of {len(verdicts)} primitives "
               f"{_are(counts['present'], 'ha')} a stated mechanism, {counts['partial']} {_are(counts['partial'])} "
               f"only mentioned or planned, {counts['absent']} {_are(counts['absent'])} not addressed; "
               f"{len(findings)} finding{'s' if len(findings) != 1 else ''}.")
    return DesignReview(True, verdicts, exposure, findings, summary)


def _are(count: int, verb: str = "be") -> str:
    if verb == "ha":
        return "has" if count == 1 else "have"
    return "is" if count == 1 else "are"


def _exposure(docs: list[FileFacts]) -> ExposureProfile:
    return exposure_of(ExposureItem(r.kind, r.path, r.line, f'"{r.text}"') for f in docs for r in f.doc.risks)


def _risk_findings(factory: FindingFactory, rubric: Rubric, docs: list[FileFacts], by_id: dict[str, Verdict]) -> None:
    if by_id["P2"].status == "present":
        return
    first: dict[str, object] = {}
    for risk in sorted(r for f in docs for r in f.doc.risks):
        if risk.kind in HIGH_RISK and risk.kind not in first:
            first[risk.kind] = risk
    for kind, risk in sorted(first.items(), key=lambda item: (item[1].path, item[1].line)):
        factory.rule("HA250", risk.path, risk.line, f'{kind}: "{risk.text}"', kind, primitive="P2", confidence=PROSE)


def _missing_foundations(rubric: Rubric, by_id: dict[str, Verdict]) -> list[str]:
    return [f"{p} {rubric.primitive(p).slug}" for p in FOUNDATIONS_FIRST if by_id[p].status == "absent"]


def _overreach_findings(factory: FindingFactory, rubric: Rubric, docs: list[FileFacts], claims,
                        by_id: dict[str, Verdict]) -> None:
    missing = _missing_foundations(rubric, by_id)
    if not missing:
        return
    multi = sorted((f.path, f.doc.multi_agent) for f in docs if f.doc.multi_agent)
    if multi:
        path, line = multi[0]
        factory.rule("HA251", path, line.line, f'"{line.text}"; missing {", ".join(missing)}', "multi-agent",
                     primitive="P12", confidence=PROSE)
    reached = [p for p in MATURITY_REACH if by_id[p].status == "present"]
    if reached:
        claim = min((c for c in claims if c.primitive in reached and c.firmness == "mechanism"),
                    key=lambda c: (c.path, c.line))
        specified = ", ".join(f"{p} {rubric.primitive(p).slug}" for p in reached)
        factory.rule("HA254", claim.path, claim.line, f"specifies {specified}; missing {', '.join(missing)}",
                     "maturity", primitive=reached[0], confidence=PROSE)


def _coverage_findings(factory: FindingFactory, rubric: Rubric, docs: list[FileFacts], claims,
                       by_id: dict[str, Verdict]) -> None:
    risky_gate_reported = factory.has("HA250")
    anchor = docs[0].path
    for primitive in rubric.primitives:
        if primitive.tier != "foundation":
            continue
        status = by_id[primitive.id].status
        label = f"{primitive.id} {primitive.slug}: {primitive.title}"
        if status == "absent" and not (primitive.id == "P2" and risky_gate_reported):
            factory.rule("HA252", anchor, 1, label, primitive.id, primitive=primitive.id, confidence=PROSE)
        elif status == "partial":
            first = min((c for c in claims if c.primitive == primitive.id), key=lambda c: (c.rank, c.path, c.line))
            factory.rule("HA253", first.path, first.line, label, primitive.id, primitive=primitive.id, confidence=PROSE)
