"""Agreement of the analyzer's verdicts with a labelled corpus (accuracy, not speed).

    python bench/agreement.py tests/fixtures/holdout2

Each folder under the corpus holds a project and its labels.yaml (format in
tests/fixtures/projects/README.md). Prints one row per project (`P5:part->abse` = labelled
partial, analyzer says absent), the agreement over all primitive labels, and every `present`
given where the label says `absent`.
"""
import sys, yaml
from pathlib import Path
from analyzer.audit import run_audit, AuditOptions
from analyzer.rubric import load_rubric
rubric = load_rubric()
root = Path(sys.argv[1])
agree = total = 0; over = []
for labels_path in sorted(root.glob("*/labels.yaml")):
    project = labels_path.parent
    labels = yaml.safe_load(labels_path.read_text())
    report = run_audit(rubric, [project], AuditOptions(fail_on="none"))
    if report.agent_detected != labels["agent"]:
        print(f"{project.name:<38} AGENT MISMATCH label={labels['agent']} got={report.agent_detected}")
    if not labels["agent"]:
        continue
    got = {v.id: v.status for v in report.primitives}
    marks = []
    for pid, want in labels["primitives"].items():
        total += 1
        if got[pid] == want: agree += 1; marks.append(".")
        else:
            marks.append(f"{pid}:{want[:4]}->{got[pid][:4]}")
            if got[pid] == "present" and want == "absent": over.append(f"{project.name} {pid}")
    print(f"{project.name:<38} {' '.join(marks)}")
print(f"agreement {agree}/{total} = {agree/total:.1%}; overclaims: {over}")
