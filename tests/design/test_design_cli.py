"""`harness-audit design` end to end: formats, output file, answers files, interactive, safety."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from markdown_it import MarkdownIt

from analyzer import __version__
from analyzer.cli import main

ROOT = Path(__file__).resolve().parents[2]
PROMPT = "A customer support chatbot that looks up orders, issues refunds up to $50 and emails customers a receipt."


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def test_markdown_is_the_default(tmp_path):
    result = run("design", PROMPT)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Harness plan: chat-assistant")
    for heading in ("## Profile", "## Phase 1: Minimum safe harness", "## Deferred", "## Assumptions"):
        assert heading in text
    assert "`test_destructive_tool_requires_approval`" in text


def test_json_has_the_contract_fields():
    result = run("design", PROMPT, "--format", "json")
    assert result.exit_code == 0
    plan = json.loads(result.stdout)
    for key in ("shape", "profile", "primitives", "deferred", "phases", "pushback", "assumptions",
                "schema_version", "tool_version"):
        assert key in plan
    assert plan["tool_version"] == __version__
    assert all(set(p) >= {"id", "phase", "why"} for p in plan["primitives"])
    assert all(set(d) >= {"id", "trigger"} for d in plan["deferred"])
    assert all(set(p) >= {"number", "title", "deliverables", "verification"} for p in plan["phases"])
    assert result.stdout == json.dumps(plan, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_same_input_same_bytes(fmt):
    first = run("design", PROMPT, "--format", fmt).stdout
    second = subprocess.run([sys.executable, "-m", "analyzer", "design", PROMPT, "--format", fmt],
                            cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert first == second


def test_output_file(tmp_path):
    target = tmp_path / "plan.md"
    result = run("design", PROMPT, "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8").startswith("# Harness plan")


def test_user_text_is_never_template_code_or_html():
    prompt = "A bot that answers {{ 7*7 }} questions <script>alert('x')</script> and **refunds** [money](http://x) | # hi"
    result = run("design", prompt)
    assert result.exit_code == 0
    markdown = result.stdout
    assert "49" not in markdown
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "{{ 7*7 }}" in html, "the template syntax is shown as typed"
    assert "<strong>refunds</strong>" not in html and 'href="http://x"' not in html
    plan = json.loads(run("design", prompt, "--format", "json").stdout)
    assert plan["profile"]["description"] == prompt


def test_user_text_in_quotes_and_tables_stays_in_its_cell():
    result = run("design", "Deletes | rows\n# and\n- sends > email")
    assert result.exit_code == 0
    html = MarkdownIt("commonmark").enable("table").render(result.stdout)
    assert "<h1>and" not in html and "<blockquote>\n<ul>" not in html


ANSWERS = """\
does: Processes vendor invoices and pays them.
users: our finance team
actions:
  - extract invoice data
  - {name: pay vendors, risk: money}
side_effects: [email a remittance notice]
autonomy: human-in-the-loop
session_length: multi-day
scale: team
constraints:
  - payments over $10k need two approvals
