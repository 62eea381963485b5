"""Shared helpers: run the real CLI in-process and read real files. No mocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from analyzer.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"


@pytest.fixture(autouse=True, scope="session")
def _private_facts_cache(tmp_path_factory):
    """The CLI caches facts in the user cache folder by default; tests keep theirs to themselves."""
    import os

    from analyzer.pipeline.cache import ENVIRONMENT_VARIABLE

    old = os.environ.get(ENVIRONMENT_VARIABLE)
    os.environ[ENVIRONMENT_VARIABLE] = str(tmp_path_factory.mktemp("facts-cache"))
    yield
    if old is None:
        os.environ.pop(ENVIRONMENT_VARIABLE, None)
    else:
        os.environ[ENVIRONMENT_VARIABLE] = old


def run_cli(*args: str, cwd: Path | None = None):
    """Invoke `harness-audit ARGS`; returns click's Result (exit_code, output)."""
    runner = CliRunner()
    if cwd is None:
        return runner.invoke(main, list(args), catch_exceptions=False)
    import os

    old = os.getcwd()
    os.chdir(cwd)
    try:
        return runner.invoke(main, list(args), catch_exceptions=False)
    finally:
        os.chdir(old)


def audit_json(path: Path, *extra: str) -> dict:
    result = run_cli("audit", str(path), "--format", "json", "--fail-on", "none", *extra)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def write_tree(tmp_path):
    """Write {relative path: text} under tmp_path and return the folder."""

    def write(files: dict[str, str], root: Path | None = None) -> Path:
        base = root or tmp_path
        for rel, text in files.items():
            path = base / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return base

    return write
