"""Copy the skill to where Claude Code or Codex reads skills.

| client | user scope | project scope |
|---|---|---|
| claude | `$CLAUDE_CONFIG_DIR/skills` or `~/.claude/skills` | `<project>/.claude/skills` |
| codex  | `~/.agents/skills`                               | `<project>/.agents/skills` |

The project is the nearest folder above the current one holding `.git` (Codex reads
`.agents/skills` from the project root down; Claude Code reads `.claude/skills` up to it),
else the current folder. `--dest DIR` names the skills folder itself; the skill always lands in
`<skills folder>/harness-audit/`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from analyzer.resources import skill_source
from analyzer.skill import SKILL_NAME
from analyzer.skill.build import CODEX_ONLY, skill_files

TARGETS = ("claude", "codex")
SCOPES = ("user", "project")


class InstallError(Exception):
    pass


def project_root(start: Path) -> Path:
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return start


def skills_dir(target: str, scope: str, cwd: Path | None = None) -> Path:
    if target not in TARGETS or scope not in SCOPES:
        raise InstallError(f"unknown target {target!r} or scope {scope!r}")
    if scope == "project":
        return project_root((cwd or Path.cwd()).resolve()) / (".claude" if target == "claude" else ".agents") / "skills"
    if target == "claude":
        return Path(os.environ.get("CLAUDE_CONFIG_DIR") or Path.home() / ".claude") / "skills"
    return Path.home() / ".agents" / "skills"


def install(target: str, scope: str = "user", dest: Path | None = None, cwd: Path | None = None,
            source: Path | None = None) -> tuple[Path, list[str]]:
    """Copy the skill; returns (the skill folder written, the files in it).

    An existing `harness-audit` folder is replaced only when it holds this skill (a SKILL.md
    named harness-audit), so a user's own folder of that name is never overwritten. The new
    copy is written into a temporary folder beside it and swapped in with renames, so a failed
    install leaves the previous one as it was; a symbolic link in the way is refused.
    """
    files = skill_files(source or skill_source())
    if "SKILL.md" not in files:
        raise InstallError(f"no SKILL.md in {source or skill_source()}")
    if target == "claude":  # agents/openai.yaml is Codex metadata
        files = {name: path for name, path in files.items() if not name.startswith(CODEX_ONLY)}
    folder = (dest.expanduser() if dest else skills_dir(target, scope, cwd)) / SKILL_NAME
    if folder.is_symlink():
        raise InstallError(f"{folder} is a symbolic link; harness-audit does not write through links")
    if folder.exists():
        current = folder / "SKILL.md"
        if current.is_symlink() or not current.is_file() \
                or f"name: {SKILL_NAME}\n" not in current.read_text(encoding="utf-8", errors="replace"):
            raise InstallError(f"{folder} exists and is not a harness-audit skill; move it away first")
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{SKILL_NAME}.new."))
    try:
        for name, path in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, staging / name)
        _swap_in(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder, sorted(files)


def _swap_in(staging: Path, folder: Path) -> None:
    """Replace `folder` by `staging` with renames; on failure the old folder is put back."""
    if not folder.exists():
        os.rename(staging, folder)
        return
    previous = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{SKILL_NAME}.old."))
    os.rmdir(previous)
    os.rename(folder, previous)
    try:
        os.rename(staging, folder)
    except OSError:
        os.rename(previous, folder)
        raise
    shutil.rmtree(previous, ignore_errors=True)