"""


def test_answers_file(tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text(ANSWERS, encoding="utf-8")
    result = run("design", "--from", str(path), "--format", "json")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)["profile"]
    assert profile["source"] == str(path)
    assert profile["autonomy"] == {"value": "human-in-the-loop", "reason": f"stated in {path}:7", "assumed": False}
    assert profile["session_length"]["value"] == "multi-day"
    assert profile["users"]["value"] == "our finance team"
    risks = [a["risk"] for a in profile["actions"]]
    assert "money" in risks and "external-send" in risks
    assert "payments over $10k need two approvals" in profile["constraints"]


@pytest.mark.parametrize("text, line, message", [
    ("does: x\nautonomy: sometimes\n", 2, "autonomy must be one of"),
    ("does: x\nwho: me\n", 2, "unknown key 'who'"),
    ("users: me\n", 1, "missing key 'does'"),
    ("does: x\nactions:\n  - {name: pay, risk: lots}\n", 3, "actions risk must be one of"),
    ("does: x\nactions:\n  - {name: pay}\n", 3, "needs both name and risk"),
    ("does: [unclosed\n", 2, "invalid YAML"),
    ("does: x\nscale: 12\n", 2, "scale must be one of"),
    ("does: x\ndoes: y\n", 2, "duplicate key"),
    ("- just a list\n", 1, "must be a mapping"),
])
def test_bad_answers_name_file_and_line(tmp_path, text, line, message):
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("design", "--from", str(path))
    assert result.exit_code == 2
    assert f"{path}:{line}: " in result.stderr and message in result.stderr


def test_usage_errors_exit_2(tmp_path):
    assert run("design").exit_code == 2
    assert run("design", "   ").exit_code == 2
    path = tmp_path / "a.yaml"
    path.write_text("does: x\n", encoding="utf-8")
    assert run("design", "x", "--from", str(path)).exit_code == 2
    assert run("design", "--from", str(tmp_path / "missing.yaml")).exit_code == 2


def test_interactive_asks_only_what_is_open():
    # The prompt names actions, autonomy and users; session length and scale are left open.
    prompt = "A support bot for our customers that issues refunds after a manager approves them."
    result = run("design", prompt, "--interactive", "--format", "json", input="multi-day\npublic\n")
    assert result.exit_code == 0, result.output
    assert "What can its tools do?" not in result.stderr
    assert "Does a person approve" not in result.stderr
    assert "How long does one session last?" in result.stderr
    profile = json.loads(result.stdout)["profile"]
    assert profile["session_length"] == {"value": "multi-day", "reason": "answered interactively", "assumed": False}
    assert profile["scale"]["value"] == "public"


def test_interactive_without_prompt_and_piped_stdin_running_out():
    process = subprocess.run(
        [sys.executable, "-m", "analyzer", "design", "--interactive", "--format", "json"],
        cwd=ROOT, input="Something for the docs\nread-only, mutating\n", capture_output=True,
        text=True)
    assert process.returncode == 0, process.stderr
    plan = json.loads(process.stdout)
    assert plan["profile"]["description"] == "Something for the docs"
    assert [a["risk"] for a in plan["profile"]["actions"]] == ["read-only", "mutating"]
    assert "keeping the remaining assumptions" in process.stderr


def test_interactive_rejects_a_bad_choice_and_asks_again():
    result = run("design", "Help.", "--interactive", "--format", "json",
                 input="money, lasers\nmoney\nautonomous\nlong\nteam\nfinance\n")
    assert result.exit_code == 0, result.output
    profile = json.loads(result.stdout)["profile"]
    assert [a["risk"] for a in profile["actions"]] == ["money"]
    assert profile["autonomy"]["value"] == "autonomous" and profile["users"]["value"] == "finance"


def test_interactive_asks_nothing_when_the_prompt_says_it_all():
    prompt = ("An internal copilot for our support team that issues refunds up to $50 on its own; anything above "
              "$50 goes to the support lead. Sessions are short chats.")
    result = run("design", prompt, "--interactive", "--format", "json", input="")
    assert result.exit_code == 0, result.output
    assert "?" not in result.stderr, result.stderr


def test_interactive_asks_who_approves_when_nobody_is_named():
    prompt = "A bot for our customers that issues refunds. Sessions are short chats."
    result = run("design", prompt, "--interactive", "--format", "json",
                 input="human-in-the-loop\nrefunds over $100 need the support lead\n")
    assert result.exit_code == 0, result.output
    assert 'Who approves "refunds"' in result.stderr
    profile = json.loads(result.stdout)["profile"]
    assert profile["description"] == prompt
    [threshold] = profile["thresholds"]
    assert (threshold["amount"], threshold["below"], threshold["above"], threshold["approver"]) == (
        "$100", "auto", "human", "the support lead")
