"""The hostile-input fuzz run, longer than CI's: every reader for SECONDS each, with counts.

    PYTHONPATH=. python bench/fuzz_hostile.py --seconds 60

Counts per target: inputs tried, crashes (any exception but the reader's documented error,
with the first input kept under bench/fuzz-crashes/), hangs (an input over --hang seconds).
The targets are tests/hostile/fuzz_targets.py, the same CI runs for a few seconds.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.hostile.fuzz_targets import TARGETS  # noqa: E402


class _TimeUp(Exception):
    pass


def fuzz(name: str, seconds: float, hang: float, crashes_dir: Path) -> dict:
    strategy, target = TARGETS[name]
    counts = {"inputs": 0, "crashes": 0, "hangs": 0, "slowest": 0.0}
    stop_at = time.monotonic() + seconds

    @settings(max_examples=10**7, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy())
    def run(text):
        if time.monotonic() > stop_at:
            raise _TimeUp
        counts["inputs"] += 1
        started = time.monotonic()
        try:
            with tempfile.TemporaryDirectory() as folder:
                target(Path(folder), text)
        except Exception:  # noqa: BLE001 - counted and kept, the run goes on
            counts["crashes"] += 1
            crashes_dir.mkdir(parents=True, exist_ok=True)
            (crashes_dir / f"{name}-{counts['crashes']}.txt").write_text(
                repr(text) + "\n\n" + traceback.format_exc(), encoding="utf-8")
        took = time.monotonic() - started
        counts["slowest"] = max(counts["slowest"], took)
        counts["hangs"] += took > hang

    try:
        run()
    except BaseException:  # noqa: BLE001 - hypothesis wraps the time-up signal in its own errors
        if time.monotonic() <= stop_at:
            raise
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60, help="per target")
    parser.add_argument("--hang", type=float, default=10, help="an input slower than this counts as a hang")
    parser.add_argument("--target", action="append", choices=sorted(TARGETS))
    args = parser.parse_args()
    crashes_dir = Path(__file__).resolve().parent / "fuzz-crashes"
    total = {"inputs": 0, "crashes": 0, "hangs": 0}
    print(f"{'target':15} {'inputs':>7} {'crashes':>8} {'hangs':>6} {'slowest':>8}")
    for name in args.target or sorted(TARGETS):
        counts = fuzz(name, args.seconds, args.hang, crashes_dir)
        print(f"{name:15} {counts['inputs']:7d} {counts['crashes']:8d} {counts['hangs']:6d} {counts['slowest']:7.2f}s")
        for key in total:
            total[key] += counts[key]
    print(f"{'total':15} {total['inputs']:7d} {total['crashes']:8d} {total['hangs']:6d}")
    return 1 if total["crashes"] or total["hangs"] else 0


if __name__ == "__main__":
    sys.exit(main())
