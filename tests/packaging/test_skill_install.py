"""`harness-audit skill install`: the files land where each client reads skills, in a throwaway
HOME or project, and a wheel carries everything the command needs."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analyzer.skill.validate import check_tree
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
SKILL = "harness-audit"
REFERENCES = {"rubric.md", "rules.md", "output-contract.md", "examples.md"}


def installed(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_claude_user_scope_lands_in_home_claude_skills(home: Path):
    result = run_cli("skill", "install", "--target", "claude")
    assert result.exit_code == 0, result.output
    folder = home / ".claude" / "skills" / SKILL
    assert installed(folder) == {"SKILL.md", *(f"references/{r}" for r in REFERENCES)}
    assert (folder / "SKILL.md").read_bytes() == (ROOT / "SKILL.md").read_bytes()
    assert check_tree(folder) == []


def test_codex_user_scope_lands_in_home_agents_skills_with_openai_yaml(home: Path):
    result = run_cli("skill", "install", "--target", "codex")
    assert result.exit_code == 0, result.output
    folder = home / ".agents" / "skills" / SKILL
    assert installed(folder) == {"SKILL.md", "agents/openai.yaml", *(f"references/{r}" for r in REFERENCES)}
    assert check_tree(folder) == []


def test_claude_config_dir_is_honoured(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CLAUDE_CONFIG_DIR", str(tmp_path / "claude-config"))
    assert run_cli("skill", "install", "--target", "claude").exit_code == 0
    assert (tmp_path / "claude-config" / "skills" / SKILL / "SKILL.md").is_file()
    assert not (home / ".claude").exists()


@pytest.mark.parametrize("target, folder", [("claude", ".claude"), ("codex", ".agents")])
def test_project_scope_lands_at_the_repository_root(home: Path, tmp_path: Path, target: str, folder: str):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    (project / "src" / "bot").mkdir(parents=True)
    result = run_cli("skill", "install", "--target", target, "--scope", "project", cwd=project / "src" / "bot")
    assert result.exit_code == 0, result.output
    assert (project / folder / "skills" / SKILL / "SKILL.md").is_file()
    assert not (home / folder).exists()


def test_dest_is_the_skills_folder(home: Path, tmp_path: Path):
    result = run_cli("skill", "install", "--target", "codex", "--dest", str(tmp_path / "my-skills"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "my-skills" / SKILL / "agents" / "openai.yaml").is_file()


def test_reinstall_replaces_the_skill_but_never_a_foreign_folder(home: Path):
    folder = home / ".agents" / "skills" / SKILL
    assert run_cli("skill", "install", "--target", "codex").exit_code == 0
    (folder / "references" / "old.md").write_text("from an older version", encoding="utf-8")
    assert run_cli("skill", "install", "--target", "codex").exit_code == 0
    assert not (folder / "references" / "old.md").exists()

    (folder / "SKILL.md").write_text("---\nname: something-else\n---\nmine\n", encoding="utf-8")
    result = run_cli("skill", "install", "--target", "codex")
    assert result.exit_code == 2 and "is not a harness-audit skill" in result.output
    assert (folder / "SKILL.md").read_text(encoding="utf-8").endswith("mine\n")


def test_wheel_ships_the_skill_and_install_works_from_it(tmp_path: Path, home: Path):
    """`skill install` from an installed wheel (no checkout beside it) finds SKILL.md in the package."""
    builders = pytest.importorskip("hatchling.builders.wheel", reason="hatchling is needed to build the wheel")
    [wheel] = [Path(p) for p in builders.WheelBuilder(str(ROOT)).build(directory=str(tmp_path / "dist"),
                                                                        versions=["standard"])]
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for name in ("SKILL.md", "agents/openai.yaml", *(f"references/{r}" for r in REFERENCES)):
        assert f"analyzer/_data/skill/{name}" in names, name
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "HOME": str(home)}
    result = subprocess.run([sys.executable, "-m", "analyzer", "skill", "install", "--target", "codex"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (home / ".agents" / "skills" / SKILL / "agents" / "openai.yaml").is_file()
    check = subprocess.run([sys.executable, "-m", "analyzer", "skill", "check"], cwd=tmp_path, env=env,
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0 and "_data/skill" in check.stdout, check.stdout + check.stderr
