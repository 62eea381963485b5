"""Fixtures for the packaging tests: the repository's skill and manifests, and throwaway copies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Everything the skill and the plugins are made of, relative to the repository root.
PACKAGING = ("SKILL.md", "references", "agents", "claude", "codex", ".claude-plugin", ".agents")


@pytest.fixture
def packaging_copy(tmp_path: Path) -> Path:
    """A copy of the repository's skill, plugins and marketplaces, free to break."""
    root = tmp_path / "repo"
    root.mkdir()
    for name in PACKAGING:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    return root


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty HOME for the clients and for `skill install`."""
    folder = tmp_path / "home"
    folder.mkdir()
    monkeypatch.setenv("HOME", str(folder))
    monkeypatch.delenv("CLAUDE_CONFIG_DIR", raising=False)
    monkeypatch.delenv("CODEX_HOME", raising=False)
    return folder
