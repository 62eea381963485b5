"""Design review: a Markdown design judged on what it says, when it is all there is.

`harness-audit audit docs/DESIGN.md` (only Markdown files named, at least one of them a design
rather than an agent instruction file) reviews the design instead of code:

- a primitive is `present` when the design states a mechanism for it, `partial` when it only
  mentions it or plans it, `absent` when it never comes up;
- the exposure is what the design says the agent does (moves money, sends messages...);
- findings: risky side effects with no approval step (HA250); several agents, supervisors,
  agent messaging, plugin marketplaces or swarms before the foundations have a stated mechanism
  (HA251); maturity features before the foundations (HA254); foundations never addressed
  (HA252) or only named or planned (HA253); plus the documents' own line-level findings. Each
  of these rules gives one finding per review that lists every case, not one per case.

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
    """Only Markdown was named or found (a folder holding design documents and no code or agent
    configuration), and at least one of them is a design document."""
    given = [Path(p) for p in paths]
    if not given:
        return False
    named_markdown = all(p.is_file() and p.suffix.lower() == ".md" for p in given)
    only_markdown = all(f.kind == "markdown" for f in facts)
    if not (named_markdown or only_markdown):
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
    """One finding for every risky side effect the design never gates, anchored at the first."""
    if by_id["P2"].status == "present":
        return
    first: dict[str, object] = {}
    for risk in sorted(r for f in docs for r in f.doc.risks):
        if risk.kind in HIGH_RISK and risk.kind not in first:
            first[risk.kind] = risk
    if not first:
        return
    ordered = sorted(first.items(), key=lambda item: (item[1].path, item[1].line))
    anchor = ordered[0][1]
    detail = "; ".join(f'{kind}: "{risk.text}" (line {risk.line})' for kind, risk in ordered)
    factory.rule("HA250", anchor.path, anchor.line, detail, "|".join(kind for kind, _ in ordered),
                 primitive="P2", confidence=PROSE)


def _unbuilt_foundations(rubric: Rubric, by_id: dict[str, Verdict]) -> list[str]:
    """Foundations with no stated mechanism, and how far the design got with each."""
    words = {"absent": "not addressed", "partial": "only mentioned or planned"}
    return [f"{p} {rubric.primitive(p).slug} ({words[by_id[p].status]})"
            for p in FOUNDATIONS_FIRST if by_id[p].status != "present"]


def _complexity(docs: list[FileFacts]) -> list[tuple[str, str, object]]:
    """(what, path, line) for every coordination structure the design builds, in document order."""
    found = []
    for facts in docs:
        if facts.doc.multi_agent:
            found.append(("several agents", facts.path, facts.doc.multi_agent))
        found += [(kind, facts.path, line) for kind, line in facts.doc.complexity.items()]
    return sorted(found, key=lambda item: (item[1], item[2].line, item[0]))


def _overreach_findings(factory: FindingFactory, rubric: Rubric, docs: list[FileFacts], claims,
                        by_id: dict[str, Verdict]) -> None:
    missing = _unbuilt_foundations(rubric, by_id)
    if not missing:
        return
    built = _complexity(docs)
    if built:
        _, path, first = built[0]
        by_line: dict[tuple[str, int], list[str]] = {}
        texts = {}
        for kind, where, line in built:
            by_line.setdefault((where, line.line), []).append(kind)
            texts[(where, line.line)] = line.text
        what = "; ".join(f'{", ".join(kinds)}: "{texts[key]}" (line {key[1]})' for key, kinds in by_line.items())
        factory.rule("HA251", path, first.line, f"builds {what}; before {', '.join(missing)}",
                     "|".join(kind for kind, _, _ in built), primitive="P12", confidence=PROSE)
    reached = [p for p in MATURITY_REACH if by_id[p].status == "present"]
    if reached:
        claim = min((c for c in claims if c.primitive in reached and c.firmness == "mechanism"),
                    key=lambda c: (c.path, c.line))
        specified = ", ".join(f"{p} {rubric.primitive(p).slug}" for p in reached)
        factory.rule("HA254", claim.path, claim.line, f"specifies {specified}; missing {', '.join(missing)}",
                     "maturity", primitive=reached[0], confidence=PROSE)


def _coverage_findings(factory: FindingFactory, rubric: Rubric, docs: list[FileFacts], claims,
                       by_id: dict[str, Verdict]) -> None:
    """One finding for the foundations never addressed, one for those only named or planned."""
    risky_gate_reported = factory.has("HA250")
    foundations = [p for p in rubric.primitives if p.tier == "foundation"]
    absent = [p for p in foundations if by_id[p.id].status == "absent"
              and not (p.id == "P2" and risky_gate_reported)]
    if absent:
        factory.rule("HA252", docs[0].path, 1, "; ".join(f"{p.id} {p.slug}: {p.title}" for p in absent),
                     "|".join(p.id for p in absent), primitive=absent[0].id, confidence=PROSE)
    partial = [p for p in foundations if by_id[p.id].status == "partial"]
    if partial:
        firsts = [min((c for c in claims if c.primitive == p.id), key=lambda c: (c.rank, c.path, c.line))
                  for p in partial]
        anchor = min(firsts, key=lambda c: (c.path, c.line))
        detail = "; ".join(f"{p.id} {p.slug}: {c.firmness} at line {c.line}" for p, c in zip(partial, firsts))
        factory.rule("HA253", anchor.path, anchor.line, detail, "|".join(p.id for p in partial),
                     primitive=partial[0].id, confidence=PROSE)
