"""Hostile files the user names (config, baseline, rubric, answers, plan): exit 2 naming the file."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.hostile.conftest import ROOT, harness_audit


def refused(run, *fragments: str) -> None:
    assert run.code == 2, (run.code, run.stderr)
    line = run.stderr.strip().splitlines()[-1]
    for fragment in fragments:
        assert fragment in line, line


def test_toml_nested_6000_deep_in_the_config(project):
    folder = project({".harness-audit.toml": "x = " + "[" * 6000 + "]" * 6000 + "\n"})
    refused(harness_audit("audit", folder), f"{folder / '.harness-audit.toml'}:1: configuration is nested too deeply")


def test_json_nested_6000_deep_in_a_baseline(project, tmp_path):
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[" * 6000 + "]" * 6000, encoding="utf-8")
    refused(harness_audit("audit", project(), "--baseline", baseline), f"{baseline}:1: baseline is nested too deeply")


def test_twenty_thousand_nested_brackets_in_design_answers(tmp_path):
    answers = tmp_path / "answers.yaml"
    answers.write_text("does: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    refused(harness_audit("design", "--from", answers), str(answers))


def test_five_megabyte_design_answers_take_linear_time(tmp_path):
    words = "a support bot that looks up orders and issues refunds for customers, never deletes accounts. "
    answers = tmp_path / "answers.yaml"
    answers.write_text('does: "' + words * (1_000_000 // len(words)) + '"\n', encoding="utf-8")
    run = harness_audit("design", "--from", answers, "--format", "json")
    assert run.code == 0, run.stderr
    assert json.loads(run.stdout)["profile"]
    assert run.seconds < 80  # 1 MB; 5 MB is ~5x this (bench/fuzz_hostile.py --large)


@pytest.mark.parametrize("name, content, message", [
    (".harness-audit.toml", b'fail-on = "\xff"\n', "configuration is not UTF-8"),
    ("rubric.yaml", b"x: 1\ny: \xff\n", "rubric file is not UTF-8"),
    ("baseline.json", b'{"x":\n "\xff"}', "baseline is not UTF-8"),
])
def test_non_utf8_inputs_name_the_file_and_line(project, tmp_path, name, content, message):
    folder = project({name: content} if name.startswith(".") else None)
    path = folder / name if name.startswith(".") else tmp_path / name
    path.write_bytes(content)
    extra = {"rubric.yaml": ["--rubric", path], "baseline.json": ["--baseline", path]}.get(name, [])
    line = content.count(b"\n", 0, content.index(b"\xff")) + 1
    refused(harness_audit("audit", folder, *extra), f"{path}:{line}: {message}")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_as_config_is_refused_without_opening_it(project, tmp_path):
    fifo = tmp_path / "settings.toml"
    os.mkfifo(fifo)
    refused(harness_audit("audit", project(), "--config", fifo, seconds=60),
            f"{fifo}:1: configuration is not a regular file")


def test_empty_rubric_folder_is_an_error(project, tmp_path):
    (tmp_path / "rubric").mkdir()
    refused(harness_audit("audit", project(), "--rubric", tmp_path / "rubric"),
            f"{tmp_path / 'rubric'}:1: rubric folder holds no *.yaml or *.yml file")


@pytest.fixture(scope="module")
def plan_text(tmp_path_factory):
    path = tmp_path_factory.mktemp("plan") / "plan.json"
    run = harness_audit("design", "A support bot that looks up orders and issues refunds up to $50",
                        "--format", "json", "-o", path)
    assert run.code == 0, run.stderr
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize("edit", [
    "truncated", "null-primitives", "null-phases", "null-assumptions", "profile-list", "phases-of-numbers",
    "primitive-without-id", "shape-number", "not-an-object", "nested-deep",
])
def test_corrupt_scaffold_plan_is_exit_2_naming_the_plan(plan_text, tmp_path, edit):
    plan = json.loads(plan_text)
    text = {
        "truncated": plan_text[: len(plan_text) // 2],
        "null-primitives": json.dumps({**plan, "primitives": None}),
        "null-phases": json.dumps({**plan, "phases": None}),
        "null-assumptions": json.dumps({**plan, "assumptions": None}),
        "profile-list": json.dumps({**plan, "profile": []}),
        "phases-of-numbers": json.dumps({**plan, "phases": [1, 2]}),
        "primitive-without-id": json.dumps({**plan, "primitives": [{"phase": 1}]}),
        "shape-number": json.dumps({**plan, "shape": 3}),
        "not-an-object": "[1, 2]",
        "nested-deep": "[" * 6000 + "]" * 6000,
    }[edit]
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    run = harness_audit("scaffold", tmp_path / "bot", "--from", path)
    if run.code == 0:  # an edit the templates do not read is harmless
        assert (tmp_path / "bot" / "scaffold.json").is_file()
        return
    refused(run, str(path))
    assert not (tmp_path / "bot").exists() or not any((tmp_path / "bot").iterdir())


def test_internal_error_is_exit_3_with_one_line_and_the_debug_hint(tmp_path):
    script = (
        "import sys\n"
        "from analyzer.cli import main\n"
        "from analyzer.internal_error import working_on\n"
        "@main.command('explode')\n"
        "def explode():\n"
        "    with working_on('agent.py'):\n"
        "        {}['missing']\n"
        "main(sys.argv[1:])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", script, "explode"], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 3
    assert done.stderr == ("harness-audit: internal error while processing agent.py: KeyError: 'missing' "
                           "(run with --debug for the traceback, and please report it)\n")
    debug = subprocess.run([sys.executable, "-c", script, "explode", "--debug"], capture_output=True, text=True,
                           env=env, timeout=60)
    assert debug.returncode == 3 and "Traceback (most recent call last)" in debug.stderr
