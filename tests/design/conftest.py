"""Fixtures for design-mode tests: the real rubric, plans built the way the CLI builds them."""

from __future__ import annotations

import pytest

from analyzer.design import design
from analyzer.rubric import load_rubric


@pytest.fixture(scope="session")
def rubric():
    return load_rubric()


@pytest.fixture(scope="session")
def plan_for(rubric):
    cache: dict[str, dict] = {}

    def build(prompt: str) -> dict:
        if prompt not in cache:
            cache[prompt] = design(rubric, prompt)
        return cache[prompt]
    return build
