"""`harness-audit scaffold`: the generated harness runs its own guardrail tests green, implements
what the plan's phase 1 says, and is rated `present` by `harness-audit audit` for every
primitive it claims."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from design_cases import CASES

from analyzer.cli import main
from analyzer.design.scaffold import ALWAYS, SUPPORTED

ROOT = Path(__file__).resolve().parents[2]
SCAFFOLD_CASES = ("support-refunds", "faq-bot", "coding-agent", "ops-autonomous-restarts",
                  "invoice-approval-workflow", "personal-assistant", "refund-threshold-direction",
                  "payment-ceiling-and-approval")
PROMPTS = {c.name: c.prompt for c in CASES}


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def scaffolds(tmp_path_factory):
    """One scaffold per case, written through the CLI from a saved plan JSON."""
    made = {}
    for name in SCAFFOLD_CASES:
        base = tmp_path_factory.mktemp(name)
        plan_path = base / "plan.json"
        result = run("design", PROMPTS[name], "--format", "json", "-o", str(plan_path))
        assert result.exit_code == 0, result.output
        target = base / "harness"
        result = run("scaffold", str(target), "--from", str(plan_path))
        assert result.exit_code == 0, result.output
        made[name] = (target, json.loads(plan_path.read_text(encoding="utf-8")))
    return made


def _pytest(directory: Path, *only: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTEST_ADDOPTS")}
    targets = [str(directory / name) for name in only] or [str(directory)]
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *targets],
                          cwd=directory, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("name", SCAFFOLD_CASES)
def test_generated_guardrail_tests_pass(name, scaffolds):
    directory, _ = scaffolds[name]
    process = _pytest(directory)
    assert process.returncode == 0, process.stdout[-4000:] + process.stderr[-2000:]
    manifest = json.loads((directory / "scaffold.json").read_text(encoding="utf-8"))
    assert f"{len(manifest['tests'])} passed" in process.stdout


@pytest.mark.parametrize("name", SCAFFOLD_CASES)
def test_scaffold_implements_phase_one(name, scaffolds, rubric):
    directory, plan = scaffolds[name]
    manifest = json.loads((directory / "scaffold.json").read_text(encoding="utf-8"))
    phase_one = {p["id"] for p in plan["primitives"] if p["phase"] == 1}
    assert set(manifest["primitives"]) == (phase_one & set(SUPPORTED)) | set(ALWAYS)
    for pid, (module, tests) in SUPPORTED.items():
        present = pid in manifest["primitives"]
        assert (directory / module).exists() is present, module
        assert (directory / tests).exists() is present, tests
    for pid in manifest["primitives"]:
        for test in rubric.primitive(pid).tests:
            generated = [t for t in manifest["tests"] if t["test"] == f"test_{test.name}"]
            skipped = [t for t in manifest["tests_not_generated"] if t["test"] == f"test_{test.name}"]
            assert generated or skipped, f"test_{test.name} is neither generated nor explained"
            for item in skipped:
                assert item["needs"] and all(n in rubric.ids for n in item["needs"]), item
    assert (directory / "PLAN.md").read_text(encoding="utf-8").startswith("# Harness plan")
    assert json.loads((directory / "plan.json").read_text(encoding="utf-8")) == plan


def test_read_only_scaffold_has_no_gate_or_store(scaffolds):
    directory, _ = scaffolds["faq-bot"]
    assert not (directory / "harness" / "permissions.py").exists()
    assert not (directory / "harness" / "session.py").exists()
    agent = (directory / "harness" / "agent.py").read_text(encoding="utf-8")
    assert "self.gate" not in agent and "self.store" not in agent


def test_tools_follow_the_profile(scaffolds):
    tools = {name: (d / "harness" / "tools.py").read_text(encoding="utf-8") for name, (d, _) in scaffolds.items()}
    assert "def issue_refund" in tools["support-refunds"] and "def send_message" in tools["support-refunds"]
    assert "def write_file" in tools["coding-agent"] and "def delete_record" not in tools["coding-agent"]
    assert "def restart_service" in tools["ops-autonomous-restarts"]
    assert "def make_payment" in tools["invoice-approval-workflow"]
    assert "def update_record" not in tools["faq-bot"]
    cli = (scaffolds["ops-autonomous-restarts"][0] / "harness" / "cli.py").read_text(encoding="utf-8")
    assert 'default="deny"' in cli, "an autonomous agent refuses risky calls unless someone is there"


def test_user_text_reaches_code_only_as_a_literal(tmp_path):
    prompt = 'A bot that refunds {{ 7*7 }} orders """; import os; os.system("rm -rf /") # \\ <script>x</script>'
    target = tmp_path / "h"
    result = run("scaffold", str(target), "--prompt", prompt)
    assert result.exit_code == 0, result.output
    config = (target / "harness" / "config.py").read_text(encoding="utf-8")
    assignment = next(node for node in ast.parse(config).body
                      if isinstance(node, ast.Assign) and node.targets[0].id == "TASK")
    assert ast.literal_eval(assignment.value) == prompt
    readme = (target / "README.md").read_text(encoding="utf-8")
    assert "49" not in readme and "<script>" not in readme
    process = _pytest(target)
    assert process.returncode == 0, process.stdout[-3000:]


