"""Check the skill and every plugin manifest: `harness-audit skill check`."""

from __future__ import annotations

from pathlib import Path

from analyzer.skill import SKILL_NAME
from analyzer.skill.plugin_format import (
    check_claude_marketplace,
    check_claude_plugin,
    check_codex_marketplace,
    check_codex_plugin,
)
from analyzer.skill.skill_format import SPEC_FIELDS, Problem, Problems, check_skill, split_frontmatter

__all__ = ["SPEC_FIELDS", "Problem", "check_tree", "split_frontmatter"]


def check_tree(root: Path, skill_name: str | None = None) -> list[Problem]:
    """Validate whatever `root` holds: a repository with the marketplaces, or one skill folder.

    A skill's name must equal its folder's, except at a repository root or where the caller
    says which name to expect (the copy shipped inside the package)."""
    out = Problems(root)
    claude_market = root / ".claude-plugin" / "marketplace.json"
    codex_market = root / ".agents" / "plugins" / "marketplace.json"
    is_repository = claude_market.exists() or codex_market.exists()
    if (root / "SKILL.md").exists():
        check_skill(root, out, expected_name=skill_name or (SKILL_NAME if is_repository else None))
    if claude_market.exists():
        check_claude_marketplace(root, out)
    if codex_market.exists():
        check_codex_marketplace(root, out)
    if (root / ".claude-plugin" / "plugin.json").exists():
        check_claude_plugin(root, out)
    if (root / ".codex-plugin" / "plugin.json").exists():
        check_codex_plugin(root, out)
    if not (root / "SKILL.md").exists() and not is_repository and not out.problems:
        if not any((root / d).exists() for d in (".claude-plugin", ".codex-plugin")):
            out.add(root, "no SKILL.md, plugin or marketplace manifest here")
    return list(dict.fromkeys(out.problems))
