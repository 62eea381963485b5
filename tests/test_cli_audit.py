"""The audit command end to end, as a user runs it: exit codes, formats, determinism, bad input."""

from __future__ import annotations

import ast
import json

import pytest

from tests.conftest import ROOT, audit_json, run_cli

NAIVE_AGENT = '''\
import subprocess

import anthropic

client = anthropic.Anthropic()

TOOLS = [
    {
        "name": "run_shell",
        "description": "Run a shell command and return its output.",
        "input_schema": {"type": "object", "properties": {"command": {"type": "string"}}, "required": ["command"]},
    }
]


def run_shell(command: str) -> str:
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


HANDLERS = {"run_shell": run_shell}


def main(task: str) -> str:
    messages = [{"role": "user", "content": task}]
    while True:
        response = client.messages.create(
            model="claude-sonnet-4-5", max_tokens=2048, tools=TOOLS, messages=messages
        )
        messages.append({"role": "assistant", "content": response.content})
        if response.stop_reason != "tool_use":
            return response.content[0].text
        results = []
        for block in response.content:
            if block.type == "tool_use":
                output = HANDLERS[block.name](**block.input)
                results.append({"type": "tool_result", "tool_use_id": block.id, "content": output})
        messages.append({"role": "user", "content": results})


if __name__ == "__main__":
    print(main(input("task> ")))
'''

PLAIN_APP = '''\
from flask import Flask, request

app = Flask(__name__)
TOKENS = {}


@app.post("/login")
def login():
    user_agent = request.headers.get("User-Agent", "")
    TOKENS[request.form["user"]] = user_agent
    return {"ok": True}
'''


@pytest.fixture
def naive_project(write_tree):
    return write_tree({"agent.py": NAIVE_AGENT, "broken.py": "def oops(:\n    pass\n"})


def test_naive_agent_fails_at_high_and_reports_every_primitive(naive_project):
    result = run_cli("audit", str(naive_project), "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["agent_detected"] is True
    assert [p["id"] for p in report["primitives"]] == [f"P{i}" for i in range(1, 13)]
    statuses = {p["id"]: p["status"] for p in report["primitives"]}
    assert statuses["P2"] == "absent" and statuses["P3"] == "absent"
    assert report["files"]["skipped"] == [
        {"path": "broken.py", "reason": report["files"]["skipped"][0]["reason"], "line": 1}
    ]
    assert "syntax error" in report["files"]["skipped"][0]["reason"]
    assert report["files"]["scanned"] == ["agent.py"]
    severities = [f["severity"] for f in report["findings"]]
    order = ["critical", "high", "medium", "low", "info"]
    assert severities == sorted(severities, key=order.index)
    assert all(f["path"] == "agent.py" for f in report["findings"])


def test_upgrade_path_respects_rubric_dependencies(naive_project):
    from analyzer.rubric import load_rubric

    rubric = load_rubric()
    report = audit_json(naive_project)
    order = [step["primitive"] for step in report["upgrade_path"]]
    assert order, "a naive agent has an upgrade path"
    for position, pid in enumerate(order):
        for dependency in rubric.primitive(pid).depends_on:
            if dependency in order:
                assert order.index(dependency) < position, f"{pid} before its dependency {dependency}"


def test_output_is_deterministic_in_every_format(naive_project):
    for fmt in ("text", "json", "markdown"):
        first = run_cli("audit", str(naive_project), "--format", fmt)
        second = run_cli("audit", str(naive_project), "--format", fmt)
        assert first.output == second.output, fmt
        assert first.exit_code == second.exit_code == 1, fmt


def test_fail_on_threshold_controls_the_exit_code(naive_project):
    assert run_cli("audit", str(naive_project), "--fail-on", "none").exit_code == 0
    assert run_cli("audit", str(naive_project), "--fail-on", "info").exit_code == 1


def test_non_agent_project_says_so_and_exits_0(write_tree):
    root = write_tree({"app.py": PLAIN_APP})
    result = run_cli("audit", str(root), "--format", "json")
    assert result.exit_code == 0
    report = json.loads(result.output)
    assert report["agent_detected"] is False
    assert report["findings"] == [] and report["upgrade_path"] == []
    assert {p["status"] for p in report["primitives"]} == {"not-applicable"}
    text = run_cli("audit", str(root)).output
    assert "No LLM or agent code found" in text


def test_json_report_matches_the_shipped_schema(naive_project):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "analyzer" / "schemas" / "report.schema.json").read_text())
    jsonschema.validate(audit_json(naive_project), schema)


def test_missing_path_and_bad_option_exit_2(tmp_path):
    missing = run_cli("audit", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "no such file or folder" in missing.output
    assert run_cli("audit", str(tmp_path), "--format", "yaml").exit_code == 2
    assert run_cli("audit", str(tmp_path), "--fail-on", "severe").exit_code == 2


def test_bare_command_audits_the_current_folder(naive_project):
    result = run_cli("--fail-on", "none", "--format", "json", cwd=naive_project)
    assert result.exit_code == 0
    assert json.loads(result.output)["files"]["scanned"] == ["agent.py"]


def test_output_file_and_markdown(naive_project, tmp_path):
    target = tmp_path / "report.md"
    result = run_cli("audit", str(naive_project), "--format", "markdown", "-o", str(target))
    assert result.exit_code == 1 and result.output == ""
    text = target.read_text()
    assert text.startswith("# harness-audit report") and "| P2 |" in text


def test_emitted_tests_parse_and_name_the_project_code(naive_project, tmp_path):
    out = tmp_path / "suggested"
    run_cli("audit", str(naive_project), "--emit-tests", str(out), "--fail-on", "none")
    files = sorted(out.glob("test_harness_*.py"))
    assert files, "suggested tests are written"
    for path in files:
        ast.parse(path.read_text())
    combined = "\n".join(p.read_text() for p in files)
    assert "from agent import main" in combined  # the loop harness-audit found
    assert "agent.py:" in combined


def test_unreadable_encodings_are_skipped_not_fatal(write_tree):
    root = write_tree({"agent.py": NAIVE_AGENT})
    (root / "latin.py").write_bytes(b"name = '\xe9t\xe9'\n")
    report = audit_json(root)
    assert [s["path"] for s in report["files"]["skipped"]] == ["latin.py"]
    assert report["agent_detected"] is True


def test_upgrade_path_leads_with_the_most_severe_gap_and_its_dependencies(naive_project):
    report = audit_json(naive_project)
    steps = report["upgrade_path"]
    worst = min(("critical", "high", "medium", "low", "info").index(s["severity"]) for s in steps)
    first_worst = next(i for i, s in enumerate(steps) if ("critical", "high", "medium", "low", "info").index(s["severity"]) == worst)
    # Everything before the first most-severe step is one of its (transitive) dependencies.
    from analyzer.rubric import load_rubric

    rubric = load_rubric()
    needed, frontier = set(), [steps[first_worst]["primitive"]]
    while frontier:
        for dependency in rubric.primitive(frontier.pop()).depends_on:
            if dependency not in needed:
                needed.add(dependency)
                frontier.append(dependency)
    assert {s["primitive"] for s in steps[:first_worst]} <= needed, [s["primitive"] for s in steps]
