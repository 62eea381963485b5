"""Agreement of the analyzer's verdicts with a labelled corpus (accuracy, not speed).

    python bench/agreement.py tests/fixtures/holdout2

Each folder under the corpus holds a project and its labels.yaml (format in
tests/fixtures/projects/README.md). Prints one row per project (`P5:part->abse` = labelled
partial, analyzer says absent), the agreement over all primitive labels, and every `present`
given where the label says `absent`. `tests/test_corpus_score.py` uses the same scoring.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from analyzer.audit import AuditOptions, run_audit
from analyzer.domain import Report
from analyzer.rubric import load_rubric


def labels_of(project: Path) -> dict:
    return yaml.safe_load((project / "labels.yaml").read_text())


def audit_projects(projects: list[Path]) -> dict[str, tuple[dict, Report]]:
    """Project name -> (its labels, the analyzer's report)."""
    rubric = load_rubric()
    return {p.name: (labels_of(p), run_audit(rubric, [p], AuditOptions(fail_on="none"))) for p in projects}


@dataclass
class Agreement:
    agree: int = 0
    total: int = 0
    rows: list[str] = field(default_factory=list)
    overclaims: list[str] = field(default_factory=list)  # present where the label says absent
    detection_misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.agree / self.total if self.total else 1.0

    def summary(self) -> str:
        return "\n".join(self.rows) + (
            f"\nagreement {self.agree}/{self.total} = {self.ratio:.1%}; overclaims: {self.overclaims}; "
            f"agent detection misses: {self.detection_misses}")


def agreement(results: dict[str, tuple[dict, Report]]) -> Agreement:
    score = Agreement()
    for name, (labels, report) in sorted(results.items()):
        if report.agent_detected is not labels["agent"]:
            score.detection_misses.append(name)
        if not labels["agent"]:
            continue
        got = {v.id: v.status for v in report.primitives}
        marks = []
        for pid, want in labels["primitives"].items():
            score.total += 1
            if got[pid] == want:
                score.agree += 1
                marks.append(".")
                continue
            marks.append(f"{pid}:{want[:4]}->{got[pid][:4]}")
            if got[pid] == "present" and want == "absent":
                score.overclaims.append(f"{name} {pid}")
        score.rows.append(f"{name:<38} {' '.join(marks)}")
    return score


def main(argv: list[str]) -> int:
    if len(argv) != 1 or not Path(argv[0]).is_dir():
        print(__doc__, file=sys.stderr)
        return 2
    projects = sorted(p.parent for p in Path(argv[0]).glob("*/labels.yaml"))
    print(agreement(audit_projects(projects)).summary())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
