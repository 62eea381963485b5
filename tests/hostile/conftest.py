"""Hostile inputs: run the real CLI in a subprocess under a time and memory ceiling.

The ceilings are generous (a loaded 2-core machine): the point is that nothing hangs for
minutes or takes gigabytes, not a benchmark. Large inputs are generated here, at test time.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CEILING_SECONDS = 90
CEILING_MEGABYTES = 2500  # address space of the whole process (Python, libcst, libyaml)
AGENT = (
    "import anthropic\n\nclient = anthropic.Anthropic()\n\n\n"
    "def run(messages):\n    while True:\n"
    "        reply = client.messages.create(model=\"claude-sonnet-4-5\", max_tokens=1024, messages=messages)\n"
    "        messages.append({\"role\": \"assistant\", \"content\": reply.content})\n"
)


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> dict:
        return json.loads(self.stdout)

    def skipped(self) -> dict[str, dict]:
        return {item["path"]: item for item in self.json()["files"]["skipped"]}


def _limit_memory() -> None:
    ceiling = CEILING_MEGABYTES * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))


def harness_audit(*args: str | Path, cwd: Path | None = None, seconds: float = CEILING_SECONDS) -> Run:
    """`python -m analyzer ARGS` in a child process with the ceilings; a hang fails the test."""
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": "0"}
    try:
        done = subprocess.run([sys.executable, "-m", "analyzer", *map(str, args)], cwd=cwd or ROOT, env=env,
                              capture_output=True, timeout=seconds, preexec_fn=_limit_memory)
    except subprocess.TimeoutExpired:
        pytest.fail(f"harness-audit {' '.join(map(str, args))} ran past {seconds} s")
    elapsed = time.monotonic() - started
    run = Run(done.returncode, done.stdout.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace"), elapsed)
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    return run


@pytest.fixture
def project(tmp_path):
    """A small agent project plus the given files (text or bytes); returns its folder."""

    def make(files: dict[str, str | bytes] | None = None) -> Path:
        folder = tmp_path / "project"
        folder.mkdir(exist_ok=True)
        (folder / "agent.py").write_text(AGENT, encoding="utf-8")
        for name, content in (files or {}).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return folder

    return make
