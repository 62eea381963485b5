"""Every check proves itself, whatever it reads (Python, agent config, Markdown): its POSITIVE
examples produce one of its facts (at the pinned line, with the pinned message), its NEGATIVE
ones produce none of them.

One test case per example, generated from the checks' own class attributes (as Fixit does).
"""

from __future__ import annotations

import pytest

from analyzer.facts.check import Example, facts_written
from analyzer.facts.extract import all_checks

CHECKS = all_checks()


def _cases(which: str):
    for check in CHECKS:
        for index, example in enumerate(check.examples(which)):
            yield pytest.param(check, example, id=f"{check.id}-{which.lower()}-{index}")


def _facts(check, example: Example):
    facts = check.facts_for(example)
    assert facts.skipped is None, f"example does not parse: {facts.skipped}"
    return facts_written(facts)


def _show(facts) -> list[str]:
    return [f"{f.key}@{f.line}: {f.message}" if f.line else f.key for f in facts]


@pytest.mark.parametrize(("check", "example"), list(_cases("POSITIVE")))
def test_positive_example_produces_the_fact(check, example):
    facts = _facts(check, example)
    wanted = [example.expect] if example.expect else list(check.emits)
    found = [f for f in facts if f.key in wanted]
    assert found, f"{check.id}: expected one of {wanted}, got {_show(facts)}"
    if example.strength:
        assert any(f.strength == example.strength for f in found), \
            f"{check.id}: expected {example.strength} evidence, got {_show(found)}"
    if example.line is not None:
        found = [f for f in found if f.line == example.line]
        assert found, f"{check.id}: expected it at line {example.line}, got {_show(facts)}"
    if example.message is not None:
        assert any(f.message == example.message for f in found), \
            f"{check.id}: expected the message {example.message!r}, got {_show(found)}"


@pytest.mark.parametrize(("check", "example"), list(_cases("NEGATIVE")))
def test_negative_example_produces_nothing_the_check_emits(check, example):
    facts = _facts(check, example)
    unwanted = [example.expect] if example.expect else list(check.emits)
    assert not [f for f in facts if f.key in unwanted], f"{check.id}: should not produce {unwanted}, got {_show(facts)}"


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_every_check_carries_both_kinds_of_example_and_pins_one(check):
    assert check.POSITIVE, f"{check.id} has no POSITIVE examples"
    assert check.NEGATIVE, f"{check.id} has no NEGATIVE examples"
    assert vars(check).get("__doc__"), f"{check.id} has no docstring saying what it looks for"
    if all(key.startswith("signal:") for key in check.emits):
        return  # a project-level signal has no line and no message to pin
    assert any(e.line is not None and e.message is not None for e in check.examples("POSITIVE")), \
        f"{check.id}: no POSITIVE example pins the line and message it must produce"


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_examples_only_expect_what_their_check_emits_and_pin_only_positives(check):
    for example in check.examples("POSITIVE") + check.examples("NEGATIVE"):
        assert example.expect is None or example.expect in check.emits, \
            f"{check.id}: example expects {example.expect}, not in emits"
    assert all(e.line is None and e.message is None for e in check.examples("NEGATIVE")), \
        f"{check.id}: a NEGATIVE example produces nothing, so it cannot pin a line or message"


def test_every_kind_of_check_is_collected():
    assert {c.kind for c in CHECKS} == {"python", "config", "markdown"}
    assert len({c.id for c in CHECKS}) == len(CHECKS)
