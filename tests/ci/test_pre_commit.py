"""The pre-commit hook, installed and run by the real pre-commit in a throwaway repository.

pre-commit builds the hook's environment with pip from a commit of this project (a snapshot of
the working tree, so uncommitted changes are tested too). `try-repo` (how a hook's author tries
it) builds a fresh environment on every call, so it runs once; the other runs go through a
`.pre-commit-config.yaml`, as a user's would, with one environment for the module.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.ci.helpers import AGENT, SECOND_LOOP
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(
    shutil.which("git") is None or shutil.which("pre-commit") is None and not shutil.which(
        "pre-commit", path=str(Path(sys.executable).parent)),
    reason="git or pre-commit is not installed",
)

def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=cwd, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> tuple[Path, str]:
    """This project's files as one commit (what `rev:` points at), or a skip outside a git checkout."""
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout of harness-audit")
    files = _git(ROOT, "ls-files", "-co", "--exclude-standard", "-z").split("\0")
    snapshot = tmp_path_factory.mktemp("hook-repo")
    for name in filter(None, files):
        source = ROOT / name
        if source.is_file() and not name.startswith("tests/"):
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, snapshot / name)
    _git(snapshot, "init", "-q")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "-q", "-m", "snapshot")
    return snapshot, _git(snapshot, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def user_repo(tmp_path) -> Path:
    repo = tmp_path / "user"
    (repo / "opsbot").mkdir(parents=True)
    (repo / "opsbot" / "agent.py").write_text(AGENT, encoding="utf-8")
    (repo / "notes.txt").write_text("release notes\n", encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    return repo


def _pre_commit(*args: str, cwd: Path, home: Path) -> subprocess.CompletedProcess:
    executable = shutil.which("pre-commit") or shutil.which("pre-commit", path=str(Path(sys.executable).parent))
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run([executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _run_hook(hook_repo, home: Path, repo: Path, *files: str) -> subprocess.CompletedProcess:
    path, rev = hook_repo
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {path}\n    rev: {rev}\n    hooks:\n      - id: harness-audit\n", encoding="utf-8")
    return _pre_commit("run", "--files", *files, cwd=repo, home=home)


def test_try_repo_runs_the_hook_and_it_fails_on_an_ungated_shell_tool(hook_repo, tmp_path, user_repo):
    path, rev = hook_repo
    result = _pre_commit("try-repo", str(path), "harness-audit", "--ref", rev, "--files", "opsbot/agent.py",
                         cwd=user_repo, home=tmp_path / "home")
    assert result.returncode == 1 and "harness-audit" in result.stdout and "Failed" in result.stdout
    assert "HA103" in result.stdout  # the ungated shell tool, printed by the hook


def test_hook_skips_commits_that_touch_no_agent_code_or_config(hook_repo, pre_commit_home, user_repo):
    result = _run_hook(hook_repo, pre_commit_home, user_repo, "notes.txt")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout


def test_hook_fails_only_on_new_findings_once_a_baseline_is_configured(hook_repo, pre_commit_home, user_repo):
    subprocess.run([sys.executable, "-m", "analyzer", "audit", ".", "--write-baseline", ".harness-audit-baseline.json"],
                   cwd=user_repo, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, check=False)
    (user_repo / "pyproject.toml").write_text('[tool.harness-audit]\nbaseline = ".harness-audit-baseline.json"\n')
    _git(user_repo, "add", "-A")
    passing = _run_hook(hook_repo, pre_commit_home, user_repo, "opsbot/agent.py", "pyproject.toml")
    assert passing.returncode == 0, passing.stdout + passing.stderr
    assert "Passed" in passing.stdout

    with (user_repo / "opsbot" / "agent.py").open("a", encoding="utf-8") as agent:
        agent.write(SECOND_LOOP)  # a second unbounded loop: a new finding
    _git(user_repo, "add", "-A")
    new_finding = _run_hook(hook_repo, pre_commit_home, user_repo, "opsbot/agent.py")
    assert new_finding.returncode == 1, new_finding.stdout
    assert "HA101" in new_finding.stdout  # baselined findings are left out: this is the new loop
