"""Whole-run benchmark: harness-audit against peers on the same real tree, in the same run.

    python bench/run.py TREE [--repeat 3] [--peer agent-audit] [--peer bandit]

Speed is reported as ratios to harness-audit measured in this run on this machine, so results
from different machines are comparable only as ratios. Each tool runs as a whole process, as a
user would run it; CPU time (user + system of the child) is less noisy than wall time on a busy
machine, so both are shown.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PEERS = {
    # name -> command template ({tree}, {out}); each writes JSON to {out} and is not told to fail.
    "harness-audit": [sys.executable, "-m", "analyzer", "audit", "{tree}", "--format", "json", "--fail-on", "none",
                      "-o", "{out}"],
    "agent-audit": ["agent-audit", "scan", "{tree}", "--format", "json", "-o", "{out}"],
    "bandit": ["bandit", "-r", "{tree}", "-f", "json", "-o", "{out}", "-q"],
}


def _run(command: list[str], out: str) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False)
    wall = time.perf_counter() - start
    # Exit 1 means "findings" for every tool here, but also "crashed" for Python itself: only a
    # report that was written and parses shows that the run happened.
    try:
        with open(out, encoding="utf-8") as handle:
            json.load(handle)
        os.remove(out)
    except (OSError, ValueError):
        raise SystemExit(f"{' '.join(command[:4])} wrote no report ({done.returncode}): {done.stderr.strip()[-400:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tree", type=Path)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--peer", action="append", choices=[p for p in PEERS if p != "harness-audit"])
    args = parser.parse_args()
    if not args.tree.is_dir():
        parser.error(f"{args.tree} is not a folder")
    tools = ["harness-audit", *(args.peer or ["agent-audit"])]
    files = sum(1 for _ in args.tree.rglob("*.py"))
    results: dict[str, tuple[float, float]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for tool in tools:
            template = PEERS[tool]
            if tool != "harness-audit" and shutil.which(template[0]) is None:
                print(f"skip {tool}: not installed (pip install {tool})", file=sys.stderr)
                continue
            out = os.path.join(scratch, f"{tool}.json")
            command = [part.format(tree=args.tree, out=out) for part in template]
            runs = [_run(command, out) for _ in range(args.repeat)]
            results[tool] = (statistics.median(w for w, _ in runs), statistics.median(c for _, c in runs))
    base_wall, base_cpu = results["harness-audit"]
    print(f"tree: {args.tree} ({files} Python files), median of {args.repeat} runs")
    print(f"{'tool':<15} {'wall s':>8} {'cpu s':>8} {'cpu ratio':>10} {'files/s (cpu)':>14}")
    for tool, (wall, cpu) in results.items():
        print(f"{tool:<15} {wall:>8.2f} {cpu:>8.2f} {cpu / base_cpu:>10.2f} {files / cpu if cpu else 0:>14.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
