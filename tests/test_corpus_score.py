"""Score the analyzer against the hand-labelled fixture projects and shipped examples.

Labels come from reading the code against PRIMITIVES.md, never from the analyzer's output.
The bar: overall agreement on statuses, no `present` where the label is `absent`, and no
primitive verdicts at all for a project without agent code.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from analyzer.audit import AuditOptions, run_audit
from analyzer.rubric import load_rubric
from tests.conftest import ROOT

AGREEMENT_FLOOR = 0.85  # raise as detectors improve; the goal on held-out code is 0.90
PROJECTS = sorted(
    [p.parent for p in (ROOT / "tests" / "fixtures" / "projects").glob("*/labels.yaml")]
    + [p.parent for p in (ROOT / "examples").glob("*/labels.yaml")]
)


def _labels(project: Path) -> dict:
    return yaml.safe_load((project / "labels.yaml").read_text())


@pytest.fixture(scope="module")
def results():
    rubric = load_rubric()
    scored = {}
    for project in PROJECTS:
        report = run_audit(rubric, [project], AuditOptions(fail_on="none"))
        scored[project.name] = (_labels(project), report)
    return scored


def test_corpus_is_large_and_varied():
    assert len(PROJECTS) >= 12
    frameworks = {f for p in PROJECTS for f in (_labels(p).get("frameworks") or [])}
    assert len(frameworks) >= 8, sorted(frameworks)
    assert any(_labels(p)["agent"] is False for p in PROJECTS)


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_agent_detection_matches_the_label(project, results):
    labels, report = results[project.name]
    assert report.agent_detected is labels["agent"], report.summary
    if not labels["agent"]:
        assert report.findings == [] or all(f.rule.startswith("HA2") for f in report.findings)
        assert {v.status for v in report.primitives} == {"not-applicable"}


def _table(results) -> tuple[int, int, list[str], list[str]]:
    agree = total = 0
    rows, overclaims = [], []
    for name, (labels, report) in sorted(results.items()):
        if not labels["agent"]:
            continue
        got = {v.id: v.status for v in report.primitives}
        marks = []
        for pid, want in labels["primitives"].items():
            total += 1
            if got[pid] == want:
                agree += 1
                marks.append(".")
            else:
                marks.append(f"{pid}:{want[:4]}->{got[pid][:4]}")
                if got[pid] == "present" and want == "absent":
                    overclaims.append(f"{name} {pid}")
        rows.append(f"{name:<34} {' '.join(marks)}")
    return agree, total, rows, overclaims


def test_verdicts_agree_with_the_labels(results):
    agree, total, rows, _ = _table(results)
    report = "\n".join(rows) + f"\nagreement {agree}/{total} = {agree / total:.1%}"
    print(report)
    assert agree / total >= AGREEMENT_FLOOR, report


def test_never_claims_present_where_absent(results):
    _, _, rows, overclaims = _table(results)
    assert not overclaims, "present where the label says absent: " + ", ".join(overclaims)
