"""`harness-audit diff`: a change to the harness, audited on both sides from git objects."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

# A raw anthropic loop with a turn cap and a shell tool that asks the operator first.
GATED_AGENT = '''\
"""Ops helper: answers questions about the deploy host by running shell commands."""

import subprocess

import anthropic

client = anthropic.Anthropic()
MODEL = "claude-sonnet-4-5"
MAX_TURNS = 20

TOOLS = [
    {
        "name": "run_shell",
        "description": "Run a shell command on the deploy host and return its output.",
        "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]},
    }
]


def run_shell(command: str) -> str:
    if not approved(command):
        return "The operator refused this command."
    result = subprocess.run(command, shell=True, capture_output=True, text=True)
    return result.stdout + result.stderr


def approved(command: str) -> bool:
    answer = input(f"Run `{command}` on the deploy host? [y/N] ")
    return answer.strip().lower() == "y"


def run_agent(task: str) -> str:
    messages = [{"role": "user", "content": task}]
    for _ in range(MAX_TURNS):
        response = client.messages.create(model=MODEL, max_tokens=2048, tools=TOOLS, messages=messages)
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return "".join(block.text for block in response.content if block.type == "text")
        results = []
        for block in response.content:
            if block.type == "tool_use":
                output = run_shell(**block.input)
                results.append({"type": "tool_result", "tool_use_id": block.id, "content": output})
        messages.append({"role": "user", "content": results})
    return "Stopped: turn limit reached."


if __name__ == "__main__":
    print(run_agent("Why is the disk on the deploy host full?"))
'''

UNGATE = ("    if not approved(command):\n        return \"The operator refused this command.\"\n", "")
UNBOUND = ("    for _ in range(MAX_TURNS):", "    while True:")
NEW_TOOL = '''

def delete_path(path: str) -> str:
    """Delete a file on the deploy host."""
    os.remove(path)
    return f"deleted {path}"


TOOLS.append({"name": "delete_path", "description": "Delete a file on the deploy host.",
              "input_schema": {"type": "object", "properties": {"path": {"type": "string"}}}})
HANDLERS = {"run_shell": run_shell, "delete_path": delete_path}
'''


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose main branch holds the gated agent; a feature branch is checked out."""
    root = tmp_path / "repo"
    (root / "opsbot").mkdir(parents=True)
    (root / "opsbot" / "agent.py").write_text(GATED_AGENT, encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "gated agent")
    git(root, "checkout", "-q", "-b", "feature")
    return root


def edit(repo: Path, *replacements: tuple[str, str], append: str = "") -> None:
    agent = repo / "opsbot" / "agent.py"
    text = agent.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    agent.write_text(text + append, encoding="utf-8")


def diff_json(repo: Path, *args: str) -> tuple[int, dict]:
    result = run_cli("diff", *args, "--format", "json", cwd=repo)
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def test_an_unchanged_harness_is_no_regression(repo):
    result = run_cli("diff", cwd=repo)
    assert result.exit_code == 0, result.output
    assert "merge-base(main)" in result.stdout and "The harness did not change." in result.stdout


def test_a_removed_gate_and_a_removed_turn_cap_are_regressions_with_their_new_findings(repo):
    edit(repo, UNGATE, UNBOUND)
    code, diff = diff_json(repo)
    assert code == 1
    changes = {(c["kind"], c["subject"]): c for c in diff["changes"]}
    removed = changes[("gate-removed", "run_shell")]
    assert removed["severity"] == "critical" and removed["path"] == "opsbot/agent.py"
    assert (repo / "opsbot" / "agent.py").read_text().splitlines()[removed["line"] - 1].strip().startswith(
        "result = subprocess.run(")
    assert changes[("primitive-regressed", "P5")]["detail"].endswith("partial -> absent")
    assert changes[("primitive-regressed", "P2")]["regression"] is True
    assert sorted(f["rule"] for f in diff["new_findings"]) == ["HA101", "HA103", "HA109"]
    assert diff["fixed_findings"] == []  # a primitive's own finding that moved is a change, not new + fixed
    assert diff["verdict"]["exit_code"] == 1 and diff["verdict"]["failing"]
    assert run_cli("diff", "--fail-on", "none", cwd=repo).exit_code == 0


def test_a_gate_added_is_an_improvement_and_its_finding_is_fixed(repo):
    edit(repo, UNGATE)
    git(repo, "commit", "-q", "-am", "ungated")
    git(repo, "branch", "-f", "main", "HEAD")  # main now holds the ungated agent
    git(repo, "checkout", "-q", "-b", "fix")
    edit(repo, ("def run_shell(command: str) -> str:\n", "def run_shell(command: str) -> str:\n" + UNGATE[0]))
    code, diff = diff_json(repo)
    assert code == 0
    kinds = {(c["kind"], c["subject"]) for c in diff["changes"]}
    assert ("gate-added", "run_shell") in kinds and ("primitive-improved", "P2") in kinds
    assert [f["rule"] for f in diff["fixed_findings"]] == ["HA103"] and diff["new_findings"] == []


