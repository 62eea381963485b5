"""Whole-run benchmark: harness-audit cold, warm and after a one-file change, against peers on the
same real tree, in the same run.

    python bench/run.py TREE [TREE ...] [--repeat 3] [--jobs N] [--peer bandit] [--peer agent-audit]
    python bench/run.py --fetch DIR     # download and unpack the three source trees below into DIR

harness-audit is measured three ways on each tree:
  cold    an empty facts cache (every file parsed and checked);
  warm    the cache from the previous run, nothing changed;
  change  the cache warm, one Python file changed (a different line appended each run).
Peers run once per repetition as a user would run them. Every command runs in its own measuring
process, so CPU (user + system of the command and its workers) and peak memory (the largest
single process) belong to that command alone. Ratios are to the first peer (bandit by default)
measured in this run on this machine: compare ratios, not seconds, across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

# Three real trees of different sizes: source distributions from PyPI, fetched with pip itself.
TREES = {
    "openai-agents==0.24.0": "openai_agents-0.24.0",  # the SDK, its examples and tests (~970 Python files)
    "smolagents==1.20.0": "smolagents-1.20.0",
    "langgraph==0.6.7": "langgraph-0.6.7",
}

HARNESS = [sys.executable, "-m", "analyzer", "audit", "{tree}", "--format", "json", "--fail-on", "none",
           "-o", "{out}", "-q"]
PEERS = {
    # name -> command template ({tree}, {out}); each writes JSON to {out} and is not told to fail.
    "bandit": ["bandit", "-r", "{tree}", "-f", "json", "-o", "{out}", "-q"],
    "agent-audit": ["agent-audit", "scan", "{tree}", "--format", "json", "-o", "{out}"],
}

# Runs COMMAND in a fresh process and prints its wall time, CPU and peak memory as JSON.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
wall = time.perf_counter() - start
use = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = use.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
print(json.dumps({"wall": wall, "cpu": use.ru_utime + use.ru_stime, "peak": peak,
                  "code": done.returncode, "stderr": done.stderr[-400:]}))
"""


def measure(command: list[str], out: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _MEASURE, *command], capture_output=True, text=True, check=True)
    result = json.loads(done.stdout)
    # Exit 1 means "findings" for every tool here, but also "crashed" for Python itself: only a
    # report that was written and parses shows that the run happened.
    try:
        with open(out, encoding="utf-8") as handle:
            json.load(handle)
        os.remove(out)
    except (OSError, ValueError):
        raise SystemExit(f"{' '.join(command[:4])} wrote no report ({result['code']}): {result['stderr']}")
    return result


def fetch(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    trees = []
    for requirement, name in TREES.items():
        target = folder / name
        if not target.is_dir():
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:", "-q",
                            "-d", str(folder), requirement], check=True)
            archive = next(folder.glob(f"{name}.tar.gz"))
            with tarfile.open(archive) as tar:
                tar.extractall(folder, filter="data")
        trees.append(target)
    return trees


def bench_tree(tree: Path, repeat: int, jobs: int | None, peers: list[str]) -> None:
    files = sum(1 for _ in tree.rglob("*.py"))
    rows: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "tree"
        shutil.copytree(tree, work, symlinks=True)
        sizes = sorted(work.rglob("*.py"), key=lambda p: (p.stat().st_size, str(p)))
        changed = sizes[len(sizes) // 2]  # a file of median size
        original = changed.read_bytes()
        out = os.path.join(scratch, "report.json")
        harness = [part.format(tree=work, out=out) for part in HARNESS] + (["--jobs", str(jobs)] if jobs else [])
        for run in range(repeat):
            cache = Path(scratch) / f"cache-{run}"
            with_cache = harness + ["--cache-dir", str(cache)]
            rows.setdefault("harness-audit cold", []).append(measure(with_cache, out))
            rows.setdefault("harness-audit warm", []).append(measure(with_cache, out))
            changed.write_bytes(original + f"\n# benchmark change {run}\n".encode())
            rows.setdefault("harness-audit change", []).append(measure(with_cache, out))
            changed.write_bytes(original)
            for peer in peers:
                command = [part.format(tree=work, out=out) for part in PEERS[peer]]
                rows.setdefault(peer, []).append(measure(command, out))
    base = peers[0] if peers else "harness-audit cold"
    base_wall = statistics.median(r["wall"] for r in rows[base])
    base_cpu = statistics.median(r["cpu"] for r in rows[base])
    print(f"\n{tree.name}: {files} Python files, median of {repeat} runs, ratios to {base}")
    print(f"| {'run':<22} | {'wall s':>7} | {'cpu s':>7} | {'peak MB':>7} | {'wall ratio':>10} | {'cpu ratio':>9} |")
    print(f"|{'-' * 24}|{'-' * 9}|{'-' * 9}|{'-' * 9}|{'-' * 12}|{'-' * 11}|")
    for name, results in rows.items():
        wall = statistics.median(r["wall"] for r in results)
        cpu = statistics.median(r["cpu"] for r in results)
        peak = max(r["peak"] for r in results) / 1e6
        print(f"| {name:<22} | {wall:>7.2f} | {cpu:>7.2f} | {peak:>7.0f} | {wall / base_wall:>10.2f} | "
              f"{cpu / base_cpu:>9.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("trees", type=Path, nargs="*")
    parser.add_argument("--fetch", type=Path, metavar="DIR", help="download and unpack the benchmark trees into DIR")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="harness-audit --jobs (default: its own default)")
    parser.add_argument("--peer", action="append", choices=sorted(PEERS))
    args = parser.parse_args()
    trees = list(args.trees) + (fetch(args.fetch) if args.fetch else [])
    if not trees:
        parser.error("give a TREE or --fetch DIR")
    peers = []
    for peer in args.peer or ["bandit"]:
        if shutil.which(PEERS[peer][0]) is None:
            print(f"skip {peer}: not installed (pip install {peer})", file=sys.stderr)
        else:
            peers.append(peer)
    print(f"Python {sys.version.split()[0]} on {os.cpu_count()} CPUs")
    for tree in trees:
        if not tree.is_dir():
            parser.error(f"{tree} is not a folder")
        bench_tree(tree, args.repeat, args.jobs, peers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
