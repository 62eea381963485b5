"""A short fuzz run per reader (a few seconds in CI); bench/fuzz_hostile.py runs the same targets for longer."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.hostile.fuzz_targets import TARGETS

pytest.importorskip("hypothesmith")

SHORT = settings(max_examples=15, deadline=None, derandomize=True, database=None,
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_reader_never_crashes_on_generated_input(name):
    strategy, target = TARGETS[name]

    @settings(SHORT, max_examples=6 if name == "python" else 15)  # hypothesmith is slow to generate
    @given(strategy())
    def run(text):
        with tempfile.TemporaryDirectory() as folder:
            assert target(Path(folder), text) in ("read", "skipped", "refused")

    run()