def test_a_new_tool_that_reaches_a_sink_with_no_gate_is_a_regression(repo):
    edit(repo, ("import subprocess\n", "import os\nimport subprocess\n"), append=NEW_TOOL)
    code, diff = diff_json(repo)
    added = [c for c in diff["changes"] if c["kind"] == "sink-added"]
    assert [(c["subject"], c["regression"]) for c in added] == [("delete_path", True)]
    assert "new tool delete_path reaches file-delete" in added[0]["detail"] and "with no gate" in added[0]["detail"]
    assert code == 1


def test_refs_are_read_from_git_objects_and_the_working_tree_is_left_alone(repo):
    edit(repo, UNGATE)
    git(repo, "commit", "-q", "-am", "ungated")
    edit(repo, UNBOUND)  # an uncommitted change on top
    status = git(repo, "status", "--porcelain")
    code, diff = diff_json(repo, "main", "--head", "HEAD")
    assert {c["kind"] for c in diff["changes"]} >= {"gate-removed"}
    assert not any(c["subject"] == "P5" for c in diff["changes"])  # HEAD has the cap; the working tree does not
    assert git(repo, "status", "--porcelain") == status and git(repo, "rev-parse", "--abbrev-ref", "HEAD") == "feature\n"
    code, diff = diff_json(repo, "HEAD~1", "--head", "HEAD~1")
    assert code == 0 and diff["changes"] == [] and diff["new_findings"] == []


def test_markdown_for_a_pull_request_comment_and_sarif_with_only_new_findings(repo):
    edit(repo, UNGATE)
    markdown = run_cli("diff", "--format", "markdown", cwd=repo)
    assert markdown.exit_code == 1
    assert markdown.stdout.startswith("## harness-audit: harness diff `merge-base(main)")
    assert "### Regressions" in markdown.stdout and "| critical | run_shell: tool run_shell reaches shell" in markdown.stdout
    sarif = json.loads(run_cli("diff", "--format", "sarif", cwd=repo).stdout)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["HA103"]


def test_a_subfolder_is_compared_on_both_sides(repo):
    (repo / "docs").mkdir()
    (repo / "docs" / "notes.md").write_text("# Notes\n")
    edit(repo, UNGATE)
    code, diff = diff_json(repo, "--path", "opsbot")
    assert code == 1 and [f["path"] for f in diff["new_findings"]] == ["agent.py"]


def test_usage_errors_exit_2_and_say_why(repo, tmp_path):
    unknown = run_cli("diff", "no-such-branch", cwd=repo)
    assert unknown.exit_code == 2 and "unknown revision 'no-such-branch'" in unknown.output
    outside = tmp_path / "plain"
    outside.mkdir()
    not_git = run_cli("diff", cwd=outside)
    assert not_git.exit_code == 2 and "not inside a git repository" in not_git.output
    git(repo, "branch", "-m", "main", "trunk")
    no_default = run_cli("diff", cwd=repo)
    assert no_default.exit_code == 2 and "name a BASE_REF" in no_default.output


def test_both_sides_are_the_files_git_knows_and_links_are_left_out(repo):
    (repo / ".gitignore").write_text("scratch_*.py\n")
    (repo / "host-link").symlink_to("/etc/hostname")
    (repo / ".gitattributes").write_text("opsbot/agent.py export-ignore\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "ignore scratch files; a link; export-ignore")
    git(repo, "branch", "-f", "main", "HEAD")
    ungated = (repo / "opsbot" / "agent.py").read_text().replace(*UNGATE)
    (repo / "scratch_try.py").write_text(ungated)  # ignored: not part of the change
    (repo / "notes_try.py").write_text("print('hello')\n")  # untracked, not ignored, harmless
    code, diff = diff_json(repo)
    assert code == 0 and diff["changes"] == [] and diff["new_findings"] == [], diff


def test_what_the_configuration_leaves_out_is_no_regression_and_sarif_names_repository_paths(repo):
    (repo / "pyproject.toml").write_text('[tool.harness-audit]\nignore = ["HA101", "P5"]\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "config")
    git(repo, "branch", "-f", "main", "HEAD")
    edit(repo, UNBOUND)
    code, diff = diff_json(repo)
    assert code == 0 and not any(c["subject"] == "P5" for c in diff["changes"]), diff
    edit(repo, UNGATE)
    git(repo, "commit", "-q", "-am", "ungated and unbounded")
    sarif = json.loads(run_cli("diff", "main", "--head", "HEAD", "--path", "opsbot", "--format", "sarif",
                               cwd=repo).stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"opsbot/agent.py"}, uris
