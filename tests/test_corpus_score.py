"""Score the analyzer against the hand-labelled fixture projects and shipped examples.

Labels come from reading the code against PRIMITIVES.md, never from the analyzer's output.
The bar: overall agreement on statuses, no `present` where the label is `absent`, and no
primitive verdicts at all for a project without agent code.
"""

from __future__ import annotations


import pytest

from bench.agreement import agreement, audit_projects, labels_of
from tests.conftest import ROOT

AGREEMENT_FLOOR = 0.85  # raise as detectors improve; the goal on held-out code is 0.90
PROJECTS = sorted(
    [p.parent for p in (ROOT / "tests" / "fixtures" / "projects").glob("*/labels.yaml")]
    + [p.parent for p in (ROOT / "examples").glob("*/labels.yaml")]
)


_labels = labels_of


@pytest.fixture(scope="module")
def results():
    return audit_projects(PROJECTS)


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


def test_verdicts_agree_with_the_labels(results):
    score = agreement(results)
    print(score.summary())
    assert score.ratio >= AGREEMENT_FLOOR, score.summary()


def test_never_claims_present_where_absent(results):
    score = agreement(results)
    assert not score.overclaims, "present where the label says absent: " + ", ".join(score.overclaims)
