"""Design mode: a description of an agent -> a profile -> a phased harness plan -> a scaffold.

    profile.py   description (and stated answers) -> Profile, every value with its reason
    policy.py    Profile -> when each primitive is worth building, and why
    select.py    Profile + rubric -> plan dict (phases, deferred, pushback)
    render.py    plan dict -> JSON | Markdown (templates/design/)
    scaffold.py  plan dict -> a runnable single-agent harness (templates/scaffold/)
"""

from __future__ import annotations

from typing import Any

from analyzer.design.profile import Overrides, Profile, derive_profile
from analyzer.design.select import SCHEMA_VERSION, build_plan
from analyzer.rubric import Rubric

__all__ = ["SCHEMA_VERSION", "Overrides", "Profile", "build_plan", "derive_profile", "design"]


def design(rubric: Rubric, description: str, *, source: str = "prompt",
           overrides: Overrides | None = None) -> dict[str, Any]:
    """The plan for one description, as plain data."""
    return build_plan(rubric, derive_profile(description, source=source, overrides=overrides))
