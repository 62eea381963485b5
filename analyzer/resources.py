"""Where the rubric and the templates live, installed or run from a checkout."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `name` ("rubrics" or "templates").

    A wheel carries them inside the package as `analyzer/_data/<name>`; a checkout or an
    editable install keeps them at the repository root, beside the package.
    """
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"harness-audit data folder {name!r} not found next to {_PACKAGE}")


def skill_source() -> Path:
    """The folder holding the agent skill (`SKILL.md`, `references/`, `agents/`).

    A wheel carries it as `analyzer/_data/skill`; in a checkout it is the repository root.
    """
    for candidate in (_PACKAGE / "_data" / "skill", _PACKAGE.parent):
        if (candidate / "SKILL.md").is_file():
            return candidate
    raise FileNotFoundError(f"harness-audit skill (SKILL.md) not found next to {_PACKAGE}")
