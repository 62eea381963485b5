"""Score the analyzer against the blind sets of real repositories (labels in bench/blind/).

    python bench/restore_blind.py --into DIR          # first, once
    python bench/blind_score.py --into DIR [--set set_a] [--findings]

Per repository: the primitive statuses that differ (`P5:part->abse` = labelled partial,
analyzer says absent) and the must-find findings missed. Totals: exact agreement (same
status), agreement (exact counts 1, a one-step miss such as partial for present counts 0.5),
`present` where the label says `absent`, and must-find recall (the rule reported in the
labelled file within 3 lines of the labelled line). `--findings` lists every finding at
medium or above, for checking precision by hand. A bench script, not a test: the
repositories are outside this one.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from analyzer.audit import AuditOptions, run_audit
from analyzer.rubric import load_rubric, severity_rank

sys.path.insert(0, str(Path(__file__).parent))
from restore_blind import DEFAULT_INTO, checkout_dir, label_files  # noqa: E402

ORDER = {"absent": 0, "partial": 1, "present": 2}
LINE_SLACK = 3


def score(sets: list[str] | None, into: Path, show_findings: bool) -> int:
    rubric = load_rubric()
    exact = half = total = found = must = 0
    overclaims: list[str] = []
    for path in label_files(sets):
        label = yaml.safe_load(path.read_text())
        root = checkout_dir(into, label) / label.get("subdir", ".")
        if not root.is_dir():
            print(f"{label['name']}: not restored ({root}); run bench/restore_blind.py", file=sys.stderr)
            return 2
        report = run_audit(rubric, [root], AuditOptions(fail_on="none"))
        got = {v.id: v.status for v in report.primitives}
        marks = []
        for pid, want in label["primitives"].items():
            total += 1
            have = got.get(pid, "not-applicable")
            if have == want:
                exact += 1
                continue
            if have in ORDER and abs(ORDER[have] - ORDER[want]) == 1:
                half += 1
            if have == "present" and want == "absent":
                overclaims.append(f"{label['name']} {pid}")
            marks.append(f"{pid}:{want[:4]}->{have[:4]}")
        missed = []
        for item in label.get("must_find") or []:
            must += 1
            hit = any(f.rule == item["rule"] and f.path == item["file"] and abs(f.line - item["line"]) <= LINE_SLACK
                      for f in report.findings)
            found += hit
            if not hit:
                missed.append(f"{item['rule']}@{item['file']}:{item['line']}")
        print(f"{label['name']:<24} {' '.join(marks) or 'all agree'}" + (f"  | missed: {', '.join(missed)}" if missed else ""))
        if show_findings:
            for f in report.findings:
                if severity_rank(f.severity) <= severity_rank("medium"):
                    print(f"    {f.severity:<8} {f.rule:<6} {f.path}:{f.line}  {f.message[:110]}")
    print(f"exact {exact}/{total} = {exact / total:.1%}; agreement {(exact + 0.5 * half) / total:.1%}; "
          f"present-where-absent: {overclaims or 'none'}; must-find {found}/{must}")
    return 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--into", type=Path, default=DEFAULT_INTO)
    parser.add_argument("--set", action="append", dest="sets")
    parser.add_argument("--findings", action="store_true")
    args = parser.parse_args(argv)
    return score(args.sets, args.into, args.findings)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
