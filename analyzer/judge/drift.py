"""Drift between documents and code: what the design docs say the harness does, against what
the code was found to do.

- A primitive a design document states as a mechanism, while the code has none of it (HA260)
  or only part (HA261): the finding stands at the document's sentence and names what was
  looked for in the code.
- A primitive the code has in full that no document mentions at all (HA262, info).

Only design documents count as claims about the code: an instruction file (CLAUDE.md) tells a
coding agent how to behave, it does not describe the product. Any document counts as a
mention. Nothing here runs unless the project has both agent code and documents.
"""

from __future__ import annotations

from analyzer.finding_factory import FindingFactory, found_and_missing
from analyzer.judge.doc_findings import documents
from analyzer.judge.scope import Scope
from analyzer.domain import Verdict
from analyzer.rubric import Rubric

ABSENT_RULE, PARTIAL_RULE, UNDOCUMENTED_RULE = "HA260", "HA261", "HA262"


def drift_findings(factory: FindingFactory, rubric: Rubric, scope: Scope, verdicts: list[Verdict]) -> None:
    docs = documents(scope)
    if not docs or not scope.agent_detected:
        return
    design_claims = sorted(c for f in docs if f.doc.role == "design" for c in f.claims)
    mentioned = {c.primitive for f in docs for c in f.claims}
    for verdict in verdicts:
        primitive = rubric.primitive(verdict.id)
        firm = [c for c in design_claims if c.primitive == verdict.id and c.firmness == "mechanism"]
        if firm and verdict.status in ("absent", "partial"):
            claim = firm[0]
            searched = ", ".join(verdict.missing) or ", ".join(primitive.required_components)
            where = f'under "{claim.heading}"' if claim.heading else "in the preamble"
            if verdict.status == "absent":
                rule = ABSENT_RULE
                found = f"searched the code for {searched}: none found"
            else:
                rule = PARTIAL_RULE
                found = found_and_missing(verdict, found="the code has")
            others = f"; {len(firm) - 1} more such sentence{'s' if len(firm) > 2 else ''}" if len(firm) > 1 else ""
            detail = f'{verdict.id} {primitive.slug}: {where}, "{claim.text}"; {found}{others}'
            # The claim is read from prose, the code's side from evidence: medium.
            factory.rule(rule, claim.path, claim.line, detail, f"{verdict.id}|{claim.heading}|{claim.text}",
                         primitive=verdict.id, confidence="medium")
        if verdict.status == "present" and verdict.id not in mentioned and verdict.evidence:
            first = verdict.evidence[0]
            factory.rule(UNDOCUMENTED_RULE, first.path, first.line, f"{verdict.id} {primitive.slug}", verdict.id,
                         primitive=verdict.id, confidence="medium")