def test_refuses_a_non_empty_folder_unless_forced(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    result = run("scaffold", str(tmp_path), "--prompt", "A read-only FAQ bot.")
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert not (tmp_path / "harness").exists()
    result = run("scaffold", str(tmp_path), "--prompt", "A read-only FAQ bot.", "--force")
    assert result.exit_code == 0
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert (tmp_path / "harness" / "agent.py").exists()


@pytest.mark.parametrize("content, message", [
    ("{not json", "not valid JSON"),
    ('{"schema_version": "other"}', "schema_version must be"),
    ('{"schema_version": "harness-audit/design/v1", "shape": "x"}', "missing"),
])
def test_bad_plan_exits_2(tmp_path, content, message):
    plan = tmp_path / "plan.json"
    plan.write_text(content, encoding="utf-8")
    result = run("scaffold", str(tmp_path / "out"), "--from", str(plan))
    assert result.exit_code == 2 and message in result.stderr


def test_needs_exactly_one_source(tmp_path):
    assert run("scaffold", str(tmp_path / "a")).exit_code == 2
    plan = tmp_path / "p.json"
    plan.write_text("{}", encoding="utf-8")
    assert run("scaffold", str(tmp_path / "b"), "--from", str(plan), "--prompt", "x").exit_code == 2


@pytest.mark.parametrize("name", SCAFFOLD_CASES)
def test_round_trip_audit_rates_claimed_primitives_present(name, scaffolds):
    """The audit must recognise the scaffold's own genuine implementation of what it claims."""
    directory, _ = scaffolds[name]
    manifest = json.loads((directory / "scaffold.json").read_text(encoding="utf-8"))
    result = run("audit", str(directory), "--format", "json", "--fail-on", "none")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    status = {p["id"]: p["status"] for p in report["primitives"]}
    wrong = {pid: status.get(pid) for pid in manifest["primitives"] if status.get(pid) != "present"}
    assert not wrong, f"claimed but not rated present: {wrong}"


@pytest.mark.parametrize("name", SCAFFOLD_CASES)
def test_scaffold_passes_its_own_audit_at_the_default_gate(name, scaffolds):
    """Later-phase and deferred primitives are named in pyproject's ignore list; what phase 1
    claims must hold at the default gate (nothing at or above high)."""
    directory, plan = scaffolds[name]
    result = run("audit", str(directory), "--format", "json")
    assert result.exit_code == 0, [(f["rule"], f["severity"]) for f in json.loads(result.stdout)["findings"]]
    pyproject = (directory / "pyproject.toml").read_text(encoding="utf-8")
    later = {p["id"] for p in plan["primitives"] if p["phase"] > 1} | {d["id"] for d in plan["deferred"]}
    manifest = json.loads((directory / "scaffold.json").read_text(encoding="utf-8"))
    for pid in later - set(manifest["primitives"]):
        assert f'"{pid}"' in pyproject.split("[tool.harness-audit]")[1]
    for pid in manifest["primitives"]:
        assert f'"{pid}"' not in pyproject.split("[tool.harness-audit]")[-1], "a claimed primitive is never ignored"


@pytest.mark.parametrize("name, expected", [
    # "refunds up to $50 automatically; above $50 Dana approves": allowed at $50, asked at $50.01
    ("refund-threshold-direction", "[(5000, 'allow'), (5001, 'ask')]"),
    # "issues refunds up to $50" (support-refunds): the agent may refund up to $50; above it a person decides
    ("support-refunds", "[(5000, 'allow'), (5001, 'ask')]"),
    # a $100 approval line under a $500 ceiling: the strictest side applies
    ("payment-ceiling-and-approval", "[(10000, 'allow'), (10001, 'ask'), (50000, 'ask'), (50001, 'deny')]"),
])
def test_money_thresholds_keep_their_direction(name, expected, scaffolds):
    directory, _ = scaffolds[name]
    tests = (directory / "tests" / "test_permission_tiers.py").read_text(encoding="utf-8")
    assert f"expected = {expected}" in tests
    manifest = json.loads((directory / "scaffold.json").read_text(encoding="utf-8"))
    assert "test_money_limit_keeps_its_direction" in {t["test"] for t in manifest["tests"]}


def test_threshold_test_fails_when_the_rule_is_inverted(scaffolds, tmp_path):
    """The generated threshold test can fail: swap the plan's direction in the code and it does."""
    import shutil

    source, _ = scaffolds["refund-threshold-direction"]
    copy = tmp_path / "inverted"
    shutil.copytree(source, copy)
    permissions = copy / "harness" / "permissions.py"
    text = permissions.read_text(encoding="utf-8")
    assert "((5000, 'allow', 'ask'),)" in text
    permissions.write_text(text.replace("((5000, 'allow', 'ask'),)", "((5000, 'ask', 'deny'),)"), encoding="utf-8")
    process = _pytest(copy, "tests/test_permission_tiers.py")
    assert process.returncode == 1 and "test_money_limit_keeps_its_direction" in process.stdout


def _unused_imports(source: str) -> list[str]:
    tree = ast.parse(source)
    imported = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                imported[(alias.asname or alias.name).split(".")[0]] = node.lineno
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            for alias in node.names:
                imported[alias.asname or alias.name] = node.lineno
    used = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    return sorted(name for name in imported if name not in used)


@pytest.mark.parametrize("name", SCAFFOLD_CASES)
def test_generated_code_has_no_unused_imports(name, scaffolds):
    directory, _ = scaffolds[name]
    problems = {}
    for path in sorted(directory.rglob("*.py")):
        unused = _unused_imports(path.read_text(encoding="utf-8"))
        if unused:
            problems[str(path.relative_to(directory))] = unused
    assert not problems
