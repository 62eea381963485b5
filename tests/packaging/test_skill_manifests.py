"""SKILL.md and every manifest against the formats in shared/research/skill-and-ci-formats.md.

The first tests read the files directly; the last ones break a copy on purpose and check that
`harness-audit skill check` names the problem, so the checker cannot pass everything.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from analyzer import __version__
from analyzer.skill.validate import SPEC_FIELDS, check_tree, split_frontmatter
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
NAME = "harness-audit"


def frontmatter(path: Path) -> tuple[dict, str]:
    meta, body, error = split_frontmatter(path.read_text(encoding="utf-8"))
    assert meta is not None, f"{path}: {error}"
    return meta, body


def test_the_repository_passes_every_check():
    assert [str(p) for p in check_tree(ROOT)] == []
    result = run_cli("skill", "check", str(ROOT))
    assert result.exit_code == 0, result.output


def test_skill_frontmatter_has_only_the_six_spec_fields():
    meta, body = frontmatter(ROOT / "SKILL.md")
    assert set(meta) <= SPEC_FIELDS == {"name", "description", "license", "compatibility", "metadata",
                                        "allowed-tools"}
    assert meta["name"] == NAME and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", NAME) and len(NAME) <= 64
    description = meta["description"]
    assert 1 <= len(description) <= 1024 and "<" not in description and ">" not in description
    # What and when, including the symptoms of harness gaps.
    for words in ("audit", "design", "Use when", "without permission", "crash", "cost", "context"):
        assert words in description, words
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in meta["metadata"].items())
    assert meta["metadata"]["version"] == __version__


def test_skill_body_is_short_and_links_one_level_deep():
    _, body = frontmatter(ROOT / "SKILL.md")
    assert body.count("\n") < 500
    links = [t for t in re.findall(r"\]\(([^)\s]+)\)", body) if not t.startswith(("#", "http"))]
    assert {"references/rubric.md", "references/rules.md", "references/output-contract.md",
            "references/examples.md"} <= set(links)
    for target in links:
        assert not target.startswith(("/", "..")) and target.count("/") <= 1, target
        assert (ROOT / target).is_file(), target
    for claude_only in ("$ARGUMENTS", "${CLAUDE_", "!`"):
        assert claude_only not in body


def test_skill_body_covers_the_three_modes_and_a_missing_cli():
    _, body = frontmatter(ROOT / "SKILL.md")
    for needed in ("harness-audit audit PATH --format json", 'harness-audit design "PROMPT" --format json',
                   "## Evaluation", "## Design", "## Design + evaluation", "## Without the CLI",
                   "pipx install git+https://", "uvx --from git+https://", "pip install --user git+https://"):
        assert needed in body, needed


def test_openai_yaml_has_interface_and_policy():
    data = yaml.safe_load((ROOT / "agents" / "openai.yaml").read_text(encoding="utf-8"))
    interface = data["interface"]
    assert 1 <= len(interface["display_name"]) <= 64
    assert 25 <= len(interface["short_description"]) <= 64
    assert f"${NAME}" in interface["default_prompt"]
    assert isinstance(data["policy"]["allow_implicit_invocation"], bool)


def _json(path: str) -> dict:
    return json.loads((ROOT / path).read_text(encoding="utf-8"))


def test_claude_plugin_and_marketplace_agree():
    plugin = _json("claude/.claude-plugin/plugin.json")
    market = _json(".claude-plugin/marketplace.json")
    assert plugin["name"] == NAME and plugin["version"] == __version__
    assert market["name"] not in {"claude-plugins-official", "anthropic-agent-skills", "agent-skills"}
    assert market["owner"]["name"]
    [entry] = market["plugins"]
    assert entry["name"] == NAME and entry["version"] == __version__
    assert (ROOT / entry["source"] / ".claude-plugin" / "plugin.json").is_file()
    assert sorted(p.name for p in (ROOT / "claude" / ".claude-plugin").iterdir()) == ["plugin.json"]
    assert (ROOT / "claude" / "skills" / NAME / "SKILL.md").is_file()
    assert {p.stem for p in (ROOT / "claude" / "commands").glob("*.md")} == {"audit", "design"}


def test_codex_plugin_and_marketplace_agree():
    plugin = _json("codex/.codex-plugin/plugin.json")
    market = _json(".agents/plugins/marketplace.json")
    assert plugin["name"] == NAME and plugin["version"] == __version__
    assert plugin["skills"] == "./skills/" and (ROOT / "codex" / "skills" / NAME / "SKILL.md").is_file()
    assert (ROOT / "codex" / "skills" / NAME / "agents" / "openai.yaml").is_file()
    prompts = plugin["interface"]["defaultPrompt"]
    assert len(prompts) <= 3 and all(len(p) <= 128 for p in prompts)
    assert market["interface"]["displayName"]
    [entry] = market["plugins"]
    assert entry["name"] == NAME and entry["source"] == {"source": "local", "path": "./codex"}
    assert entry["policy"]["installation"] in {"NOT_AVAILABLE", "AVAILABLE", "INSTALLED_BY_DEFAULT"}
    assert entry["policy"]["authentication"] in {"ON_INSTALL", "ON_USE"}


def test_auditor_subagent_can_only_read_and_run_the_cli():
    meta, body = frontmatter(ROOT / "claude" / "agents" / "harness-auditor.md")
    assert meta["name"] == "harness-auditor" and meta["description"]
    assert {t.strip() for t in meta["tools"].split(",")} == {"Read", "Grep", "Glob", "Bash"}
    assert {"Write", "Edit", "NotebookEdit"} <= {t.strip() for t in meta["disallowedTools"].split(",")}
    assert meta["skills"] == [NAME]
    # Bash is narrowed by the plugin's hook (a Bash(...) entry in `tools` would not narrow it).
    hooks = _json("claude/hooks/hooks.json")["hooks"]["PreToolUse"]
    assert any(group["matcher"] == "Bash" and "auditor_guard.py" in h["command"]
               for group in hooks for h in group["hooks"])


def test_slash_commands_use_the_skill_and_limit_tools():
    for name, verb in (("audit", "harness-audit audit"), ("design", "harness-audit design")):
        meta, body = frontmatter(ROOT / "claude" / "commands" / f"{name}.md")
        assert meta["description"] and "$ARGUMENTS" in body and verb in body
        assert "harness-audit skill" in body
        assert "Write" not in meta["allowed-tools"] and "Edit" not in meta["allowed-tools"]


def _set_frontmatter(path: Path, **changes) -> None:
    meta, body, _ = split_frontmatter(path.read_text(encoding="utf-8"))
    meta.update(changes)
    path.write_text("---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n" + body, encoding="utf-8")


def _edit_json(path: Path, change) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


BREAKAGES = {
    "extra frontmatter key": (lambda r: _set_frontmatter(r / "SKILL.md", author="me"), "'author' is not one of the six"),
    "upper-case name": (lambda r: _set_frontmatter(r / "SKILL.md", name="Harness-Audit"), "lowercase"),
    "name differs from folder": (lambda r: _set_frontmatter(r / "codex/skills/harness-audit/SKILL.md", name="other"),
                                 "must equal its folder name"),
    "description too long": (lambda r: _set_frontmatter(r / "SKILL.md", description="x" * 1025), "1-1024"),
    "angle bracket in description": (lambda r: _set_frontmatter(r / "SKILL.md", description="a <tag>"), "'<'"),
    "number in metadata": (lambda r: _set_frontmatter(r / "SKILL.md", metadata={"version": 1}), "strings to strings"),
    "missing reference": (lambda r: (r / "references" / "rules.md").unlink(), "missing file"),
    "deep link": (lambda r: (r / "SKILL.md").write_text((r / "SKILL.md").read_text() + "\n[x](references/a/b.md)\n"),
                  "more than one level deep"),
    "claude-only substitution": (lambda r: (r / "SKILL.md").write_text((r / "SKILL.md").read_text() + "\n$ARGUMENTS\n"),
                                 "Claude Code only"),
    "long body": (lambda r: (r / "SKILL.md").write_text((r / "SKILL.md").read_text() + "line\n" * 500), "under 500"),
    "unknown plugin.json key": (lambda r: _edit_json(r / "claude/.claude-plugin/plugin.json",
                                                     lambda d: d.update(skill="./x")), "unknown key 'skill'"),
    "reserved marketplace name": (lambda r: _edit_json(r / ".claude-plugin/marketplace.json",
                                                       lambda d: d.update(name="agent-skills")), "not reserved"),
    "marketplace source missing": (lambda r: _edit_json(r / ".claude-plugin/marketplace.json",
                                                        lambda d: d["plugins"][0].update(source="./nowhere")),
                                   "does not exist"),
    "versions disagree": (lambda r: _edit_json(r / ".claude-plugin/marketplace.json",
                                               lambda d: d["plugins"][0].update(version="9.9.9")), "differs"),
    "bad hook type": (lambda r: _edit_json(r / "claude/hooks/hooks.json",
                                           lambda d: d["hooks"]["PreToolUse"][0]["hooks"][0].update(type="shell")),
                      "hook type 'shell'"),
    "agent without description": (lambda r: _set_frontmatter(r / "claude/agents/harness-auditor.md", description=""),
                                  "description is missing"),
    "agent hooks ignored in plugins": (lambda r: _set_frontmatter(r / "claude/agents/harness-auditor.md", hooks={}),
                                       "ignored in a plugin"),
    "too many codex prompts": (lambda r: _edit_json(r / "codex/.codex-plugin/plugin.json",
                                                    lambda d: d["interface"].update(defaultPrompt=["a"] * 4)),
                               "at most 3"),
    "codex source not local": (lambda r: _edit_json(r / ".agents/plugins/marketplace.json",
                                                    lambda d: d["plugins"][0].update(source="./codex")), "'local'"),
    "codex policy": (lambda r: _edit_json(r / ".agents/plugins/marketplace.json",
                                          lambda d: d["plugins"][0]["policy"].update(installation="YES")),
                     "policy.installation"),
    "default prompt without $name": (lambda r: (r / "agents/openai.yaml").write_text(
        (r / "agents/openai.yaml").read_text().replace("$harness-audit", "the skill")), "$harness-audit"),
    "broken JSON": (lambda r: (r / "codex/.codex-plugin/plugin.json").write_text("{"), "not valid JSON"),
}


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_check_names_what_is_broken(packaging_copy: Path, breakage: str):
    assert check_tree(packaging_copy) == []
    break_it, expected = BREAKAGES[breakage]
    break_it(packaging_copy)
    problems = [str(p) for p in check_tree(packaging_copy)]
    assert any(expected in p for p in problems), problems
    result = run_cli("skill", "check", str(packaging_copy))
    assert result.exit_code == 1 and expected in result.output
