"""The per-file pipeline gives the same bytes with or without the cache and with 1 or N jobs,
survives a corrupt cache entry, and re-analyses only the file that changed (counted by --stats)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_cli

# 13 Python files: above the pool's threshold, so --jobs 2 really starts workers.
PROJECT = FIXTURES / "projects" / "anthropic-careful-harness"


def _audit(path: Path, *extra: str):
    result = run_cli("audit", str(path), "--format", "json", "--fail-on", "none", "--cache-stats", *extra)
    assert result.exit_code == 0, result.output
    report = result.stdout
    json.loads(report)
    return report, _stats(result.stderr)


def _stats(stderr: str) -> dict[str, int]:
    match = re.search(r"(\d+) files: (\d+) analysed, (\d+) from cache, (\d+) not read"
                      r"(?:, (\d+) corrupt cache entries replaced)? \((\d+) jobs?\)", stderr)
    assert match, stderr
    files, analysed, cached, unread, corrupt, jobs = (int(g or 0) for g in match.groups())
    return {"files": files, "analysed": analysed, "cached": cached, "unread": unread, "corrupt": corrupt, "jobs": jobs}


@pytest.fixture
def project(tmp_path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(PROJECT, copy)
    return copy


def test_one_and_two_jobs_write_the_same_bytes(project):
    one, one_stats = _audit(project, "--no-cache", "--jobs", "1")
    two, two_stats = _audit(project, "--no-cache", "--jobs", "2")
    assert (one_stats["jobs"], two_stats["jobs"]) == (1, 2)
    assert one_stats["analysed"] == two_stats["analysed"] == one_stats["files"] > 8
    assert one == two


def test_cached_run_writes_the_same_bytes_and_parses_nothing(project, tmp_path):
    cache = tmp_path / "cache"
    uncached, _ = _audit(project, "--no-cache")
    cold, cold_stats = _audit(project, "--cache-dir", str(cache))
    warm, warm_stats = _audit(project, "--cache-dir", str(cache))
    assert cold == warm == uncached
    assert (cold_stats["analysed"], cold_stats["cached"]) == (cold_stats["files"], 0)
    assert (warm_stats["analysed"], warm_stats["cached"]) == (0, warm_stats["files"])


def test_one_changed_file_is_the_only_one_analysed_again(project, tmp_path):
    cache = tmp_path / "cache"
    _audit(project, "--cache-dir", str(cache))
    changed = project / "opsbot" / "budget.py"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\ndef unused_helper():\n    return 1\n", encoding="utf-8")
    after, stats = _audit(project, "--cache-dir", str(cache))
    assert (stats["analysed"], stats["cached"]) == (1, stats["files"] - 1)
    assert after == _audit(project, "--no-cache")[0]


def test_a_corrupt_entry_is_ignored_and_rewritten(project, tmp_path):
    cache = tmp_path / "cache"
    expected, _ = _audit(project, "--cache-dir", str(cache))
    entries = sorted(cache.rglob("*.json"))
    assert entries
    entries[0].write_text('{"format": "harness-audit/facts-cache/v1", "key": "x", "facts": ', encoding="utf-8")
    entries[1].write_bytes(b"\x80\x81 not even text")
    report, stats = _audit(project, "--cache-dir", str(cache))
    assert report == expected
    assert (stats["analysed"], stats["corrupt"]) == (2, 2)
    rewritten = json.loads(entries[0].read_text(encoding="utf-8"))
    assert rewritten["key"] == entries[0].stem
    assert _audit(project, "--cache-dir", str(cache))[1]["analysed"] == 0


def test_no_progress_when_stderr_is_not_a_terminal(project):
    result = run_cli("audit", str(project), "--format", "json", "--fail-on", "none", "--no-cache")
    assert result.stderr == ""


def test_two_runs_at_once_share_one_cache(project, tmp_path):
    """Entries are renamed into place, so concurrent runs never read half an entry."""
    import subprocess
    import sys

    from tests.conftest import ROOT

    cache = tmp_path / "cache"
    command = [sys.executable, "-m", "analyzer", "audit", str(project), "--format", "json", "--fail-on", "none",
               "--cache-dir", str(cache), "--jobs", "1"]
    runs = [subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(2)]
    outputs = [run.communicate()[0] for run in runs]
    assert [run.returncode for run in runs] == [0, 0]
    assert outputs[0] == outputs[1] == _audit(project, "--no-cache")[0].encode()
    assert not list(cache.rglob("*.tmp"))
    assert _audit(project, "--cache-dir", str(cache))[1]["analysed"] == 0
