"""Fixtures for the CI tests (helpers live in tests/ci/helpers.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ci.helpers import AGENT


@pytest.fixture
def agent_project(tmp_path: Path) -> Path:
    """A folder holding the naive agent as `opsbot/agent.py`."""
    root = tmp_path / "project"
    (root / "opsbot").mkdir(parents=True)
    (root / "opsbot" / "agent.py").write_text(AGENT, encoding="utf-8")
    return root
