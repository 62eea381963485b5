"""A release: the version and the repository are written once and stamped everywhere; the
distributions build and pass `twine check`; the changelog has an entry for the version."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from analyzer import __version__
from analyzer.release import STAMPS, identity, stamped_files, unmatched_stamps
from tests.packaging.conftest import ROOT

OLD_URL = "https://github.com/harness-audit/harness-audit"


def _copy_release_sources(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    for name in {s.path for s in STAMPS} | {"pyproject.toml", "analyzer/__init__.py"}:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, root / name)
    return root


def test_the_checkout_is_stamped_and_every_stamp_finds_its_place():
    assert unmatched_stamps(ROOT) == []
    for path, text in stamped_files(ROOT).items():
        assert path.read_text(encoding="utf-8") == text, f"{path}: run `harness-audit skill build`"
    assert identity(ROOT).version == __version__


def test_a_new_version_and_repository_reach_every_file_that_repeats_them(tmp_path):
    root = _copy_release_sources(tmp_path)
    pyproject = root / "pyproject.toml"
    pyproject.write_text(pyproject.read_text().replace(f'Repository = "{OLD_URL}"',
                                                       'Repository = "https://github.com/acme/agent-harness-audit"'))
    init = root / "analyzer" / "__init__.py"
    init.write_text(re.sub(r'__version__ = "[^"]+"', '__version__ = "2.3.4"', init.read_text()))
    stamped = stamped_files(root)
    assert {p.relative_to(root).as_posix() for p in stamped} == {s.path for s in STAMPS}
    for path, text in stamped.items():
        name = path.relative_to(root).as_posix()
        assert "harness-audit/harness-audit" not in text, name
        assert __version__ not in text or name == "analyzer/schemas/report.schema.json", name
        assert "acme/agent-harness-audit" in text or "2.3.4" in text, name
    readme = stamped[root / "README.md"]
    assert "rev: v2.3.4" in readme and "uses: acme/agent-harness-audit@v2 " in readme
    assert 'pip install "git+https://github.com/acme/agent-harness-audit"' in readme
    assert "uses: actions/checkout@v4" in readme  # other actions are left alone


def test_changelog_has_a_section_for_this_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## [Unreleased]" in changelog
    assert re.search(rf"^## \[{re.escape(__version__)}\] - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.MULTILINE)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is needed for a clean source tree")
def test_sdist_and_wheel_build_pass_twine_check_and_carry_the_release_identity(tmp_path):
    pytest.importorskip("build", reason="`build` is in the test extra")
    pytest.importorskip("twine", reason="`twine` is in the test extra")
    dist = tmp_path / "dist"
    built = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    [wheel] = dist.glob("*.whl")
    [sdist] = dist.glob("*.tar.gz")
    assert wheel.name == f"harness_audit-{__version__}-py3-none-any.whl"
    assert sdist.name == f"harness_audit-{__version__}.tar.gz"
    checked = subprocess.run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)],
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = archive.read(f"harness_audit-{__version__}.dist-info/METADATA").decode()
    assert f"Project-URL: Repository, {identity(ROOT).repository}" in metadata
    for data in ("analyzer/_data/rubrics/primitives.yaml", "analyzer/schemas/report.schema.json",
                 "analyzer/_data/skill/SKILL.md"):
        assert data in names, data
    assert any(n.startswith("analyzer/_data/templates/") for n in names)
    assert not any(n.startswith(("tests/", "bench/")) for n in names)
