"""The real Claude Code and Codex CLIs read our plugins and skill, offline, in a throwaway HOME.

The clients come from npm (`@anthropic-ai/claude-code`, `@openai/codex`, versions pinned in
`.ci/npm/package.json` and its lockfile). `.ci/run` installs them into `.ci/npm`; the tests
also find them on PATH, and install them into `.ci/npm` themselves when npm is there but they
are not. They are skipped, with the reason, only when
npm is missing or the npm install fails (no network); none of the commands used needs a
network or an account.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
NPM_PREFIX = ROOT / ".ci" / "npm"
PACKAGES = ("@anthropic-ai/claude-code", "@openai/codex")
PLUGIN = "harness-audit@harness-audit"  # plugin name @ marketplace name, the same for both clients
OFFLINE = {"DISABLE_TELEMETRY": "1", "DISABLE_AUTOUPDATER": "1", "DISABLE_ERROR_REPORTING": "1",
           "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC": "1", "NO_COLOR": "1"}


def _find(name: str) -> str | None:
    local = NPM_PREFIX / "node_modules" / ".bin" / name
    return str(local) if local.exists() else shutil.which(name)


@pytest.fixture(scope="module")
def clients() -> dict[str, str]:
    found = {name: _find(name) for name in ("claude", "codex")}
    if not all(found.values()):
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed, so the real Claude Code and Codex CLIs cannot be installed")
        install = subprocess.run([npm, "ci", "--prefix", str(NPM_PREFIX), "--no-audit", "--no-fund", "--loglevel=error"],
                                 capture_output=True, text=True, timeout=600)
        found = {name: _find(name) for name in ("claude", "codex")}
        if install.returncode != 0 or not all(found.values()):
            pytest.skip(f"npm could not install {' and '.join(PACKAGES)} (no network?): "
                        f"{install.stderr.strip()[-300:]}")
    return found  # type: ignore[return-value]


@pytest.fixture
def client_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CLAUDE_CONFIG_DIR", "CODEX_HOME")}
    return {**env, **OFFLINE, "HOME": str(home)}


def run(command: list[str], env: dict[str, str], cwd: Path, stdout_only: bool = False) -> str:
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=180)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{output}"
    return result.stdout if stdout_only else output


def test_claude_validates_the_plugin_and_the_marketplace_strictly(clients, client_env, home):
    for path in (ROOT / "claude", ROOT):
        output = run([clients["claude"], "plugin", "validate", "--strict", str(path)], client_env, home)
        assert "Validation passed" in output


def test_claude_installs_the_plugin_and_lists_its_skill_commands_and_agent(clients, client_env, home):
    claude = clients["claude"]
    run([claude, "plugin", "marketplace", "add", str(ROOT)], client_env, home)
    run([claude, "plugin", "install", PLUGIN], client_env, home)
    details = run([claude, "plugin", "details", PLUGIN], client_env, home)
    lines = {line.split()[0]: line for line in details.splitlines() if line.strip()}
    assert {"audit", "design", "harness-audit"} <= set(lines["Skills"].replace(",", " ").split()), details
    assert "harness-auditor" in lines["Agents"], details
    assert "PreToolUse" in lines["Hooks"], details
    [installed] = (home / ".claude" / "plugins" / "cache").glob("harness-audit/harness-audit/*/skills/harness-audit")
    assert (installed / "SKILL.md").read_bytes() == (ROOT / "SKILL.md").read_bytes()
    assert (installed.parent.parent / "hooks" / "auditor_guard.py").is_file()


def _prompt_skills(codex: str, env: dict[str, str], cwd: Path) -> str:
    """The skills section of the model-visible prompt Codex would send."""
    prompt = json.dumps(json.loads(run([codex, "debug", "prompt-input", "audit my agent"], env, cwd,
                                       stdout_only=True)))
    start = prompt.find("<skills_instructions>")
    assert start >= 0, "no skills section in the Codex prompt"
    return prompt[start:prompt.find("</skills_instructions>", start)].replace("\\n", "\n")


def test_codex_installs_the_plugin_and_shows_its_skill_to_the_model(clients, client_env, home):
    codex = clients["codex"]
    run([codex, "plugin", "marketplace", "add", str(ROOT)], client_env, home)
    run([codex, "plugin", "add", PLUGIN], client_env, home)
    assert "installed, enabled" in run([codex, "plugin", "list"], client_env, home)
    skills = _prompt_skills(codex, client_env, home)
    assert "- harness-audit:harness-audit: Audits the harness of an AI agent" in skills, skills
    assert f"{home}/.codex/plugins/cache/harness-audit" in skills, skills  # the skill root of the plugin
    [installed] = (home / ".codex" / "plugins" / "cache").glob("harness-audit/harness-audit/*/skills/harness-audit")
    assert "/skills/harness-audit/SKILL.md)" in skills, skills
    assert (installed / "SKILL.md").read_bytes() == (ROOT / "SKILL.md").read_bytes()
    assert (installed / "agents" / "openai.yaml").is_file()


def test_codex_reads_the_skill_our_install_command_wrote(clients, client_env, home, tmp_path):
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    assert run_cli("skill", "install", "--target", "codex", "--scope", "project", cwd=project).exit_code == 0
    skills = _prompt_skills(clients["codex"], client_env, project)
    assert "- harness-audit: Audits the harness of an AI agent" in skills, skills
    assert f"{project}/.agents/skills" in skills, skills

    assert run_cli("skill", "install", "--target", "codex").exit_code == 0  # user scope, in the throwaway HOME
    skills = _prompt_skills(clients["codex"], client_env, home)
    assert f"{home}/.agents/skills" in skills and "- harness-audit: Audits" in skills, skills
