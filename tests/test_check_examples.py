"""Every check proves itself: its POSITIVE snippets produce its facts, its NEGATIVE ones do not.

One test case per snippet, generated from the checks' own class attributes (as Fixit does).
"""

from __future__ import annotations

import textwrap

import pytest

from analyzer.facts.check import Example, fact_keys
from analyzer.facts.python import analyze_python, load_checks

CHECKS = load_checks()


def _examples(kind: str):
    for check in CHECKS:
        for index, example in enumerate(getattr(check, kind)):
            example = example if isinstance(example, Example) else Example(example)
            yield pytest.param(check, example, id=f"{check.id}-{kind.lower()}-{index}")


def _facts(check, example):
    facts = analyze_python(textwrap.dedent(example.code), example.path, [check])
    assert facts.skipped is None, f"example does not parse: {facts.skipped}"
    return fact_keys(facts)


@pytest.mark.parametrize(("check", "example"), list(_examples("POSITIVE")))
def test_positive_example_produces_the_fact(check, example):
    keys = _facts(check, example)
    wanted = [example.expect] if example.expect else list(check.emits)
    found = [key for key in wanted if key in keys]
    assert found, f"{check.id}: expected one of {wanted}, got {sorted(keys)}"
    if example.strength:
        assert example.strength in keys[found[0]], f"{check.id}: expected {example.strength} evidence, got {keys[found[0]]}"


@pytest.mark.parametrize(("check", "example"), list(_examples("NEGATIVE")))
def test_negative_example_produces_nothing_the_check_emits(check, example):
    keys = _facts(check, example)
    unwanted = [example.expect] if example.expect else list(check.emits)
    assert not [key for key in unwanted if key in keys], f"{check.id}: should not produce {unwanted}, got {sorted(keys)}"


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_every_check_carries_both_kinds_of_example(check):
    assert check.POSITIVE, f"{check.id} has no POSITIVE examples"
    assert check.NEGATIVE, f"{check.id} has no NEGATIVE examples"
    assert check.__doc__, f"{check.id} has no docstring saying what it looks for"


def test_examples_only_expect_what_their_check_emits():
    for check in CHECKS:
        for example in list(check.POSITIVE) + list(check.NEGATIVE):
            if isinstance(example, Example) and example.expect:
                assert example.expect in check.emits, f"{check.id}: example expects {example.expect}, not in emits"
