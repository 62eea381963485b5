"""Writes: atomic, never through a symbolic link, never over the user's own file without --force."""

from __future__ import annotations

import os

import pytest

from analyzer.safe_write import WriteError, write_file, write_into_folder
from tests.hostile.conftest import harness_audit

pytestmark = pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")


def emit(folder, target, *extra):
    return harness_audit("audit", folder, "--fail-on", "none", "--emit-tests", target, *extra)


def test_emit_tests_where_a_target_name_is_a_folder_writes_nothing(project, tmp_path):
    out = tmp_path / "tests_out"
    (out / "test_harness_p1_tool_registry.py").mkdir(parents=True)
    run = emit(project(), out)
    assert run.code == 2
    assert run.stderr.strip().endswith(f"{out / 'test_harness_p1_tool_registry.py'} is a folder")
    assert os.listdir(out) == ["test_harness_p1_tool_registry.py"]


def test_emit_tests_never_writes_through_a_symlink(project, tmp_path):
    out, outside = tmp_path / "tests_out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "test_harness_p5_token_budget.py").symlink_to(outside / "stolen.py")
    run = emit(project(), out, "--force")  # not even with --force
    assert run.code == 2 and "is a symbolic link" in run.stderr
    assert os.listdir(outside) == []


def test_emit_tests_keeps_the_users_own_test_without_force(project, tmp_path):
    out = tmp_path / "tests_out"
    out.mkdir()
    mine = out / "test_harness_p5_token_budget.py"
    mine.write_text("def test_mine():\n    assert True\n", encoding="utf-8")
    run = emit(project(), out)
    assert run.code == 2 and "was not written by harness-audit (use --force" in run.stderr
    assert mine.read_text(encoding="utf-8").startswith("def test_mine")
    assert os.listdir(out) == [mine.name]
    again = emit(project(), out, "--force")
    assert again.code == 0 and "Suggested by harness-audit" in mine.read_text(encoding="utf-8")
    third = emit(project(), out)  # its own earlier output is replaced without --force
    assert third.code == 0, third.stderr


def test_scaffold_force_never_follows_a_symlinked_subfolder(tmp_path):
    bot, outside = tmp_path / "bot", tmp_path / "outside"
    bot.mkdir()
    outside.mkdir()
    (bot / "harness").symlink_to(outside, target_is_directory=True)
    run = harness_audit("scaffold", bot, "--prompt", "A support bot that looks up orders", "--force")
    assert run.code == 2 and f"{bot / 'harness'} is a symbolic link" in run.stderr
    assert os.listdir(outside) == [] and sorted(os.listdir(bot)) == ["harness"]


def test_output_refuses_to_overwrite_an_audited_input(project):
    folder = project()
    run = harness_audit("audit", folder, "--format", "json", "-o", folder / "agent.py")
    assert run.code == 2 and "one of the audited inputs" in run.stderr
    assert (folder / "agent.py").read_text(encoding="utf-8").startswith("import anthropic")


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")
    with pytest.raises(AttributeError):
        write_file(target, None)  # type: ignore[arg-type]  - fails after the temporary file exists
    assert target.read_text(encoding="utf-8") == "previous"
    assert os.listdir(tmp_path) == ["report.json"]


def test_write_file_replaces_a_symlink_not_its_target(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(elsewhere)
    write_file(link, "report")
    assert elsewhere.read_text(encoding="utf-8") == "keep"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "report"


def test_folder_write_checks_everything_before_the_first_write(tmp_path):
    (tmp_path / "b.txt").mkdir()
    with pytest.raises(WriteError, match="b.txt is a folder"):
        write_into_folder(tmp_path, {"a.txt": "a", "b.txt": "b", "../c.txt": "c"})
    assert sorted(os.listdir(tmp_path)) == ["b.txt"]


def test_skill_install_over_a_symlink_is_refused(tmp_path):
    skills, outside = tmp_path / "skills", tmp_path / "outside"
    skills.mkdir()
    outside.mkdir()
    (skills / "harness-audit").symlink_to(outside, target_is_directory=True)
    run = harness_audit("skill", "install", "--target", "claude", "--dest", skills)
    assert run.code == 2 and "is a symbolic link" in run.stderr
    assert os.listdir(outside) == []


def test_skill_install_replaces_its_previous_copy_in_one_swap(tmp_path):
    skills = tmp_path / "skills"
    first = harness_audit("skill", "install", "--target", "claude", "--dest", skills)
    second = harness_audit("skill", "install", "--target", "claude", "--dest", skills)
    assert first.code == 0 and second.code == 0, second.stderr
    assert os.listdir(skills) == ["harness-audit"]  # no staging or old copy left beside it
    assert (skills / "harness-audit" / "SKILL.md").is_file()
