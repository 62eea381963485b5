"""The budget stops Python work in flight (time and memory) and leaves no timer behind."""

from __future__ import annotations

import signal
import time

import pytest

from analyzer.budget import BudgetExceeded, FileBudget, screen_python, within_budget


def test_time_budget_interrupts_a_busy_loop_even_through_except_exception():
    started = time.monotonic()
    with pytest.raises(BudgetExceeded, match=r"over the per-file time budget \(0.3 s"):
        with within_budget(FileBudget(seconds=0.3)):
            while True:
                try:
                    sum(range(1000))
                except Exception:  # a check's own broad handler must not swallow the budget
                    pass
    assert time.monotonic() - started < 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_memory_budget_interrupts_growth():
    hoard = []
    with pytest.raises(BudgetExceeded, match=r"over the per-file memory budget \(32 MB"):
        with within_budget(FileBudget(seconds=60, megabytes=32)):
            while True:
                hoard.append(bytearray(1024 * 1024))
                time.sleep(0.001)
    hoard.clear()


def test_work_within_budget_is_untouched():
    with within_budget(FileBudget(seconds=5)):
        assert sum(range(10)) == 45
    assert signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.default_int_handler, None)


@pytest.mark.parametrize("source, reason", [
    ("x = 1\n", None),
    ("x = " + "(" * 250 + "1" + ")" * 250 + "\n", "too deeply nested to analyse (line 1: too many nested parentheses)"),
    ("x = " + " + ".join(["1"] * 20_000) + "\n", "too deeply nested to analyse (an expression or statement nests past CPython's own limit)"),
    ("match x:\n    case 1:\n        pass\n", None),  # newer syntax is libcst's to judge, not the screen's
    ("print 'py2'\n", None),  # a syntax error is reported by the parser with its line
])
def test_screen_names_only_resource_hazards(source, reason):
    assert screen_python(source, FileBudget()) == reason


def test_screen_turns_the_time_budget_into_a_token_ceiling():
    assert screen_python("x = [" + "1," * 4000 + "]\n", FileBudget(seconds=1)) == (
        "over the per-file time budget (1 s; --file-time-budget): about 8004 tokens, more than the parser "
        "gets through in the budget (7000)")
